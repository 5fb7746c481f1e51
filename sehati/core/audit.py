"""Timeline helper: record an event in the same transaction as the change it describes."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sehati.core.audit_chain import GENESIS, Break, event_hash
from sehati.core.models import AuditChainHead, TimelineEvent

# What each event type means, for people (the code stays in the data and the API).
EVENT_LABELS: dict[str, Any] = {
    "demo_built": _("Data demo dibangun"),
    # UU PDP (issue #9 point 3)
    "retention_rule_set": _("Jadwal retensi diatur"),
    "retention_run": _("Retensi data dijalankan"),
    "retention_anonymised": _("Data pribadi dianonimkan (retensi)"),
    "retention_deleted": _("Data dihapus (retensi)"),
    "legal_hold_placed": _("Penahanan hukum dipasang"),
    "legal_hold_released": _("Penahanan hukum dilepas"),
    "dsr_received": _("Permintaan subjek data diterima"),
    "dsr_closed": _("Permintaan subjek data diselesaikan"),
    "access_report_viewed": _("Laporan akses data pribadi dibuka"),
    "pemda_created": _("Pemda dibuat"),
    "role_granted": _("Peran diberikan"),
    "token_created": _("Token API dibuat"),
    "token_revoked": _("Token API dicabut"),
    "roster_import_uploaded": _("Berkas data pegawai diunggah"),
    "roster_import_validated": _("Berkas data pegawai diperiksa"),
    "roster_import_commit_requested": _("Penyimpanan data pegawai diminta"),
    "roster_import_committed": _("Data pegawai disimpan"),
    "roster_import_failed": _("Impor data pegawai gagal"),
    "report_draft_created": _("Konsep laporan dibuat"),
    "report_draft_updated": _("Konsep laporan diubah"),
    "report_submitted": _("Laporan dikirim"),
    "file_attached": _("Berkas dilampirkan"),
    "document_generated": _("Dokumen dibuat"),
    "letter_template_created": _("Templat surat dibuat"),
    "letter_template_updated": _("Templat surat diubah"),
    "case_opened": _("Laporan diterima UPG"),
    "case_verification_started": _("Verifikasi dimulai"),
    "case_assigned": _("Petugas kasus ditetapkan"),
    "case_documents_requested": _("Kelengkapan diminta dari pelapor"),
    "case_verified_complete": _("Laporan dinyatakan lengkap"),
    "case_analysed": _("Analisis UPG: wajib lapor"),
    "case_forwarded": _("Diteruskan ke KPK"),
    "case_decided": _("SK KPK dicatat"),
    "case_followed_up": _("Tindak lanjut SK dicatat, kasus selesai"),
    "case_closed": _("Kasus ditutup"),
    "case_message_from_reporter": _("Pesan dari pelapor"),
    "case_message_from_upg": _("Pesan dari UPG"),
    "custody_received": _("Barang dititipkan di UPG"),
    "custody_released": _("Barang titipan diserahkan"),
    "identity_viewed": _("Identitas pelapor rahasia dilihat"),
    "identity_access_granted": _("Akses identitas pelapor diberikan"),
    "identity_access_revoked": _("Akses identitas pelapor dicabut"),
    "tip_received": _("Aduan masyarakat diterima"),
    "tip_message_from_tipster": _("Pesan dari pengadu"),
    "tip_message_from_upg": _("Pesan UPG kepada pengadu"),
    "tip_status_changed": _("Status aduan diubah"),
    # UP3 (issue #5)
    "monitor_registered": _("Pemantau UP3 didaftarkan"),
    "monitor_updated": _("Data pemantau UP3 diubah"),
    "monitor_account_created": _("Akun pemantau UP3 dibuat"),
    "prone_service_marked": _("Layanan rawan gratifikasi ditandai"),
    "prone_service_updated": _("Layanan rawan gratifikasi diubah"),
    "checklist_item_added": _("Butir daftar periksa ditambahkan"),
    "checklist_item_updated": _("Butir daftar periksa diubah"),
    "visit_draft_saved": _("Draf kunjungan disimpan"),
    "visit_submitted": _("Kunjungan dikirim"),
    "finding_opened": _("Temuan dicatat dan dikirim ke kepala OPD"),
    "finding_responded": _("Kepala OPD menanggapi temuan"),
    "finding_returned": _("Tanggapan dikembalikan UPG"),
    "finding_closed": _("Temuan diselesaikan"),
    "finding_escalated": _("Temuan dieskalasi ke UPG dan Inspektorat"),
    "finding_kpk_marked": _("Temuan ditandai untuk KPK"),
    "finding_employee_linked": _("ASN yang terlibat dicatat"),
    "meeting_recorded": _("Rapat koordinasi dicatat"),
    "meeting_updated": _("Rapat koordinasi diubah"),
    # Periodic declarations (issue #6 point 1)
    "declaration_period_opened": _("Periode deklarasi dibuka"),
    "declaration_period_updated": _("Periode deklarasi diubah"),
    "declaration_period_closed": _("Periode deklarasi ditutup; jawaban dibekukan"),
    "declaration_period_reminded": _("Pengingat deklarasi dikirim"),
    "declaration_answered": _("Deklarasi dijawab"),
    "declaration_answer_changed": _("Jawaban deklarasi diubah"),
    "declaration_sanction_opened": _("Kasus sanksi dibuka dari deklarasi"),
    # Sanction cases and the TPP payroll list (issue #6)
    "sanction_case_opened": _("Kasus sanksi dibuka"),
    "sanction_decided": _("Putusan kasus sanksi dicatat"),
    "sanction_appeal_decided": _("Putusan keberatan dicatat"),
    "sanction_gift_added": _("Pemberian dicatat pada kasus sanksi"),
    "sanction_step_summons": _("Panggilan pemeriksaan dicatat"),
    "sanction_step_clarification": _("Klarifikasi dan notulanya dicatat"),
    "sanction_step_evidence": _("Bukti pemeriksaan ditambahkan"),
    "sanction_step_note": _("Catatan pemeriksaan ditambahkan"),
    "sanction_appeal_filed": _("Keberatan diajukan"),
    "sanction_discipline_recorded": _("Hukuman disiplin PP 94/2021 dicatat"),
    "sanction_discipline_updated": _("Hukuman disiplin PP 94/2021 diubah"),
    "sanction_letter_printed": _("Surat kasus sanksi dicetak"),
    "payroll_month_processed": _("Daftar potongan TPP sebulan ditandai diproses"),
    "sanction_rule_created": _("Aturan sanksi TPP dicatat"),
    "sanction_rule_updated": _("Aturan sanksi TPP diubah"),
    # Socialisation events (issue #7 point 1)
    "outreach_event_created": _("Kegiatan sosialisasi direncanakan"),
    "outreach_event_updated": _("Kegiatan sosialisasi diubah"),
    "outreach_event_held": _("Kegiatan sosialisasi ditandai terlaksana"),
    "outreach_event_cancelled": _("Kegiatan sosialisasi dibatalkan"),
    "outreach_participant_registered": _("Peserta mendaftar"),
    "outreach_participant_checked_in": _("Peserta presensi dengan kode QR"),
    "outreach_participant_added": _("Peserta ditambahkan UPG"),
    "outreach_attendance_recorded": _("Kehadiran dicatat dari daftar hadir"),
    "outreach_attendance_cancelled": _("Kehadiran peserta dibatalkan"),
    "outreach_certificate_issued": _("Sertifikat diterbitkan"),
    # Question bank and pre/post tests (issue #7 point 1)
    "outreach_question_created": _("Soal ditambahkan ke bank soal"),
    "outreach_question_updated": _("Soal diubah"),
    "outreach_question_activated": _("Soal diaktifkan"),
    "outreach_question_deactivated": _("Soal dinonaktifkan"),
    "outreach_question_deleted": _("Soal dihapus dari bank soal"),
    "outreach_question_bank_loaded": _("Bank soal bawaan dimuat"),
    "outreach_quiz_configured": _("Soal tes diatur"),
    "outreach_quiz_opened": _("Tes dibuka"),
    "outreach_quiz_closed": _("Tes ditutup"),
    "outreach_quiz_submitted": _("Peserta mengirim jawaban tes"),
    # Action plans (issue #7 point 3)
    "action_plan_created": _("Rencana aksi dicatat"),
    "action_plan_updated": _("Rencana aksi diubah"),
    "action_plan_cancelled": _("Rencana aksi dibatalkan"),
    "action_plan_progress_reported": _("Kemajuan rencana aksi dilaporkan"),
    "action_plan_done": _("Rencana aksi dinyatakan selesai"),
    "action_plan_reopened": _("Rencana aksi dibuka lagi"),
    "action_plan_linked": _("Tautan rencana aksi ditambahkan"),
    "action_plan_unlinked": _("Tautan rencana aksi dihapus"),
    # Integrity scores register (issue #7 point 2)
    "score_recorded": _("Skor integritas dicatat"),
    "score_updated": _("Skor integritas diubah"),
    "score_deleted": _("Skor integritas dihapus"),
    "score_rebanded": _("Band skor integritas dihitung ulang"),
    "score_import_checked": _("Berkas skor integritas diunggah dan diperiksa"),
    "score_import_committed": _("Impor skor integritas disimpan"),
    "recap_issued": _("Rekap periodik diterbitkan"),
    "file_downloaded": _("Berkas diunduh"),
}


def event_label(event_type: str) -> str:
    return str(EVENT_LABELS.get(event_type, event_type))


def timeline_record(
    *,
    subject: models.Model,
    type: str,
    actor: Any = None,
    data: dict[str, Any] | None = None,
    pemda: Any = None,
) -> TimelineEvent:
    """Append one event about `subject`. Call inside the service's transaction.

    `pemda` defaults to the subject's own pemda (or the subject itself when it is a Pemda).
    """
    if pemda is None:
        pemda = getattr(subject, "pemda", None)
        if pemda is None and subject._meta.label == "org.Pemda":
            pemda = subject
    actor_user = actor if getattr(actor, "is_authenticated", False) else None
    label = ""
    if actor_user is not None:
        label = actor_user.get_full_name() or actor_user.get_username()
        # A subject may hide who acted (a confidential reporter on their own report).
        masked = getattr(subject, "timeline_actor_label", None)
        if callable(masked):
            label = masked(actor_user) or label
        # …and may keep the account out of the event: the reporter acting on their report is
        # known from the report, whose reporter is sealed when confidential (issue #9 point 1).
        hidden = getattr(subject, "timeline_actor_hidden", None)
        if callable(hidden) and hidden(actor_user):
            actor_user = None
            data = {**(data or {}), "by_reporter": True}
    elif isinstance(actor, str):
        label = actor
    return _append(
        pemda=pemda,
        subject=subject,
        type=type,
        actor=actor_user,
        actor_label=label,
        data=data or {},
    )


def _head(chain: int) -> AuditChainHead:
    """The chain's last link, locked until the end of the transaction."""
    try:
        return AuditChainHead.objects.select_for_update().get(chain=chain)
    except AuditChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                AuditChainHead.objects.create(chain=chain)
        except IntegrityError:
            pass  # created meanwhile by another writer
        return AuditChainHead.objects.select_for_update().get(chain=chain)


def _append(
    *, pemda: Any, subject: models.Model, type: str, actor: Any, actor_label: str, data: Any
) -> TimelineEvent:
    """Append the event to its pemda's chain (sehati/core/audit_chain.py)."""
    chain = pemda.pk if pemda is not None else 0
    subject_type = ContentType.objects.get_for_model(subject, for_concrete_model=True)
    with transaction.atomic():
        head = _head(chain)
        seq = head.seq + 1
        now = timezone.now()
        actor_ref = actor.pk if actor is not None else None
        digest = event_hash(
            prev_hash=head.hash or GENESIS,
            chain=chain,
            seq=seq,
            subject=f"{subject_type.app_label}.{subject_type.model}",
            subject_id=int(subject.pk),
            type=type,
            actor_ref=actor_ref,
            data=data,
            created_at=now,
        )
        event = TimelineEvent.objects.create(
            pemda=pemda,
            subject_type=subject_type,
            subject_id=subject.pk,
            type=type,
            actor=actor,
            actor_label=actor_label,
            data=data,
            created_at=now,
            seq=seq,
            actor_ref=actor_ref,
            prev_hash=head.hash or GENESIS,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return event


def timeline_for(subject: models.Model) -> models.QuerySet[TimelineEvent]:
    """The events about one object, newest first."""
    return TimelineEvent.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject, for_concrete_model=True),
        subject_id=subject.pk,
    ).select_related("actor")


def audit_verify(*, chain: int | None = None) -> tuple[int, list[Break]]:
    """Walk every chain (or one) from its first event and return the number of events checked
    and the first broken link of each broken chain: an event whose hash does not match its
    facts (edited), whose previous hash is not its predecessor's (inserted or reordered), a gap
    in the sequence (deleted), or a head that is not the last event (deleted at the end)."""
    heads = {h.chain: h for h in AuditChainHead.objects.all()}
    chains = sorted(heads) if chain is None else [chain]
    breaks: list[Break] = []
    checked = 0
    for c in chains:
        events = TimelineEvent.objects.filter(seq__isnull=False).order_by("seq")
        events = events.filter(pemda_id=c) if c else events.filter(pemda_id__isnull=True)
        prev, expected = GENESIS, 1
        found: Break | None = None
        for e in events.select_related("subject_type").iterator(chunk_size=2000):
            checked += 1
            if e.seq != expected:
                found = Break(c, e.pk, e.seq, f"urutan {expected} hilang (terhapus?)")
                break
            digest = event_hash(
                prev_hash=e.prev_hash,
                chain=c,
                seq=e.seq,
                subject=f"{e.subject_type.app_label}.{e.subject_type.model}",
                subject_id=e.subject_id,
                type=e.type,
                actor_ref=e.actor_ref,
                data=e.data,
                created_at=e.created_at,
            )
            if e.prev_hash != prev:
                found = Break(c, e.pk, e.seq, "tidak bersambung dengan peristiwa sebelumnya")
                break
            if digest != e.hash:
                found = Break(c, e.pk, e.seq, "isinya berubah setelah dicatat")
                break
            prev, expected = e.hash, expected + 1
        head = heads.get(c)
        if found is None and head is not None and (head.seq != expected - 1 or head.hash != prev):
            found = Break(c, None, head.seq, "peristiwa terakhir hilang (terhapus?)")
        if found is not None:
            breaks.append(found)
    return checked, breaks
