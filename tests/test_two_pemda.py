"""Two pemda on one installation (issue #9 point 7): every page, export and API operation
without a path parameter — lists, searches, dashboards, downloads — is requested by the widest
roles of one pemda, with a search for a marker that only the other pemda's records carry, and no
answer may contain it: not in HTML or JSON, not inside an XLSX, not in a PDF's text.

(Routes with object ids are walked by tests/test_policy_table.py with the other pemda's objects.)
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from sehati.cases.tests.factories import submitted_report
from sehati.monitoring.services import tip_submit
from sehati.org.tests.factories import EmployeeFactory
from tests.test_policy_table import api_operations, url_names

MARKER = "Zzrahasialain"
PERSONAS = ("upg", "inspektur", "admin_pemda", "kepala_daerah", "operator_tpp")


def _other_pemda_records(world: Any) -> None:
    other_user = world.users["other_pemda_user"]
    employee = other_user.employee
    employee.name = f"{MARKER} Pegawai"
    employee.jabatan = f"Kepala {MARKER}"
    employee.save()
    EmployeeFactory(pemda=world.other_pemda, opd=world.other_opd, name=f"{MARKER} Dua")
    world.other_opd.name = f"Dinas {MARKER}"
    world.other_opd.save()
    submitted_report(
        other_user,
        giver_name=f"PT {MARKER}",
        description=f"Parsel dari {MARKER}",
        place=f"Kantor {MARKER}",
    )
    tip_submit(
        pemda=world.other_pemda,
        description=f"Pungutan di loket {MARKER}",
        location=f"Loket {MARKER}",
        today=dt.date(2026, 11, 24),
    )


def _text(response: Any) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.headers.get("Content-Type", "")
    if content[:2] == b"PK":  # XLSX (and any other zipped format): the XML inside
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    if "pdf" in kind:
        return " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)
    return content.decode("utf-8", "replace")


def test_no_answer_of_one_pemda_shows_the_other(world: Any) -> None:
    _other_pemda_records(world)
    pages = sorted(
        name
        for name, pattern in url_names()
        if not pattern.pattern.regex.groups
        and not name.startswith(("admin:", "api:"))
        and name not in ("account_logout", "set_language")
    )
    operations = [op for op in api_operations() if op.startswith("GET ") and "{" not in op]
    # The search term is a part of the marker, so that a page echoing the search does not
    # count: only a record of the other pemda can put the whole marker on the page.
    query = {"q": MARKER[2:].lower(), "tahun": "2026", "year": "2026"}
    answered = 0
    leaks = []
    for persona in PERSONAS:
        client = Client()
        client.force_login(world.users[persona])
        for name in pages:
            response = client.get(reverse(name), query)
            if response.status_code == 200:
                answered += 1
                if MARKER in _text(response):
                    leaks.append((persona, name))
        for op in operations:
            response = client.get(op.split(" ", 1)[1], query)
            if response.status_code == 200:
                answered += 1
                if MARKER in _text(response):
                    leaks.append((persona, op))
    assert leaks == []
    # The widest roles really saw the pages: most routes answered.
    assert answered > 200, answered
    # And the marker is findable where it belongs: the other pemda's own admin sees it.
    own = Client()
    own.force_login(world.users["other_pemda_user"])
    assert own.get(reverse("home")).status_code == 200
