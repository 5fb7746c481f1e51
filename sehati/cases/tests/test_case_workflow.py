"""The UPG case state machine, one service per transition (issue #4 point 7)."""

from __future__ import annotations

import datetime as dt

import pytest

from sehati.accounts.policies import identity_visible
from sehati.accounts.tests.factories import UserFactory
from sehati.cases import services as svc
from sehati.cases.errors import CaseError
from sehati.cases.models import Case
from sehati.cases.selectors import case_deadlines
from sehati.cases.tests.factories import submitted_report
from sehati.core.audit import timeline_for
from sehati.core.errors import ApplicationError, ConflictError
from sehati.notifications.models import Notice
from sehati.org.tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

ALL_OK = dict.fromkeys(svc.CHECKLIST_KEYS, "ok")
D = dt.date


DAY = dt.date(2026, 10, 6)


def _to_analysed(case: Case, upg, today: dt.date = DAY) -> Case:
    svc.case_verification_start(case=case, actor=upg)
    svc.case_verify(case=case, actor=upg, checklist=ALL_OK, missing_note="", today=today)
    return svc.case_analyse(
        case=case,
        actor=upg,
        recommendation="Pemberian dari rekanan: wajib lapor.",
        must_report=True,
        override_reason="",
        today=today,
    )


def test_routing_to_the_upg_pembantu_of_the_opd_or_its_parent_else_central(world) -> None:
    budi = world.users["pelapor"]  # dinkes, which has an UPG pembantu
    assert submitted_report(budi).case.handler_opd == world.dinkes
    puskesmas_user = UserFactory(
        pemda=world.pemda, employee=EmployeeFactory(opd=world.puskesmas, pemda=world.pemda)
    )
    assert submitted_report(puskesmas_user).case.handler_opd == world.dinkes  # parent's UPG-P
    siti = world.users["upg"]  # dukcapil: no UPG pembantu
    assert submitted_report(siti).case.handler_opd is None


def test_one_report_from_draft_to_closed_state_property_handed_over(
    world, django_capture_on_commit_callbacks
) -> None:
    budi, upg = world.users["pelapor"], world.users["upg"]
    report = submitted_report(budi, object_location="deposited_upg")
    case = report.case
    assert (case.status, case.received_on) == ("received", D(2026, 10, 5))
    _to_analysed(case, upg)
    item = svc.custody_receive(
        case=case,
        actor=upg,
        description="Parsel",
        quantity=1,
        received_from="Budi",
        received_on=D(2026, 10, 6),
        storage_location="Lemari UPG",
        condition="Baik",
        today=D(2026, 10, 6),
    )
    assert item.number == "TTB/2026/00001"
    with django_capture_on_commit_callbacks(execute=True):
        svc.case_forward_to_kpk(
            case=case,
            actor=upg,
            sent_on=D(2026, 10, 7),
            channel="gol",
            gol_reference="GOL-1",
            today=D(2026, 10, 7),
        )
        decided = svc.case_record_decision(
            case=case,
            actor=upg,
            decision="state",
            sk_number="SK-1/GTF/2026",
            sk_date=D(2026, 11, 2),
            signatory_level="direktur",
            appraised_value_idr=700_000,
            today=D(2026, 11, 3),
        )
    assert decided.status == "decided"
    assert decided.handover_due == D(2026, 11, 11)  # 7 HK after 2 Nov 2026
    with pytest.raises(ConflictError) as held:
        svc.case_record_followup(
            case=case,
            actor=upg,
            followup="handover",
            done_on=D(2026, 11, 5),
            today=D(2026, 11, 5),
            bast_number="BAST-9",
            handed_to="KPKNL Banjarmasin",
        )
    assert held.value.code == CaseError.CUSTODY_HELD
    released = svc.custody_release(
        item=item,
        actor=upg,
        released_to_kind="djkn",
        released_to="KPKNL Banjarmasin",
        released_on=D(2026, 11, 5),
        today=D(2026, 11, 5),
    )
    assert released.release_number == "TTB/2026/00002"
    closed = svc.case_record_followup(
        case=case,
        actor=upg,
        followup="handover",
        done_on=D(2026, 11, 5),
        today=D(2026, 11, 5),
        bast_number="BAST-9",
        handed_to="KPKNL Banjarmasin",
    )
    assert (closed.status, closed.close_reason) == ("closed", "handed_over")
    assert [e.type for e in timeline_for(report)][::-1] == [
        "report_draft_created",
        "report_submitted",
        "case_opened",
        "case_verification_started",
        "case_verified_complete",
        "case_analysed",
        "custody_received",
        "case_forwarded",
        "case_decided",
        "custody_released",
        "case_followed_up",
    ]
    # The reporter was told at each step that concerns them.
    titles = list(Notice.objects.filter(user=budi).values_list("title", flat=True))
    assert any("diteruskan ke KPK" in t for t in titles) and any("SK KPK" in t for t in titles)


def test_an_exempt_gift_can_be_reported_and_ends_tidak_wajib_lapor(world) -> None:
    budi, upg = world.users["pelapor"], world.users["upg"]
    # Wedding gift Rp1.200.000 in cash from a friend after 2026-01-20: within item l (Rp1.5 M).
    report = submitted_report(
        budi,
        received_on=D(2026, 2, 10),
        submitted_on=D(2026, 2, 11),
        category="ceremony",
        form="money",
        value_idr=1_200_000,
        giver_relation="other",
    )
    assert report.must_report is False and report.exemption == "ceremony"
    case = report.case
    svc.case_verify(case=case, actor=upg, checklist=ALL_OK, missing_note="", today=D(2026, 2, 12))
    closed = svc.case_analyse(
        case=case,
        actor=upg,
        recommendation="Sesuai huruf l: tidak wajib lapor.",
        must_report=False,
        override_reason="",
        today=D(2026, 2, 12),
    )
    assert (closed.status, closed.close_reason) == ("closed", "not_reportable")


def test_a_judgement_against_the_system_needs_a_reason(world) -> None:
    upg = world.users["upg"]
    case = submitted_report(world.users["pelapor"]).case
    svc.case_verify(case=case, actor=upg, checklist=ALL_OK, missing_note="", today=D(2026, 10, 6))
    with pytest.raises(ApplicationError) as exc:
        svc.case_analyse(
            case=case,
            actor=upg,
            recommendation="x",
            must_report=False,
            override_reason="",
            today=D(2026, 10, 6),
        )
    assert exc.value.code == CaseError.OVERRIDE_REASON_REQUIRED
    case.refresh_from_db()
    assert case.status == "complete"  # nothing half-written


@pytest.mark.parametrize(
    ("submitted_on", "completion_due"),
    [
        # PerKPK 2/2019 Pasal 9: 30 HK from the report date (before 2026-01-20).
        (D(2026, 1, 19), D(2026, 3, 4)),
        # As amended by PerKPK 1/2026: 20 HK, under the rule set of the report date.
        (D(2026, 1, 20), D(2026, 2, 19)),  # 16-17 Feb: Imlek
    ],
)
def test_completion_window_follows_the_rule_set_of_the_report_date(
    world, submitted_on, completion_due, django_capture_on_commit_callbacks
) -> None:
    upg = world.users["upg"]
    report = submitted_report(
        world.users["pelapor"], received_on=D(2026, 1, 15), submitted_on=submitted_on
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = svc.case_verify(
            case=report.case,
            actor=upg,
            checklist={**ALL_OK, "evidence": "missing"},
            missing_note="Foto parsel",
            today=submitted_on,
        )
    assert case.status == "incomplete"
    assert case.completion_due == completion_due
    assert case.messages.get().body.endswith("Foto parsel")
    assert Notice.objects.filter(user=world.users["pelapor"], title__contains="dilengkapi").exists()
    with pytest.raises(ConflictError):
        svc.case_close_incomplete(case=case, actor="sistem", today=completion_due)
    closed = svc.case_close_incomplete(
        case=case, actor="sistem", today=completion_due + dt.timedelta(days=1)
    )
    assert closed.close_reason == "incomplete_expired"


def test_a_missing_item_needs_a_note_and_an_unanswered_checklist_is_refused(world) -> None:
    upg = world.users["upg"]
    case = submitted_report(world.users["pelapor"]).case
    with pytest.raises(ApplicationError):
        svc.case_verify(
            case=case,
            actor=upg,
            checklist={**ALL_OK, "value": "missing"},
            missing_note=" ",
            today=D(2026, 10, 6),
        )
    with pytest.raises(ApplicationError):
        svc.case_verify(
            case=case, actor=upg, checklist={"value": "ok"}, missing_note="", today=D(2026, 10, 6)
        )


def test_forwarding_rules(world) -> None:
    upg = world.users["upg"]
    case = submitted_report(world.users["pelapor"]).case
    with pytest.raises(ConflictError):  # not analysed yet
        svc.case_forward_to_kpk(
            case=case,
            actor=upg,
            sent_on=D(2026, 10, 6),
            channel="email",
            gol_reference="",
            today=D(2026, 10, 6),
        )
    _to_analysed(case, upg)
    for sent_on, channel, ref in (
        (D(2026, 10, 9), "email", ""),  # in the future
        (D(2026, 10, 6), "gol", ""),  # GOL without its reference
        (D(2026, 10, 4), "email", ""),  # before the UPG received it
        (D(2026, 10, 6), "pos", ""),  # unknown channel
    ):
        with pytest.raises(ApplicationError):
            svc.case_forward_to_kpk(
                case=case,
                actor=upg,
                sent_on=sent_on,
                channel=channel,
                gol_reference=ref,
                today=D(2026, 10, 8),
            )


def test_forward_deadline_is_capped_at_receipt_plus_30_hk(world) -> None:
    # Received 2026-08-03, reported 2026-09-10: 10 HK from the UPG's receipt would be
    # 2026-09-24, but receipt + 30 HK is 2026-09-15 (17 Aug is a holiday).
    report = submitted_report(
        world.users["pelapor"], received_on=D(2026, 8, 3), submitted_on=D(2026, 9, 10)
    )
    case = report.case
    assert report.report_due == case.forward_due
    assert case.forward_due < D(2026, 9, 24)
    rows = {d.code: d for d in case_deadlines(case=case, today=D(2026, 9, 10))}
    assert rows["upg_to_kpk"].active and rows["upg_to_kpk"].working_days_left >= 0


def test_decision_not_followed_closes_and_followups_must_match_the_decision(world) -> None:
    upg = world.users["upg"]
    case = submitted_report(world.users["pelapor"]).case
    _to_analysed(case, upg)
    svc.case_forward_to_kpk(
        case=case,
        actor=upg,
        sent_on=D(2026, 10, 6),
        channel="email",
        gol_reference="",
        today=D(2026, 10, 6),
    )
    svc.case_record_decision(
        case=case,
        actor=upg,
        decision="recipient",
        sk_number="SK-2",
        sk_date=D(2026, 10, 20),
        signatory_level="direktur",
        appraised_value_idr=None,
        today=D(2026, 10, 21),
    )
    with pytest.raises(ApplicationError) as exc:
        svc.case_record_followup(
            case=case,
            actor=upg,
            followup="compensation",
            done_on=D(2026, 10, 21),
            today=D(2026, 10, 21),
            billing_code="1",
            ntpn="2",
            paid_idr=5,
        )
    assert exc.value.code == CaseError.FOLLOWUP_NOT_ALLOWED
    closed = svc.case_record_followup(
        case=case, actor=upg, followup="kept", done_on=D(2026, 10, 21), today=D(2026, 10, 21)
    )
    assert closed.close_reason == "recipient_keeps"

    other = submitted_report(world.users["pelapor"]).case
    _to_analysed(other, upg)
    svc.case_forward_to_kpk(
        case=other,
        actor=upg,
        sent_on=D(2026, 10, 6),
        channel="email",
        gol_reference="",
        today=D(2026, 10, 6),
    )
    done = svc.case_record_decision(
        case=other,
        actor=upg,
        decision="not_followed",
        sk_number="SK-3",
        sk_date=D(2026, 10, 20),
        signatory_level="direktur",
        appraised_value_idr=None,
        today=D(2026, 10, 21),
    )
    assert (done.status, done.close_reason) == ("closed", "kpk_not_followed")


def test_confidential_identity_only_for_the_head_of_upg_and_granted_users(world) -> None:
    budi, siti, rahmat = (world.users[k] for k in ("pelapor", "upg", "inspektur"))
    report = submitted_report(budi, confidential=True)
    assert identity_visible(budi, report)  # the reporter himself
    assert not identity_visible(siti, report) and not identity_visible(rahmat, report)
    with pytest.raises(ApplicationError) as exc:
        svc.identity_access_grant(actor=siti, user=rahmat, reason="audit")
    assert exc.value.code == CaseError.NOT_UPG_HEAD
    world.pemda.upg_head = siti
    world.pemda.save()
    siti.refresh_from_db()
    assert identity_visible(siti, report)
    access = svc.identity_access_grant(actor=siti, user=rahmat, reason="Pemeriksaan Inspektorat")
    rahmat.refresh_from_db()
    assert identity_visible(rahmat, report)
    svc.identity_access_revoke(actor=siti, access=access, now=dt.datetime.now(dt.UTC))
    assert not identity_visible(rahmat, report)
