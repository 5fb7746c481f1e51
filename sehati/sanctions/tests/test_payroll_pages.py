"""The operator TPP's payroll pages (issue #6 point 3): the months, one month's lines, the CSV
and XLSX downloads (the same bytes as `sehati tpp export`), marking a month processed, and a
processed month whose files never change after a later appeal."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from sehati.core.models import TimelineEvent
from sehati.org.tests.factories import EmployeeFactory
from sehati.sanctions.models import PayrollMonth, SanctionCase
from sehati.sanctions.services import (
    sanction_appeal_decide,
    sanction_case_open,
    sanction_decide,
)

pytestmark = pytest.mark.django_db
D = dt.date
APRIL_10 = dt.datetime(2026, 4, 10, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def decided(world: Any) -> SanctionCase:
    """A "proven not reported" decision of 16 March 2026 on a TPP of Rp4.000.000."""
    employee = EmployeeFactory(
        opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=4_000_000, name="Ahmad Uji"
    )
    case = sanction_case_open(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=employee,
        source=SanctionCase.Source.UP3_FINDING,
        description="Menerima uang dari pemohon layanan dan tidak melapor.",
    )
    return sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/12/INSP/2026",
        decided_on=D(2026, 3, 16),
        today=D(2026, 3, 16),
    )


@pytest.fixture(autouse=True)
def _april() -> Any:
    with time_machine.travel(APRIL_10, tick=False):
        yield


def client_of(world: Any, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def export(month: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("tpp", "export", "--month", month, *extra, stdout=out)
    return out.getvalue()


def test_months_list(world: Any, decided: SanctionCase, django_assert_max_num_queries: Any) -> None:
    client = client_of(world, "operator_tpp")
    with django_assert_max_num_queries(12):
        page = client.get("/tpp/").content.decode()
    assert "Rp2.000.000" in page
    assert 'href="/tpp/2026-03/"' in page
    assert 'href="/tpp/2026-04/"' in page  # the current month, even without lines
    assert "bulan ini" in page
    assert "Belum diproses" in page
    assert client.get("/tpp/?status=diproses").content.decode().count('href="/tpp/2026-') == 0
    # Inspektur reads it too; the UPG and a civil servant do not.
    assert client_of(world, "inspektur").get("/tpp/").status_code == 200
    assert client_of(world, "upg").get("/tpp/").status_code == 403
    assert client_of(world, "pelapor").get("/tpp/").status_code == 403


def test_nav_item_for_the_operator(world: Any) -> None:
    page = client_of(world, "operator_tpp").get("/").content.decode()
    assert 'href="/tpp/"' in page
    assert "Potongan TPP" in page


def test_month_page_lines_and_totals(world: Any, decided: SanctionCase) -> None:
    page = client_of(world, "operator_tpp").get("/tpp/2026-03/").content.decode()
    for text in (
        "Ahmad Uji",
        "Dinas Kesehatan",
        "Rp4.000.000",
        "50%",
        "Rp2.000.000",
        "700/12/INSP/2026",
        "17D",
        "Unduh CSV",
        "Unduh XLSX",
        "Tandai sudah diproses",
    ):
        assert text in page, text
    for column in ("nip", "name", "opd", "tpp_idr", "deduction_idr", "legal_basis", "kind"):
        assert f"<code>{column}</code>" in page
    # The inspektur sees the list but cannot mark it processed.
    assert (
        "Tandai sudah diproses"
        not in client_of(world, "inspektur").get("/tpp/2026-03/").content.decode()
    )


@pytest.mark.parametrize("period", ["2026-13", "2026-3", "maret", "1999-12", "2026-00"])
def test_bad_period_is_404(world: Any, period: str) -> None:
    client = client_of(world, "operator_tpp")
    for suffix in ("", "csv/", "xlsx/", "proses/"):
        assert client.get(f"/tpp/{period}/{suffix}").status_code == 404


def test_downloads_are_the_command_bytes(world: Any, decided: SanctionCase, tmp_path: Path) -> None:
    client = client_of(world, "operator_tpp")
    response = client.get("/tpp/2026-03/csv/")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "potongan-tpp-uji-2026-03.csv" in response["Content-Disposition"]
    assert response.content == export("2026-03").encode("utf-8")
    assert response.content.decode().splitlines()[0] == (
        "nip,name,opd,tpp_idr,percent,deduction_idr,decision_number,legal_basis,kind"
    )
    target = tmp_path / "maret.xlsx"
    export("2026-03", "--format", "xlsx", "--output", str(target))
    xlsx = client.get("/tpp/2026-03/xlsx/")
    assert xlsx.content == target.read_bytes()
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][3:6] == (4_000_000, 50, 2_000_000)  # integer cells
    assert all(isinstance(v, int) for v in rows[1][3:6])


def test_process_confirmation_then_mark(world: Any, decided: SanctionCase) -> None:
    client = client_of(world, "operator_tpp")
    confirm = client.get("/tpp/2026-03/proses/").content.decode()
    assert "tidak dapat dibatalkan" in confirm
    assert "Rp2.000.000" in confirm
    response = client.post("/tpp/2026-03/proses/", follow=True)
    page = response.content.decode()
    assert "ditandai sudah diproses" in page
    assert "Sudah diproses" in page
    assert "Tandai sudah diproses" not in page
    row = PayrollMonth.objects.get(pemda=world.pemda, month="2026-03")
    assert row.processed_by == world.users["operator_tpp"]
    assert TimelineEvent.objects.filter(type="payroll_month_processed").count() == 1
    again = client.post("/tpp/2026-03/proses/", follow=True).content.decode()
    assert "sudah ditandai diproses" in again
    assert PayrollMonth.objects.filter(month="2026-03").count() == 1
    # Only the operator TPP marks a month processed.
    assert client_of(world, "inspektur").post("/tpp/2026-04/proses/").status_code == 403


def test_future_month_cannot_be_processed(world: Any, decided: SanctionCase) -> None:
    client = client_of(world, "operator_tpp")
    assert "belum dimulai" in client.get("/tpp/2026-05/proses/").content.decode()
    page = client.post("/tpp/2026-05/proses/", follow=True).content.decode()
    assert "belum dimulai" in page
    assert not PayrollMonth.objects.exists()


def test_processed_month_files_never_change(world: Any, decided: SanctionCase) -> None:
    client = client_of(world, "operator_tpp")
    client.post("/tpp/2026-03/proses/")
    csv_before = client.get("/tpp/2026-03/csv/").content
    xlsx_before = client.get("/tpp/2026-03/xlsx/").content
    sanction_appeal_decide(
        case=decided, actor=world.users["inspektur"], outcome="cancelled", today=D(2026, 4, 10)
    )
    with time_machine.travel(APRIL_10 + dt.timedelta(hours=3), tick=False):
        assert client.get("/tpp/2026-03/csv/").content == csv_before
        assert client.get("/tpp/2026-03/xlsx/").content == xlsx_before
    april = client.get("/tpp/2026-04/").content.decode()
    assert "Koreksi" in april
    assert "mengoreksi 2026-03" in april
    assert "-Rp2.000.000" in april
    listing = client.get("/tpp/").content.decode()
    assert "Sudah diproses" in listing


def test_home_panel_shows_this_month(world: Any, decided: SanctionCase) -> None:
    sanction_decide(
        case=sanction_case_open(
            pemda=world.pemda,
            actor=world.users["inspektur"],
            employee=EmployeeFactory(
                opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=3_000_000
            ),
            source=SanctionCase.Source.MANUAL,
            description="Tidak melapor.",
        ),
        actor=world.users["inspektur"],
        decision=SanctionCase.Decision.NOT_REPORTED,
        decision_number="700/20/INSP/2026",
        decided_on=D(2026, 4, 2),
        today=D(2026, 4, 2),
    )
    page = client_of(world, "operator_tpp").get("/").content.decode()
    assert "baris potongan TPP 2026-04" in page
    assert "Rp1.500.000" in page
    assert 'href="/tpp/2026-04/"' in page


def test_other_pemda_sees_nothing(world: Any, decided: SanctionCase) -> None:
    from sehati.accounts.models import Role
    from sehati.accounts.tests.factories import grant

    stranger = world.users["other_pemda_user"]
    grant(stranger, Role.OPERATOR_TPP)
    client = Client()
    client.force_login(stranger)
    page = client.get("/tpp/2026-03/").content.decode()
    assert "Ahmad Uji" not in page
    assert "Tidak ada potongan TPP" in page
    assert b"Ahmad" not in client.get("/tpp/2026-03/csv/").content
