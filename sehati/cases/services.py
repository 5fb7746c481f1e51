"""Writes of UPG case work: one service per transition of the case state machine (issue #4
point 7). Each checks the state, changes the case, and records a timeline event on the report in
the same transaction; notifications go out after commit.

    received → verification → incomplete ⇄ (reporter completes) → complete → analysed
      → forwarded to KPK → decided (SK) → follow-up → closed
    complete/analysed judged *tidak wajib lapor* → closed; incomplete past its window → closed;
    SK *tidak dapat ditindaklanjuti* → closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from sehati.accounts.models import Role, RoleGrant, User
from sehati.cases.errors import CaseError
from sehati.cases.files import CUSTODY_PHOTO, SK
from sehati.cases.models import Case, CaseMessage, CustodyCounter, CustodyItem, IdentityAccess
from sehati.cases.selectors import (
    case_next_due,
    completion_due_for,
    forward_due_for,
    handover_due_for,
)
from sehati.core.audit import timeline_record
from sehati.core.counters import counter_next
from sehati.core.errors import ApplicationError, ConflictError
from sehati.core.files import file_check, files_store
from sehati.notifications.services import notice_send
from sehati.org.models import Opd
from sehati.reports.models import GiftReport, ReportItem

S = Case.Status

# GOL's "Lembar Checklist Review Pelaporan Penerimaan Hadiah & Fasilitas" (PEERS.md B), as the
# items a UPG checks before a report is complete. Each answer: "ok", "missing" or "na".
CHECKLIST: tuple[tuple[str, Any], ...] = (
    ("reporter_identity", _lazy("Identitas pelapor lengkap (NIK, alamat, telepon)")),
    ("position", _lazy("Jabatan dan unit kerja pelapor")),
    ("giver", _lazy("Identitas pemberi dan hubungan dengan pelapor")),
    ("time_place", _lazy("Waktu dan tempat penerimaan")),
    ("object", _lazy("Uraian, bentuk dan jumlah objek")),
    ("value", _lazy("Perkiraan nilai objek")),
    ("chronology", _lazy("Kronologi dan alasan pemberian")),
    ("evidence", _lazy("Foto objek / bukti pendukung")),
    ("official_docs", _lazy("Dokumen kedinasan terkait (undangan, surat tugas), bila ada")),
    ("location", _lazy("Keberadaan objek saat ini jelas")),
)
CHECKLIST_KEYS = tuple(key for key, _label in CHECKLIST)
CHECK_ANSWERS = ("ok", "missing", "na")


def _wrong_state(case: Case, *allowed: str) -> ConflictError:
    labels = ", ".join(str(S(s).label) for s in allowed)
    return ConflictError(
        _("Langkah ini hanya untuk kasus berstatus %(allowed)s; status kasus ini %(now)s.")
        % {"allowed": labels, "now": case.get_status_display()},
        code=CaseError.WRONG_STATE,
    )


def _lock(case: Case, *allowed: str) -> Case:
    locked = Case.objects.select_for_update().select_related("report", "pemda").get(pk=case.pk)
    if allowed and locked.status not in allowed:
        raise _wrong_state(locked, *allowed)
    return locked


def _save(case: Case, *, type: str, actor: Any, data: dict[str, Any] | None = None) -> Case:
    case.next_due_on = case_next_due(case=case)
    case.save()
    timeline_record(
        subject=case.report,
        type=type,
        actor=actor,
        data={"status": case.status, **(data or {})},
    )
    return case


def _reporter_user(case: Case) -> User | None:
    if case.report.reporter_id is None:
        return None
    return User.objects.filter(employee_id=case.report.reporter_id, is_active=True).first()


def reporter_notice(*, report: GiftReport, title: str, body: str, url: str) -> tuple[str, str, str]:
    """What a notice to the reporter says. On a confidential report it names no report and links
    to the reporter's list, not to the report (issue #9 point 1: the notice row, stored with its
    recipient, would otherwise link the reporter to the report in the database; an e-mail copy
    would carry it out of SEHATI)."""
    if not report.confidential:
        return title, body, url
    return (
        _("Ada pembaruan pada laporan rahasia Anda"),
        _("Buka daftar laporan Anda di SEHATI untuk melihatnya."),
        reverse("reports:report_list"),
    )


def _notify_reporter(case: Case, *, title: str, body: str) -> None:
    user = _reporter_user(case)
    if user is not None:
        title, body, url = reporter_notice(
            report=case.report,
            title=title,
            body=body,
            url=reverse("reports:report_detail", kwargs={"report_id": case.report_id}),
        )
        notice_send(user=user, title=title, body=body, url=url)


def _not_future(day: dt.date, today: dt.date, label: str) -> None:
    if day > today:
        raise ApplicationError(
            _("%(label)s tidak boleh sesudah hari ini.") % {"label": label},
            code=CaseError.INVALID,
        )


# --- files with a step ------------------------------------------------------------------------


def case_step_with_files(
    *,
    case: Case,
    actor: User,
    uploads: list[Any],
    purpose: str,
    step: Callable[[], Any],
    note: str = "",
) -> Any:
    """Run a step and attach its files, all or nothing: every file is checked before the step
    runs, and the step runs inside the transaction that stores the files. The decree (SK) is
    attached to the report, so its reporter receives it; other step files to the case."""
    if not uploads:
        return step()
    result: list[Any] = []
    subject: Any = case.report if purpose == SK else case
    files_store(
        pemda=case.pemda,
        actor=actor,
        uploads=uploads,
        subject=subject,
        purpose=purpose,
        note=note,
        guard=lambda: result.append(step()),
    )
    return result[0]


# --- opening and routing --------------------------------------------------------------------


def case_handler_opd(*, report: GiftReport) -> Opd | None:
    """The OPD whose UPG pembantu handles the report: the reporter's OPD or its nearest parent
    with an UPG pembantu; None sends it to the central UPG (issue #4 point 6)."""
    with_pembantu = set(
        RoleGrant.objects.filter(
            pemda_id=report.pemda_id, role=Role.UPG_PEMBANTU, opd__isnull=False
        ).values_list("opd_id", flat=True)
    )
    node: Opd | None = report.reporter_opd
    seen: set[int] = set()
    while node is not None and node.pk not in seen:
        if node.pk in with_pembantu:
            return node
        seen.add(node.pk)
        node = node.parent
    return None


def case_open(*, report: GiftReport, actor: Any, today: dt.date) -> Case:
    """Open the case of a just-submitted report (called inside `report_submit`)."""
    case = Case(
        pemda_id=report.pemda_id,
        report=report,
        handler_opd=case_handler_opd(report=report),
        received_on=today,
    )
    case.report = report
    case.forward_due = forward_due_for(case=case)
    return _save(
        case,
        type="case_opened",
        actor=actor,
        data={
            "handler": case.handler_opd.name if case.handler_opd else "UPG",
            "forward_due": case.forward_due.isoformat(),
        },
    )


# --- verification and completeness -----------------------------------------------------------


def case_verification_start(*, case: Case, actor: User) -> Case:
    """Take the case: it moves to verification with the actor as the officer in charge."""
    with transaction.atomic():
        locked = _lock(case, S.RECEIVED)
        locked.status = S.VERIFICATION
        locked.assignee = actor
        return _save(locked, type="case_verification_started", actor=actor)


def case_assign(*, case: Case, actor: User, assignee: User) -> Case:
    with transaction.atomic():
        locked = _lock(case)
        if not locked.is_open:
            raise _wrong_state(locked, *[s for s in S.values if s != S.CLOSED])
        locked.assignee = assignee
        return _save(
            locked,
            type="case_assigned",
            actor=actor,
            data={"assignee": assignee.get_full_name() or assignee.get_username()},
        )


def _checklist_clean(checklist: dict[str, str]) -> dict[str, str]:
    clean = {}
    for key in CHECKLIST_KEYS:
        answer = checklist.get(key, "")
        if answer not in CHECK_ANSWERS:
            raise ApplicationError(
                _(
                    "Setiap butir daftar periksa harus dijawab (lengkap, kurang, atau tidak berlaku)."
                ),
                code=CaseError.INVALID,
            )
        clean[key] = answer
    return clean


def case_verify(
    *,
    case: Case,
    actor: User,
    checklist: dict[str, str],
    missing_note: str,
    today: dt.date,
    after_finding: bool = False,
    finding_reference: str = "",
) -> Case:
    """Record the completeness review. Any item missing → *belum lengkap*: the reporter is asked
    for the documents and the completion window runs from the report date (DECISIONS.md #11);
    otherwise → *lengkap*. Also marks a report filed after an Inspektorat/UP3 finding (#10)."""
    clean = _checklist_clean(checklist)
    missing = [k for k, v in clean.items() if v == "missing"]
    if missing and not missing_note.strip():
        raise ApplicationError(
            _("Tuliskan kekurangan yang harus dilengkapi pelapor."), code=CaseError.INVALID
        )
    with transaction.atomic():
        locked = _lock(case, S.RECEIVED, S.VERIFICATION, S.INCOMPLETE)
        locked.checklist = clean
        locked.assignee = locked.assignee or actor
        report = locked.report
        if after_finding != report.after_finding or finding_reference != report.finding_reference:
            report.after_finding = after_finding
            report.finding_reference = finding_reference[:200]
            report.save(update_fields=["after_finding", "finding_reference", "updated_at"])
        if missing:
            first_request = locked.status != S.INCOMPLETE
            locked.status = S.INCOMPLETE
            locked.missing_note = missing_note.strip()
            if first_request:
                locked.documents_requested_on = today
                locked.completion_due = completion_due_for(case=locked)
            CaseMessage.objects.create(
                pemda_id=locked.pemda_id,
                case=locked,
                author=actor,
                body=_("Laporan Anda belum lengkap. Mohon lengkapi: %(note)s")
                % {"note": locked.missing_note},
            )
            due = locked.completion_due or completion_due_for(case=locked)
            _save(
                locked,
                type="case_documents_requested",
                actor=actor,
                data={"missing": missing, "completion_due": due.isoformat()},
            )
            transaction.on_commit(
                lambda: _notify_reporter(
                    locked,
                    title=_("Laporan %(number)s perlu dilengkapi")
                    % {"number": locked.report.register_number},
                    body=_("Kekurangan: %(note)s. Batas melengkapi: %(due)s.")
                    % {"note": locked.missing_note, "due": due.strftime("%d-%m-%Y")},
                )
            )
            return locked
        locked.status = S.COMPLETE
        locked.completed_on = today
        return _save(
            locked,
            type="case_verified_complete",
            actor=actor,
            data={"after_finding": after_finding},
        )


def case_close_incomplete(*, case: Case, actor: Any, today: dt.date) -> Case:
    """Close an incomplete case whose completion window has passed: KPK does not follow up
    such reports (PerKPK 2/2019 Pasal 9 ayat (3) as amended by PerKPK 1/2026)."""
    with transaction.atomic():
        locked = _lock(case, S.INCOMPLETE)
        if locked.completion_due is None or today <= locked.completion_due:
            raise ConflictError(_("Batas kelengkapan belum lewat."), code=CaseError.NOT_YET_EXPIRED)
        locked.status = S.CLOSED
        locked.close_reason = Case.CloseReason.INCOMPLETE_EXPIRED
        locked.closed_on = today
        _save(locked, type="case_closed", actor=actor, data={"reason": locked.close_reason})
        transaction.on_commit(
            lambda: _notify_reporter(
                locked,
                title=_("Laporan %(number)s ditutup") % {"number": locked.report.register_number},
                body=str(Case.CloseReason.INCOMPLETE_EXPIRED.label),
            )
        )
        return locked


# --- messages -----------------------------------------------------------------------------


def case_message_send(*, case: Case, actor: User, body: str) -> CaseMessage:
    """A message on the case; from the reporter when the actor is the reporter, else from the
    UPG. The other side is notified."""
    body = body.strip()
    if not body:
        raise ApplicationError(_("Pesan tidak boleh kosong."), code=CaseError.INVALID)
    from_reporter = actor.employee_id == case.report.reporter_id
    with transaction.atomic():
        message = CaseMessage.objects.create(
            pemda_id=case.pemda_id,
            case=case,
            author=None if from_reporter else actor,  # the reporter: see CaseMessage.author
            from_reporter=from_reporter,
            body=body[:5000],
        )
        timeline_record(
            subject=case.report,
            type="case_message_from_reporter" if from_reporter else "case_message_from_upg",
            actor=actor,
            data={"message_id": message.pk},
        )
    title = _("Pesan baru pada laporan %(number)s") % {"number": case.report.register_number}
    if from_reporter:
        assignee = case.assignee
        if assignee is not None:
            url = reverse("cases:case_detail", kwargs={"case_id": case.pk})
            transaction.on_commit(
                lambda: notice_send(user=assignee, title=title, body=body[:300], url=url)
            )
    else:
        transaction.on_commit(lambda: _notify_reporter(case, title=title, body=body[:300]))
    return message


# --- analysis, KPK, decision, follow-up ----------------------------------------------------


def case_analyse(
    *,
    case: Case,
    actor: User,
    recommendation: str,
    must_report: bool,
    override_reason: str,
    today: dt.date,
) -> Case:
    """The UPG's analysis. *Wajib lapor* confirmed → analysed (ready for KPK). Judged *tidak
    wajib lapor* → the case closes with that reason. A judgement that differs from the stored
    assessment needs a reason."""
    if not recommendation.strip():
        raise ApplicationError(_("Tuliskan rekomendasi UPG."), code=CaseError.INVALID)
    with transaction.atomic():
        locked = _lock(case, S.COMPLETE)
        system_says = locked.report.must_report
        if system_says is not None and system_says != must_report and not override_reason.strip():
            raise ApplicationError(
                _("Penilaian berbeda dari hasil sistem: tuliskan alasannya."),
                code=CaseError.OVERRIDE_REASON_REQUIRED,
            )
        locked.recommendation = recommendation.strip()
        locked.must_report_confirmed = must_report
        locked.override_reason = override_reason.strip()
        locked.analysed_on = today
        data = {"must_report": must_report, "override": bool(locked.override_reason)}
        if must_report:
            locked.status = S.ANALYSED
            return _save(locked, type="case_analysed", actor=actor, data=data)
        locked.status = S.CLOSED
        locked.close_reason = Case.CloseReason.NOT_REPORTABLE
        locked.closed_on = today
        locked.close_note = locked.recommendation
        _save(locked, type="case_closed", actor=actor, data={**data, "reason": "not_reportable"})
        transaction.on_commit(
            lambda: _notify_reporter(
                locked,
                title=_("Laporan %(number)s selesai: tidak wajib lapor")
                % {"number": locked.report.register_number},
                body=locked.recommendation[:300],
            )
        )
        return locked


def case_forward_to_kpk(
    *,
    case: Case,
    actor: User,
    sent_on: dt.date,
    channel: str,
    gol_reference: str,
    today: dt.date,
    note: str = "",
) -> Case:
    """Record that the report went to KPK (GOL, e-mail or letter). Past the deadline it is
    recorded all the same, and the timeline says it was late."""
    if channel not in Case.Channel.values:
        raise ApplicationError(_("Pilih saluran pengiriman."), code=CaseError.INVALID)
    if channel == Case.Channel.GOL and not gol_reference.strip():
        raise ApplicationError(_("Isi nomor/rujukan laporan di GOL."), code=CaseError.INVALID)
    _not_future(sent_on, today, _("Tanggal pengiriman"))
    with transaction.atomic():
        locked = _lock(case, S.ANALYSED)
        if sent_on < locked.received_on:
            raise ApplicationError(
                _("Tanggal pengiriman tidak boleh sebelum laporan diterima UPG."),
                code=CaseError.INVALID,
            )
        locked.status = S.FORWARDED
        locked.forwarded_on = sent_on
        locked.forward_channel = channel
        locked.gol_reference = gol_reference.strip()[:100]
        late = bool(locked.forward_due and sent_on > locked.forward_due)
        legal_late = bool(locked.report.report_due and sent_on > locked.report.report_due)
        _save(
            locked,
            type="case_forwarded",
            actor=actor,
            data={
                "sent_on": sent_on.isoformat(),
                "channel": channel,
                "gol_reference": locked.gol_reference,
                "late": late,
                "past_30_hk": legal_late,
                "note": note.strip()[:2000],
            },
        )
        transaction.on_commit(
            lambda: _notify_reporter(
                locked,
                title=_("Laporan %(number)s diteruskan ke KPK")
                % {"number": locked.report.register_number},
                body=_("Dikirim %(day)s melalui %(channel)s.")
                % {
                    "day": sent_on.strftime("%d-%m-%Y"),
                    "channel": locked.get_forward_channel_display(),
                },
            )
        )
        return locked


def case_record_decision(
    *,
    case: Case,
    actor: User,
    decision: str,
    sk_number: str,
    sk_date: dt.date,
    signatory_level: str,
    appraised_value_idr: int | None,
    today: dt.date,
    note: str = "",
) -> Case:
    """Record KPK's SK (UU 30/2002 Pasal 17; GRATIFICATION_LAW.md §2.5). *Tidak dapat
    ditindaklanjuti* closes the case; a state decision starts the 7-HK hand-over window."""
    if decision not in Case.Decision.values:
        raise ApplicationError(_("Pilih status dalam SK KPK."), code=CaseError.INVALID)
    if signatory_level not in Case.SignatoryLevel.values:
        raise ApplicationError(_("Pilih penandatangan SK."), code=CaseError.INVALID)
    if not sk_number.strip():
        raise ApplicationError(_("Isi nomor SK."), code=CaseError.INVALID)
    _not_future(sk_date, today, _("Tanggal SK"))
    D = Case.Decision
    with transaction.atomic():
        locked = _lock(case, S.FORWARDED)
        if locked.forwarded_on and sk_date < locked.forwarded_on:
            raise ApplicationError(
                _("Tanggal SK tidak boleh sebelum laporan diteruskan ke KPK."),
                code=CaseError.INVALID,
            )
        locked.decision = decision
        locked.sk_number = sk_number.strip()[:100]
        locked.sk_date = sk_date
        locked.signatory_level = signatory_level
        locked.appraised_value_idr = appraised_value_idr
        data = {
            "decision": decision,
            "sk_number": locked.sk_number,
            "sk_date": sk_date.isoformat(),
            "note": note.strip()[:2000],
        }
        if decision == D.NOT_FOLLOWED:
            locked.status = S.CLOSED
            locked.close_reason = Case.CloseReason.KPK_NOT_FOLLOWED
            locked.closed_on = today
        else:
            locked.status = S.DECIDED
            if decision in (D.STATE, D.STATE_COMPENSABLE):
                locked.handover_due = handover_due_for(case=locked, sk_date=sk_date)
                data["handover_due"] = locked.handover_due.isoformat()
        _save(locked, type="case_decided", actor=actor, data=data)
        transaction.on_commit(
            lambda: _notify_reporter(
                locked,
                title=_("SK KPK untuk laporan %(number)s")
                % {"number": locked.report.register_number},
                body=_("Status: %(status)s (SK %(sk)s).")
                % {"status": locked.get_decision_display(), "sk": locked.sk_number},
            )
        )
        return locked


# Which follow-ups each decision allows, and the closing reason each gives.
FOLLOWUPS_ALLOWED: dict[str, tuple[str, ...]] = {
    Case.Decision.STATE: (Case.FollowUp.HANDOVER, Case.FollowUp.COMPENSATION),
    Case.Decision.STATE_COMPENSABLE: (Case.FollowUp.COMPENSATION, Case.FollowUp.HANDOVER),
    Case.Decision.RECIPIENT: (Case.FollowUp.RETURNED, Case.FollowUp.KEPT),
}
_CLOSE_FOR_FOLLOWUP = {
    Case.FollowUp.HANDOVER: Case.CloseReason.HANDED_OVER,
    Case.FollowUp.COMPENSATION: Case.CloseReason.COMPENSATED,
    Case.FollowUp.RETURNED: Case.CloseReason.RETURNED,
    Case.FollowUp.KEPT: Case.CloseReason.RECIPIENT_KEEPS,
}


def case_record_followup(
    *,
    case: Case,
    actor: User,
    followup: str,
    done_on: dt.date,
    today: dt.date,
    bast_number: str = "",
    handed_to: str = "",
    billing_code: str = "",
    ntpn: str = "",
    paid_idr: int | None = None,
    note: str = "",
) -> Case:
    """Record what became of the object after the SK, and close the case: hand-over with a BAST,
    payment with billing code and NTPN, return to the reporter, or the recipient keeps it."""
    F = Case.FollowUp
    _not_future(done_on, today, _("Tanggal tindak lanjut"))
    with transaction.atomic():
        locked = _lock(case, S.DECIDED)
        allowed = FOLLOWUPS_ALLOWED.get(locked.decision, ())
        if followup not in allowed:
            raise ApplicationError(
                _("Tindak lanjut ini tidak sesuai dengan status SK (%(status)s).")
                % {"status": locked.get_decision_display()},
                code=CaseError.FOLLOWUP_NOT_ALLOWED,
            )
        if locked.sk_date and done_on < locked.sk_date:
            raise ApplicationError(
                _("Tanggal tindak lanjut tidak boleh sebelum tanggal SK."), code=CaseError.INVALID
            )
        if followup == F.HANDOVER and not (bast_number.strip() and handed_to.strip()):
            raise ApplicationError(
                _("Isi nomor BAST dan pihak yang menerima."), code=CaseError.INVALID
            )
        if followup == F.COMPENSATION and not (billing_code.strip() and ntpn.strip() and paid_idr):
            raise ApplicationError(
                _("Isi kode billing, NTPN dan jumlah yang disetor."), code=CaseError.INVALID
            )
        if (
            followup in (F.HANDOVER, F.RETURNED)
            and locked.custody_items.filter(status=CustodyItem.Status.HELD).exists()
        ):
            raise ConflictError(
                _(
                    "Masih ada barang titipan di UPG: catat penyerahannya di buku barang "
                    "titipan (dengan tanda terima) lebih dahulu."
                ),
                code=CaseError.CUSTODY_HELD,
            )
        locked.followup = followup
        locked.followup_on = done_on
        locked.bast_number = bast_number.strip()[:100]
        locked.handed_to = handed_to.strip()[:200]
        locked.billing_code = billing_code.strip()[:30]
        locked.ntpn = ntpn.strip()[:30]
        locked.paid_idr = paid_idr
        locked.status = S.CLOSED
        locked.close_reason = _CLOSE_FOR_FOLLOWUP[F(followup)]
        locked.closed_on = today
        locked.close_note = note.strip()
        late = bool(locked.handover_due and done_on > locked.handover_due)
        return _save(
            locked,
            type="case_followed_up",
            actor=actor,
            data={
                "followup": followup,
                "done_on": done_on.isoformat(),
                "bast_number": locked.bast_number,
                "ntpn": locked.ntpn,
                "late": late,
                "note": locked.close_note[:2000],
            },
        )


# --- custody ledger ---------------------------------------------------------------------------


def _custody_number(*, pemda_id: int, year: int) -> str:
    return f"TTB/{year}/{counter_next(CustodyCounter, pemda_id=pemda_id, year=year):05d}"


def custody_receive(
    *,
    case: Case,
    actor: User,
    description: str,
    quantity: int,
    received_from: str,
    received_on: dt.date,
    storage_location: str,
    condition: str,
    today: dt.date,
    report_item: ReportItem | None = None,
) -> CustodyItem:
    """Take an object into the UPG's keeping (*barang titipan*) with a tanda terima number."""
    if not (description.strip() and received_from.strip() and storage_location.strip()):
        raise ApplicationError(
            _("Isi uraian barang, dari siapa diterima, dan tempat penyimpanan."),
            code=CaseError.INVALID,
        )
    if quantity < 1:
        raise ApplicationError(_("Jumlah paling sedikit 1."), code=CaseError.INVALID)
    _not_future(received_on, today, _("Tanggal diterima"))
    if report_item is not None and report_item.report_id != case.report_id:
        raise ApplicationError(_("Objek bukan bagian laporan ini."), code=CaseError.INVALID)
    with transaction.atomic():
        locked = _lock(case)
        if not locked.is_open:
            raise _wrong_state(locked, *[s for s in S.values if s != S.CLOSED])
        item = CustodyItem.objects.create(
            pemda_id=locked.pemda_id,
            case=locked,
            report_item=report_item,
            number=_custody_number(pemda_id=locked.pemda_id, year=received_on.year),
            description=description.strip()[:300],
            quantity=quantity,
            received_from=received_from.strip()[:200],
            received_on=received_on,
            received_by=actor,
            storage_location=storage_location.strip()[:200],
            condition=condition.strip()[:200] or "-",
        )
        timeline_record(
            subject=locked.report,
            type="custody_received",
            actor=actor,
            data={"number": item.number, "description": item.description},
        )
        return item


def custody_receive_with_photos(
    *, case: Case, actor: User, photos: list[Any], **fields: Any
) -> CustodyItem:
    """`custody_receive` with photos of the object: every photo is checked first; the object is
    recorded, then its photos stored on it."""
    for photo in photos:
        file_check(upload=photo)
    item = custody_receive(case=case, actor=actor, **fields)
    if photos:
        files_store(
            pemda=case.pemda,
            actor=actor,
            uploads=photos,
            subject=item,
            purpose=CUSTODY_PHOTO,
        )
    return item


def custody_release(
    *,
    item: CustodyItem,
    actor: User,
    released_to_kind: str,
    released_to: str,
    released_on: dt.date,
    today: dt.date,
    note: str = "",
) -> CustodyItem:
    """Hand a kept object over (to KPK, DJKN, back to the reporter…) with its own tanda terima."""
    if released_to_kind not in CustodyItem.ReleaseTo.values or not released_to.strip():
        raise ApplicationError(_("Isi kepada siapa barang diserahkan."), code=CaseError.INVALID)
    _not_future(released_on, today, _("Tanggal penyerahan"))
    with transaction.atomic():
        locked = (
            CustodyItem.objects.select_for_update().select_related("case__report").get(pk=item.pk)
        )
        if locked.status != CustodyItem.Status.HELD:
            raise ConflictError(_("Barang ini sudah diserahkan."), code=CaseError.CUSTODY_RELEASED)
        if released_on < locked.received_on:
            raise ApplicationError(
                _("Tanggal penyerahan tidak boleh sebelum barang diterima."),
                code=CaseError.INVALID,
            )
        locked.status = CustodyItem.Status.RELEASED
        locked.released_to_kind = released_to_kind
        locked.released_to = released_to.strip()[:200]
        locked.released_on = released_on
        locked.released_by = actor
        locked.release_number = _custody_number(pemda_id=locked.pemda_id, year=released_on.year)
        locked.release_note = note.strip()
        locked.save()
        timeline_record(
            subject=locked.case.report,
            type="custody_released",
            actor=actor,
            data={
                "number": locked.number,
                "release_number": locked.release_number,
                "to": locked.released_to,
            },
        )
        return locked


# --- confidential identity ---------------------------------------------------------------


def _require_upg_head(actor: User) -> None:
    if actor.pemda is None or actor.pemda.upg_head_id != actor.pk:
        raise ApplicationError(
            _("Hanya kepala UPG yang dapat memberi atau mencabut akses identitas pelapor."),
            code=CaseError.NOT_UPG_HEAD,
        )


def identity_access_grant(*, actor: User, user: User, reason: str) -> IdentityAccess:
    """The head of the central UPG lets `user` see confidential reporters' identities."""
    _require_upg_head(actor)
    pemda_id = actor.pemda_id
    if pemda_id is None or user.pemda_id != pemda_id:
        raise ApplicationError(_("Pengguna bukan dari pemda ini."), code=CaseError.INVALID)
    if not reason.strip():
        raise ApplicationError(_("Tuliskan alasan pemberian akses."), code=CaseError.INVALID)
    with transaction.atomic():
        existing = IdentityAccess.objects.filter(
            pemda_id=pemda_id, user=user, revoked_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        access = IdentityAccess.objects.create(
            pemda_id=pemda_id, user=user, granted_by=actor, reason=reason.strip()[:300]
        )
        timeline_record(
            subject=user,
            type="identity_access_granted",
            actor=actor,
            data={"reason": access.reason},
            pemda=actor.pemda,
        )
        return access


def identity_access_revoke(*, actor: User, access: IdentityAccess, now: dt.datetime) -> None:
    _require_upg_head(actor)
    with transaction.atomic():
        if access.revoked_at is None:
            access.revoked_at = now
            access.save(update_fields=["revoked_at", "updated_at"])
            timeline_record(
                subject=access.user,
                type="identity_access_revoked",
                actor=actor,
                pemda=actor.pemda,
            )


def reporter_identity_viewed(*, report: GiftReport, actor: User) -> None:
    """Log that `actor` saw the identity of a confidential reporter (issue #4 point 11)."""
    timeline_record(subject=report, type="identity_viewed", actor=actor)
