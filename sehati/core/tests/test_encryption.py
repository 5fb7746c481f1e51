"""Encryption at rest (issue #9 point 1): a reporter's identity fields, an employee's NIK and a
tipster's contact are ciphertext in the database (history rows too), plain text to the
application, bound to their field, unreadable with another key, rotated by `sehati field_keys`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from sehati.cases.tests.factories import submitted_report
from sehati.core.crypto import DecryptionError, KeyRing, decrypt, encrypt, key_id_of, key_ring
from sehati.monitoring.models import Tip
from sehati.monitoring.services import tip_submit
from sehati.reports.models import GiftReport

SECRETS = ("3201234567890123", "Jl. Rahasia Nomor 7", "0812-1111-2222", "wa 0813-9999-0000")


def _raw(sql: str, *params: Any) -> str:
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return " ".join(str(v) for row in cur.fetchall() for v in row)


def test_identity_and_contact_are_ciphertext_in_the_database(world: Any) -> None:
    report = submitted_report(
        world.users["pelapor"],
        confidential=True,
        reporter_nik=SECRETS[0],
        reporter_address=SECRETS[1],
        reporter_phone=SECRETS[2],
    )
    filed = tip_submit(
        pemda=world.pemda,
        description="Diminta uang di loket",
        today=dt.date(2026, 11, 24),
        contact=SECRETS[3],
    )
    employee = world.employees["budi"]
    employee.nik = SECRETS[0]
    employee.save()
    # The application reads plain text.
    fresh = GiftReport.objects.get(pk=report.pk)
    assert (fresh.reporter_nik, fresh.reporter_address, fresh.reporter_phone) == SECRETS[:3]
    assert Tip.objects.get(pk=filed.tip.pk).contact == SECRETS[3]
    assert type(employee).objects.get(pk=employee.pk).nik == SECRETS[0]
    # The database holds none of it, in the tables or their history.
    stored = " ".join(
        [
            _raw("SELECT * FROM reports_giftreport WHERE id = %s", report.pk),
            _raw("SELECT * FROM reports_historicalgiftreport WHERE id = %s", report.pk),
            _raw("SELECT * FROM monitoring_tip WHERE id = %s", filed.tip.pk),
            _raw("SELECT * FROM org_employee WHERE id = %s", employee.pk),
            _raw("SELECT * FROM org_historicalemployee WHERE id = %s", employee.pk),
        ]
    )
    for secret in SECRETS:
        assert secret not in stored
    assert stored.count("enc1:") >= 7
    nik = _raw("SELECT reporter_nik FROM reports_giftreport WHERE id = %s", report.pk)
    assert key_id_of(nik) == key_ring().current[0]
    # A value is bound to its field and to the key ring.
    with pytest.raises(DecryptionError):
        decrypt(nik, aad="reports.giftreport.reporter_phone")
    other = KeyRing(((key_ring().current[0], b"\x00" * 32),))
    with pytest.raises(DecryptionError):
        decrypt(nik, aad="reports.giftreport.reporter_nik", ring=other)
    assert decrypt(encrypt("x", aad="a", ring=other), aad="a", ring=other) == "x"


def test_rotation_rewrites_every_value_with_the_new_key(
    world: Any, settings: Any, tmp_path: Any
) -> None:
    settings.SEHATI_FIELD_KEYS = ""
    settings.SEHATI_FIELD_KEY_FILE = str(tmp_path / "field-keys")
    key_ring.cache_clear()
    try:
        report = submitted_report(world.users["pelapor"], reporter_phone=SECRETS[2])
        first = key_ring().current[0]
        out = StringIO()
        call_command("field_keys", "new", stdout=out)
        second = key_ring().current[0]
        assert second != first and (tmp_path / "field-keys").stat().st_mode & 0o777 == 0o600
        # Before re-encryption the old key still reads the old values.
        assert GiftReport.objects.get(pk=report.pk).reporter_phone == SECRETS[2]
        call_command("field_keys", "reencrypt", stdout=out)
        raw = _raw("SELECT reporter_phone FROM reports_giftreport WHERE id = %s", report.pk)
        assert key_id_of(raw) == second
        call_command("field_keys", "status", stdout=out)
        assert f"{second}: " in out.getvalue()
        assert GiftReport.objects.get(pk=report.pk).reporter_phone == SECRETS[2]
    finally:
        key_ring.cache_clear()
