"""Write (default) or --check the committed OpenAPI snapshot tests/api/openapi.json."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from sehati.api.api import api  # noqa: E402

snapshot = Path(__file__).resolve().parent.parent / "tests" / "api" / "openapi.json"
current = (
    json.dumps(
        api.get_openapi_schema(path_prefix="/api/v1/"), indent=2, sort_keys=True, ensure_ascii=False
    )
    + "\n"
)
if "--check" in sys.argv:
    if not snapshot.exists() or snapshot.read_text() != current:
        print(
            "OpenAPI berubah: jalankan `.venv/bin/python scripts/openapi_snapshot.py` "
            "lalu commit tests/api/openapi.json",
            file=sys.stderr,
        )
        sys.exit(1)
else:
    snapshot.write_text(current)
    print(f"ditulis: {snapshot}")
