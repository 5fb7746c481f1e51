"""UP3 findings (issue #5 point 4): routing to the heads of the OPD and the UPG, the follow-up
deadline in working days, respond → return → respond → close, escalation of overdue follow-ups
by the daily run (once), the KPK mark, and the "after a finding" flag on a later report."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from sehati.accounts.models import Role
from sehati.accounts.tests.factories import UserFactory, grant
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.models import TimelineEvent
from sehati.monitoring import findings as svc
from sehati.monitoring.models import Finding, FindingNote, Monitor, Visit
from sehati.notifications.models import Notice
from sehati.notifications.reminders import reminders_send
from sehati.org.models import Kecamatan
from sehati.org.tests.factories import EmployeeFactory, ServiceUnitFactory
from sehati.reports.services import report_create, report_submit

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 6)  # a Tuesday
TEXT = "Petugas loket meminta Rp50.000 agar surat cepat jadi."


@pytest.fixture
def up3(world: Any) -> dict[str, Any]:
    """A Puskesmas unit (the Puskesmas is an OPD under Dinkes), the pemantau persona's monitor
    entry with a submitted visit there, and a head of Dukcapil."""
    kec = Kecamatan.objects.get(pemda=world.pemda, name="Kandangan")
    unit = ServiceUnitFactory(opd=world.puskesmas, pemda=world.pemda, kecamatan=kec)
    monitor = Monitor.objects.create(
        pemda=world.pemda,
        user=world.users["pemantau"],
        name="Andi Pemantau",
        kecamatan=kec,
        term_start=dt.date(2026, 1, 1),
        term_end=dt.date(2028, 12, 31),
        decree_number="SK-UJI",
        decree_date=dt.date(2025, 12, 20),
    )
    visit = Visit.objects.create(
        pemda=world.pemda,
        monitor=monitor,
        client_uuid=uuid.uuid4(),
        service_unit=unit,
        visited_on=TODAY,
        status=Visit.Status.SUBMITTED,
    )
    head_dukcapil = UserFactory(username="kepala_dukcapil", pemda=world.pemda)
    grant(head_dukcapil, Role.KEPALA_OPD, opd=world.dukcapil)
    return {"unit": unit, "visit": visit, "monitor": monitor, "head_dukcapil": head_dukcapil}


def open_finding(world: Any, up3: dict[str, Any], **over: Any) -> Finding:
    kwargs: dict[str, Any] = {
        "pemda": world.pemda,
        "actor": world.users["pemantau"],
        "source": Finding.Source.VISIT,
        "category": Finding.Category.LEVY,
        "severity": Finding.Severity.MEDIUM,
        "description": TEXT,
        "observed_on": TODAY,
        "today": TODAY,
        "service_unit": up3["unit"],
        "visit": up3["visit"],
    }
    kwargs.update(over)
    return svc.finding_open(**kwargs)


def titles(user: Any) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("id").values_list("title", flat=True))


def test_a_puskesmas_finding_goes_to_the_head_of_dinkes_not_dukcapil(world, up3) -> None:
    finding = open_finding(world, up3)
    assert finding.number == "TMU/2026/0001"
    assert finding.opd == world.puskesmas and finding.kecamatan == up3["unit"].kecamatan
    assert finding.status == Finding.Status.SENT and finding.sent_on == TODAY
    assert finding.reported_by == world.users["pemantau"]
    assert titles(world.users["kepala_opd"]) == ["Temuan UP3 TMU/2026/0001 tentang Puskesmas Kota"]
    assert titles(up3["head_dukcapil"]) == []
    upg_notice = Notice.objects.get(user=world.users["upg"])
    assert "TMU/2026/0001" in upg_notice.title
    assert world.users["kepala_opd"].get_full_name() in upg_notice.body
    assert titles(world.users["inspektur"]) == []
    # The head of the OPD is not told who the monitor is.
    head_notice = Notice.objects.get(user=world.users["kepala_opd"])
    assert "Andi" not in head_notice.body
    assert TimelineEvent.objects.filter(subject_id=finding.pk, type="finding_opened").exists()
    assert open_finding(world, up3).number == "TMU/2026/0002"


def test_without_a_head_of_opd_account_the_upg_is_told(world, up3) -> None:
    unit = ServiceUnitFactory(opd=world.dukcapil, pemda=world.pemda)
    up3["head_dukcapil"].role_grants.all().delete()
    finding = open_finding(
        world,
        up3,
        source=Finding.Source.OTHER,
        visit=None,
        service_unit=unit,
        actor=world.users["upg"],
    )
    assert finding.kecamatan_id is None
    body = Notice.objects.get(user=world.users["upg"]).body
    assert "Belum ada akun kepala OPD untuk Disdukcapil" in body


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"category": "x"}, "kategori"),
        ({"severity": "x"}, "tingkat"),
        ({"description": "pendek"}, "satu kalimat"),
        ({"observed_on": TODAY + dt.timedelta(days=1)}, "sesudah hari ini"),
        ({"service_unit": None, "opd": None}, "unit layanan atau OPD"),
        ({"source": Finding.Source.OTHER}, "bersumber kunjungan"),
    ],
)
def test_invalid_input_writes_nothing(world, up3, over, message) -> None:
    with pytest.raises(ApplicationError, match=message) as caught:
        open_finding(world, up3, **over)
    assert caught.value.code == svc.FindingError.INVALID
    assert not Finding.objects.exists() and not Notice.objects.exists()


def test_a_unit_and_an_opd_of_another_pemda_are_refused(world, up3) -> None:
    with pytest.raises(ApplicationError, match="bukan milik pemda"):
        open_finding(
            world, up3, visit=None, source="lainnya", service_unit=None, opd=world.other_opd
        )
    with pytest.raises(ApplicationError, match="bukan bagian dari OPD"):
        open_finding(world, up3, opd=world.dukcapil)


def test_the_deadline_counts_working_days_around_holidays(world, up3) -> None:
    # 11 May 2026 (Mon) + 10 HK: Ascension (14) and cuti bersama (15), Idul Adha (27) and cuti
    # bersama (28) are skipped → Fri 29 May.
    day = dt.date(2026, 5, 11)
    finding = open_finding(world, up3, observed_on=day, today=day)
    assert finding.followup_due == dt.date(2026, 5, 29)
    world.pemda.days_finding_followup = 3
    world.pemda.save()
    # 3 HK: 12, 13, then 18 May.
    assert open_finding(world, up3, observed_on=day, today=day).followup_due == dt.date(2026, 5, 18)


def test_respond_return_respond_close(world, up3) -> None:
    head, upg = world.users["kepala_opd"], world.users["upg"]
    finding = open_finding(world, up3)
    with pytest.raises(ConflictError):
        svc.finding_verify(finding=finding, actor=upg, decision="return", note="x", today=TODAY)
    day2 = dt.date(2026, 10, 8)
    finding = svc.finding_respond(
        finding=finding, actor=head, body="Petugas sudah ditegur lisan.", today=day2
    )
    assert finding.status == Finding.Status.RESPONDED and finding.responded_on == day2
    assert any("ditanggapi" in t for t in titles(upg))
    with pytest.raises(ConflictError):
        svc.finding_respond(finding=finding, actor=head, body="Lagi lagi lagi.", today=day2)
    day3 = dt.date(2026, 10, 9)  # Friday: 10 HK → Fri 23 Oct
    finding = svc.finding_verify(
        finding=finding, actor=upg, decision="return", note="Mana surat tegurannya?", today=day3
    )
    assert finding.status == Finding.Status.SENT and finding.rounds == 2
    assert finding.followup_due == dt.date(2026, 10, 23)
    assert titles(head)[-1] == "Tanggapan temuan TMU/2026/0001 dikembalikan UPG"
    finding = svc.finding_respond(
        finding=finding, actor=head, body="Surat teguran tertulis terlampir.", today=day3
    )
    with pytest.raises(ApplicationError) as caught:
        svc.finding_verify(finding=finding, actor=upg, decision="close", note="", today=day3)
    assert caught.value.code == svc.FindingError.OUTCOME_REQUIRED
    assert Finding.objects.get(pk=finding.pk).status == Finding.Status.RESPONDED
    finding = svc.finding_verify(
        finding=finding,
        actor=upg,
        decision="close",
        note="",
        outcome="Petugas ditegur tertulis; tarif dipasang di loket.",
        today=day3,
    )
    assert finding.status == Finding.Status.CLOSED and finding.closed_on == day3
    assert list(finding.notes.values_list("kind", flat=True)) == [
        FindingNote.Kind.OPD_RESPONSE,
        FindingNote.Kind.UPG_RETURN,
        FindingNote.Kind.OPD_RESPONSE,
    ]
    assert titles(world.users["pemantau"]) == ["Temuan TMU/2026/0001 selesai"]
    types = list(
        TimelineEvent.objects.filter(subject_id=finding.pk, type__startswith="finding_")
        .order_by("id")
        .values_list("type", flat=True)
    )
    assert types == [
        "finding_opened",
        "finding_responded",
        "finding_returned",
        "finding_responded",
        "finding_closed",
    ]
    with pytest.raises(ConflictError):
        svc.finding_escalate(finding=finding, actor=upg, reason="x", today=day3)


def test_the_upg_closes_straight_from_sent_with_an_outcome(world, up3) -> None:
    finding = open_finding(world, up3)
    done = svc.finding_verify(
        finding=finding,
        actor=world.users["upg"],
        decision="close",
        note="Dicek ulang.",
        outcome="Tidak terbukti: biaya resmi sesuai perda.",
        today=TODAY,
    )
    assert done.status == Finding.Status.CLOSED
    assert done.notes.get().kind == FindingNote.Kind.UPG_NOTE


def test_overdue_follow_ups_are_escalated_once_by_the_daily_run(world, up3) -> None:
    finding = open_finding(world, up3)  # due 20 Oct 2026
    answered = open_finding(world, up3)
    svc.finding_respond(
        finding=answered, actor=world.users["kepala_opd"], body="Sudah ditindak.", today=TODAY
    )
    assert reminders_send(today=dt.date(2026, 10, 20)).findings_escalated == 0
    run = reminders_send(today=dt.date(2026, 10, 21))
    assert run.findings_escalated == 1
    finding.refresh_from_db()
    assert finding.escalated_on == dt.date(2026, 10, 21)
    assert "20-10-2026" in finding.escalation_reason
    assert (
        Notice.objects.filter(user=world.users["inspektur"], title__startswith="Eskalasi").count()
        == 1
    )
    assert Notice.objects.filter(user=world.users["upg"], title__startswith="Eskalasi").count() == 1
    again = reminders_send(today=dt.date(2026, 10, 21))
    assert again.findings_escalated == 0
    assert reminders_send(today=dt.date(2026, 10, 22)).findings_escalated == 0
    assert Notice.objects.filter(title__startswith="Eskalasi").count() == 2
    event = TimelineEvent.objects.get(subject_id=finding.pk, type="finding_escalated")
    assert event.actor_label == "sistem"
    with pytest.raises(ConflictError):
        svc.finding_escalate(
            finding=finding, actor=world.users["upg"], reason="lagi", today=dt.date(2026, 10, 22)
        )


def test_the_head_of_opd_is_reminded_once_the_day_before(world, up3) -> None:
    open_finding(world, up3)  # due Tue 20 Oct 2026
    head = world.users["kepala_opd"]
    assert reminders_send(today=dt.date(2026, 10, 16)).sent == 0  # Fri: 2 HK left
    first = reminders_send(today=dt.date(2026, 10, 19))
    assert first.sent == 1
    assert reminders_send(today=dt.date(2026, 10, 19)).sent == 0
    assert [t for t in titles(head) if t.startswith("Pengingat")] == [
        "Pengingat: tindak lanjut temuan TMU/2026/0001 jatuh tempo 20-10-2026"
    ]


def test_the_kpk_mark_is_set_once(world, up3) -> None:
    finding = open_finding(world, up3)
    upg = world.users["upg"]
    with pytest.raises(ApplicationError):
        svc.finding_kpk_mark(finding=finding, actor=upg, note="  ", today=TODAY)
    done = svc.finding_kpk_mark(finding=finding, actor=upg, note="Pola berulang.", today=TODAY)
    assert done.kpk_marked_on == TODAY and done.kpk_note == "Pola berulang."
    with pytest.raises(ConflictError) as caught:
        svc.finding_kpk_mark(finding=finding, actor=upg, note="lagi", today=TODAY)
    assert caught.value.code == svc.FindingError.ALREADY_KPK


def _report(world: Any, received_on: dt.date) -> Any:
    report, _created = report_create(
        actor=world.users["pelapor"],
        data={
            "kind": "receipt",
            "received_on": received_on,
            "category": "other",
            "form": "goods",
            "value_idr": 750_000,
            "giver_name": "Pemberi",
            "giver_relation": "vendor",
            "description": "Parsel",
            "place": "Kantor",
            "chronology": "Diantar ke kantor.",
        },
    )
    return report


def test_a_report_after_a_gift_finding_is_flagged(world, up3) -> None:
    budi = world.employees["budi"]
    finding = open_finding(
        world,
        up3,
        category=Finding.Category.GRATIFICATION,
        observed_on=dt.date(2026, 10, 2),
        gift_description="Parsel dari rekanan",
    )
    upg = world.users["upg"]
    with pytest.raises(ApplicationError) as caught:
        svc.finding_employee_link(
            finding=finding, actor=upg, employee_id=world.employees["other_pemda_staff"].pk
        )
    assert caught.value.code == svc.FindingError.UNKNOWN_EMPLOYEE
    svc.finding_employee_link(finding=finding, actor=upg, employee_id=budi.pk)
    assert Finding.objects.get(pk=finding.pk).employee == budi
    before = _report(world, dt.date(2026, 10, 1))  # received before the finding
    after = _report(world, dt.date(2026, 10, 5))  # a later gift: not what the finding was about
    assert svc.finding_for_report(report=before) == finding
    flagged = report_submit(report=before, actor=world.users["pelapor"], today=TODAY).report
    assert flagged.after_finding is True and flagged.finding_reference == "TMU/2026/0001"
    clean = report_submit(report=after, actor=world.users["pelapor"], today=TODAY).report
    assert clean.after_finding is False and clean.finding_reference == ""


def test_only_gratification_findings_linked_to_the_reporter_flag_a_report(world, up3) -> None:
    levy = open_finding(world, up3, observed_on=dt.date(2026, 10, 2))
    svc.finding_employee_link(
        finding=levy, actor=world.users["upg"], employee_id=world.employees["budi"].pk
    )
    other = open_finding(
        world, up3, category=Finding.Category.GRATIFICATION, observed_on=dt.date(2026, 10, 2)
    )
    svc.finding_employee_link(
        finding=other,
        actor=world.users["upg"],
        employee_id=EmployeeFactory(opd=world.dinkes, pemda=world.pemda).pk,
    )
    report = _report(world, dt.date(2026, 10, 1))
    assert svc.finding_for_report(report=report) is None
    svc.finding_employee_link(finding=other, actor=world.users["upg"], employee_id=None)
    assert Finding.objects.get(pk=other.pk).employee_id is None
