"""Sanction cases (issue #6 points 2, 4, 5): opening with gifts, examination steps only while
open, the deduction preview equal to what the decision books, appeals (one pending, again after
an outcome, a cancellation after a processed month becomes a correction), the PP 94/2021
discipline penalty, and the letters from editable templates."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from pypdf import PdfReader

from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import access_stored_file
from sehati.core.models import TimelineEvent
from sehati.core.tests.samples import PNG_BYTES
from sehati.org.tests.factories import EmployeeFactory
from sehati.rules.tpp import Month
from sehati.sanctions import appeals as app
from sehati.sanctions import examination as ex
from sehati.sanctions import letters
from sehati.sanctions.errors import SanctionError
from sehati.sanctions.models import SanctionAppeal, SanctionCase, SanctionStep, TppDeduction
from sehati.sanctions.services import payroll_month_process, sanction_decide

pytestmark = pytest.mark.django_db
D = dt.date
MARCH_16 = D(2026, 3, 16)


@pytest.fixture
def employee(world: Any) -> Any:
    return EmployeeFactory(
        opd=world.dinkes, pemda=world.pemda, tpp_monthly_idr=4_000_000, name="Ahmad Uji"
    )


def open_case(world: Any, employee: Any, **kw: Any) -> SanctionCase:
    return ex.sanction_case_open_with_gifts(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        employee=employee,
        source=kw.pop("source", SanctionCase.Source.MANUAL),
        description="Menerima uang dari pemohon layanan dan tidak melapor.",
        today=MARCH_16,
        **kw,
    )


def decide(world: Any, case: SanctionCase, day: dt.date = MARCH_16, **kw: Any) -> SanctionCase:
    return sanction_decide(
        case=case,
        actor=world.users["inspektur"],
        decision=kw.pop("decision", SanctionCase.Decision.NOT_REPORTED),
        decision_number="700/12/INSP/2026",
        decided_on=day,
        today=day,
    )


def events(case: SanctionCase) -> list[str]:
    return list(
        TimelineEvent.objects.filter(subject_id=case.pk, type__startswith="sanction")
        .order_by("id")
        .values_list("type", flat=True)
    )


def test_open_with_gifts_and_finding_writes_the_timeline(world: Any, employee: Any) -> None:
    from sehati.monitoring.models import Finding

    finding = Finding.objects.create(
        pemda=world.pemda,
        number="TMU/2026/0001",
        source="lainnya",
        category="pungli",
        severity="sedang",
        opd=world.dinkes,
        observed_on=D(2026, 3, 2),
        description="Diminta uang",
        sent_on=D(2026, 3, 2),
        followup_due=D(2026, 3, 20),
        employee=employee,
    )
    case = open_case(
        world,
        employee,
        source=SanctionCase.Source.UP3_FINDING,
        finding=finding,
        gifts=[
            ex.GiftData(description="Amplop", received_on=D(2026, 3, 2), value_idr=500_000),
            ex.GiftData(description="Parsel", giver="Rekanan", value_idr=750_000),
        ],
    )
    assert case.finding == finding
    assert [g.value_idr for g in case.gifts.order_by("id")] == [500_000, 750_000]
    assert events(case) == ["sanction_case_opened", "sanction_gift_added", "sanction_gift_added"]


def test_a_gift_report_must_be_the_employees_own(world: Any, employee: Any) -> None:
    with pytest.raises(ApplicationError) as exc:
        open_case(world, employee, gifts=[ex.GiftData(description="x", report_id=99_999)])
    assert exc.value.code == SanctionError.INVALID
    assert not SanctionCase.objects.exists()  # all or nothing
    with pytest.raises(ApplicationError):
        open_case(world, employee, gifts=[ex.GiftData(description="x", value_idr=-1)])
    with pytest.raises(ApplicationError):
        open_case(world, employee, gifts=[ex.GiftData(description=" ")])


def test_steps_validate_and_stop_once_decided(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    actor = world.users["inspektur"]
    with pytest.raises(ApplicationError):  # a summons needs a place, a purpose and a time
        ex.sanction_step_add(
            case=case,
            actor=actor,
            data=ex.StepData(kind="summons", occurred_on=D(2026, 3, 20)),
            today=MARCH_16,
        )
    summons = ex.sanction_step_add(
        case=case,
        actor=actor,
        data=ex.StepData(
            kind="summons",
            occurred_on=D(2026, 3, 20),  # a summons may be in the future
            at_time=dt.time(9, 30),
            place="Inspektorat",
            purpose="Klarifikasi",
            letter_number="700/1",
        ),
        today=MARCH_16,
    )
    assert summons.kind == SanctionStep.Kind.SUMMONS
    with pytest.raises(ApplicationError) as exc:  # minutes of a meeting not yet held
        ex.sanction_step_add(
            case=case,
            actor=actor,
            data=ex.StepData(kind="clarification", occurred_on=D(2026, 3, 20), text="notula"),
            today=MARCH_16,
        )
    assert exc.value.code == SanctionError.DATE_IN_FUTURE
    ex.sanction_step_add(
        case=case,
        actor=actor,
        data=ex.StepData(kind="clarification", occurred_on=MARCH_16, text="Mengakui menerima."),
        today=MARCH_16,
    )
    decide(world, case)
    with pytest.raises(ConflictError) as conflict:
        ex.sanction_step_add(
            case=case,
            actor=actor,
            data=ex.StepData(kind="note", occurred_on=MARCH_16, text="terlambat"),
            today=MARCH_16,
        )
    assert conflict.value.code == SanctionError.CASE_CLOSED
    assert "sanction_step_summons" in events(case)
    assert "sanction_step_clarification" in events(case)


def test_evidence_is_stored_on_a_step_and_only_wide_viewers_read_it(
    world: Any, employee: Any, private_media: Any
) -> None:
    case = open_case(world, employee)
    step = ex.sanction_evidence_add(
        case=case,
        actor=world.users["inspektur"],
        uploads=[SimpleUploadedFile("bukti.png", PNG_BYTES, "image/png")],
        note="Foto amplop",
        today=MARCH_16,
    )
    stored = ex.sanction_step_files(step)
    assert len(stored) == 1 and step.kind == SanctionStep.Kind.EVIDENCE
    assert access_stored_file(world.users["upg"], stored[0].public_id) == stored[0]
    employee_user = world.users["pelapor"]
    with pytest.raises(Http404):  # everyone else: the same 404 as a missing file
        access_stored_file(employee_user, stored[0].public_id)
    decide(world, case)
    with pytest.raises(ConflictError):
        ex.sanction_evidence_add(
            case=case,
            actor=world.users["inspektur"],
            uploads=[SimpleUploadedFile("bukti.png", PNG_BYTES, "image/png")],
            today=MARCH_16,
        )
    assert SanctionStep.objects.filter(case=case).count() == 1  # the refused step is not kept


def test_preview_is_what_the_decision_books(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    preview = ex.sanction_deduction_preview(case=case, decided_on=MARCH_16)
    assert (preview.rule.percent, preview.per_month_idr, preview.total_idr) == (
        50,
        2_000_000,
        2_000_000,
    )
    decide(world, case)
    rows = list(TppDeduction.objects.filter(case=case))
    assert [(r.month, r.deduction_idr) for r in rows] == [("2026-03", 2_000_000)]


def test_discipline_penalty_must_belong_to_its_tier(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    data = ex.DisciplineData(
        tier="ringan",
        penalty="potong_tukin_6",
        decision_number="800/1",
        decided_on=MARCH_16,
        decided_by="Sekda",
    )
    with pytest.raises(ApplicationError) as exc:
        ex.sanction_discipline_record(
            case=case, actor=world.users["inspektur"], data=data, today=MARCH_16
        )
    assert exc.value.code == SanctionError.PENALTY_TIER_MISMATCH
    row = ex.sanction_discipline_record(
        case=case,
        actor=world.users["inspektur"],
        data=ex.DisciplineData(**{**data.__dict__, "tier": "sedang"}),
        today=MARCH_16,
    )
    assert (row.tier, row.penalty) == ("sedang", "potong_tukin_6")
    ex.sanction_discipline_record(
        case=case,
        actor=world.users["inspektur"],
        data=ex.DisciplineData(**{**data.__dict__, "penalty": "teguran_tertulis"}),
        today=MARCH_16,
    )
    case.refresh_from_db()
    assert case.discipline.penalty == "teguran_tertulis"
    assert events(case)[-2:] == ["sanction_discipline_recorded", "sanction_discipline_updated"]


# --- appeals ---------------------------------------------------------------------------------


def own_case(world: Any) -> SanctionCase:
    """A case about the pelapor persona (budi), so that he may appeal himself."""
    budi = world.employees["budi"]
    budi.tpp_monthly_idr = 4_000_000
    budi.save()
    return open_case(world, budi)


def test_appeal_only_on_a_proven_not_reported_decision_one_at_a_time(world: Any) -> None:
    case = own_case(world)
    budi = world.users["pelapor"]
    with pytest.raises(ConflictError) as exc:
        app.sanction_appeal_file(case=case, actor=budi, grounds="Keberatan", today=MARCH_16)
    assert exc.value.code == SanctionError.APPEAL_NOT_ALLOWED
    decide(world, case)
    with pytest.raises(ApplicationError):  # someone else cannot appeal in his name
        app.sanction_appeal_file(
            case=case, actor=world.users["upg"], grounds="Keberatan", today=MARCH_16
        )
    appeal = app.sanction_appeal_file(case=case, actor=budi, grounds="Keberatan", today=MARCH_16)
    assert appeal.status == SanctionAppeal.Status.PENDING and not appeal.on_behalf
    with pytest.raises(ConflictError) as again:
        app.sanction_appeal_file(case=case, actor=budi, grounds="Lagi", today=MARCH_16)
    assert again.value.code == SanctionError.APPEAL_PENDING
    other = open_case(world, world.employees["colleague_dinkes"])
    decide(world, other, decision=SanctionCase.Decision.NOT_PROVEN)
    with pytest.raises(ConflictError):
        app.sanction_appeal_file(
            case=other,
            actor=world.users["inspektur"],
            grounds="x",
            on_behalf=True,
            today=MARCH_16,
        )


def test_cancelled_after_a_processed_month_books_a_correction_then_a_second_appeal(
    world: Any,
) -> None:
    case = own_case(world)
    decide(world, case)
    payroll_month_process(
        pemda=world.pemda, actor=world.users["operator_tpp"], month=Month(2026, 3)
    )
    app.sanction_appeal_file(
        case=case,
        actor=world.users["inspektur"],
        grounds="Keberatan tertulis",
        filed_on=D(2026, 3, 20),
        on_behalf=True,
        today=D(2026, 4, 2),
        uploads=[SimpleUploadedFile("surat.png", PNG_BYTES, "image/png")],
    )
    with pytest.raises(ApplicationError):  # the outcome cannot be dated before the appeal
        app.sanction_appeal_outcome_record(
            case=case,
            actor=world.users["inspektur"],
            outcome="cancelled",
            decision_number="700/30",
            decided_on=D(2026, 3, 18),
            today=D(2026, 4, 2),
        )
    appeal = app.sanction_appeal_outcome_record(
        case=case,
        actor=world.users["inspektur"],
        outcome="cancelled",
        decision_number="700/30",
        decided_on=D(2026, 4, 2),
        today=D(2026, 4, 2),
    )
    assert (appeal.status, appeal.outcome) == ("decided", "cancelled")
    rows = [
        (r.month, r.kind, r.corrects_month, r.deduction_idr)
        for r in TppDeduction.objects.filter(case=case).order_by("id")
    ]
    assert rows == [
        ("2026-03", "deduction", "", 2_000_000),
        ("2026-04", "correction", "2026-03", -2_000_000),
    ]
    assert len(app.appeal_files(appeal)) == 1
    # After an outcome, the case may be appealed again; no pending one: no outcome.
    app.sanction_appeal_file(
        case=case, actor=world.users["pelapor"], grounds="Sekali lagi", today=D(2026, 4, 3)
    )
    app.sanction_appeal_outcome_record(
        case=case,
        actor=world.users["inspektur"],
        outcome="upheld",
        decision_number="700/31",
        decided_on=D(2026, 4, 3),
        today=D(2026, 4, 3),
    )
    with pytest.raises(ConflictError) as exc:
        app.sanction_appeal_outcome_record(
            case=case,
            actor=world.users["inspektur"],
            outcome="upheld",
            decision_number="700/32",
            decided_on=D(2026, 4, 3),
            today=D(2026, 4, 3),
        )
    assert exc.value.code == SanctionError.NO_PENDING_APPEAL
    assert case.appeals.count() == 2
    assert events(case).count("sanction_appeal_filed") == 2


def test_changed_outcome_recomputes_with_the_new_percent(world: Any) -> None:
    case = own_case(world)
    decide(world, case)
    app.sanction_appeal_file(
        case=case, actor=world.users["pelapor"], grounds="Terlalu berat", today=MARCH_16
    )
    app.sanction_appeal_outcome_record(
        case=case,
        actor=world.users["inspektur"],
        outcome="changed",
        percent=25,
        decision_number="700/33",
        decided_on=D(2026, 3, 25),
        today=D(2026, 3, 25),
    )
    assert list(TppDeduction.objects.filter(case=case).values_list("month", "deduction_idr")) == [
        ("2026-03", 1_000_000)
    ]


# --- letters ---------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_summons_and_decision_letters_from_editable_templates(world: Any, employee: Any) -> None:
    case = open_case(world, employee)
    step = ex.sanction_step_add(
        case=case,
        actor=world.users["inspektur"],
        data=ex.StepData(
            kind="summons",
            occurred_on=D(2026, 3, 23),
            at_time=dt.time(9, 0),
            place="Ruang Inspektorat",
            purpose="Klarifikasi gratifikasi",
            letter_number="700/5/INSP",
        ),
        today=MARCH_16,
    )
    data = letters.summons_letter_pdf(case=case, step=step, actor=world.users["inspektur"])
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Ahmad Uji" in text and "Senin, 23 Maret 2026" in text and "Ruang Inspektorat" in text
    with pytest.raises(ConflictError):
        letters.decision_letter_pdf(case=case, actor=world.users["inspektur"])
    case = decide(world, case)
    letters.sanction_letter_template_save(
        pemda=world.pemda,
        actor=world.users["inspektur"],
        code=letters.SANCTION_DECISION_CODE,
        subject="Putusan {nomor_keputusan}",
        body="Kepada {nama_pegawai}: {putusan}; potongan {persen}% = {jumlah_potongan}. {{ x }}",
    )
    data = letters.decision_letter_pdf(case=case, actor=world.users["pelapor"])
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Putusan 700/12/INSP/2026" in text
    assert "Terbukti tidak melapor; potongan 50% = Rp2.000.000" in text
    assert "{{ x }}" in text  # user text is printed as written, never run as a template
    assert "sanction_letter_printed" in events(case)


def test_letter_placeholders_are_checked_per_code(world: Any) -> None:
    with pytest.raises(ApplicationError):  # a cover-letter placeholder is unknown here
        letters.sanction_letter_template_save(
            pemda=world.pemda,
            actor=world.users["inspektur"],
            code=letters.SANCTION_SUMMONS_CODE,
            subject="Panggilan",
            body="{jumlah_laporan}",
        )
    from sehati.documents.letters import unknown_placeholders

    assert unknown_placeholders("{nama_pegawai} {jumlah_laporan}") == ["nama_pegawai"]
    assert unknown_placeholders("{nama_pegawai}", "sanksi-panggilan") == []


def test_demo_cases_build_once(world: Any) -> None:
    from sehati.sanctions.demo_cases import demo_sanction_cases_build

    for key in ("colleague_dinkes", "puskesmas_staff", "dukcapil_staff"):
        world.employees[key].tpp_monthly_idr = 3_000_000
        world.employees[key].save()
    today = D(2026, 11, 23)
    assert demo_sanction_cases_build(pemda=world.pemda, today=today) == 4
    assert demo_sanction_cases_build(pemda=world.pemda, today=today) == 0
    cases = SanctionCase.objects.filter(pemda=world.pemda)
    assert cases.filter(status="open").count() == 1
    assert cases.filter(decision="not_reported").count() == 2
    assert SanctionAppeal.objects.filter(case__pemda=world.pemda, outcome="changed").exists()
