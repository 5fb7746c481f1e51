"""The demo builds one closed and one open declaration period, idempotently."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sehati.accounts.models import User
from sehati.declarations.demo import demo_declarations_build
from sehati.declarations.models import Declaration, DeclarationPeriod
from sehati.org.demo import demo_build


@pytest.mark.django_db
def test_demo_periods(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    pemda = demo_build(employees=60, password="uji-Sehati-2025-demo").pemda
    closed = DeclarationPeriod.objects.get(pemda=pemda, status="closed")
    current = DeclarationPeriod.objects.get(pemda=pemda, status="open")
    assert closed.declarations.filter(answer="unreported").count() == 3
    assert current.declarations.exclude(answer="").exists()
    asn = User.objects.get(username="asn.demo")
    assert Declaration.objects.get(period=current, employee_id=asn.employee_id).answer == ""
    assert demo_declarations_build(pemda=pemda, today=current.starts_on) == 0
