"""The `sehati` console script: manage.py under a shorter name (`sehati migrate`, `sehati demo`)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else argv)
    args[0] = "sehati"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
