"""Visits by UP3 monitors (issue #5 point 3): services that write them, selectors that read them.

A visit is filed from a phone on a slow connection, so saving is idempotent by the form's
`client_uuid`: a resent form finds the same visit and never adds a second visit, finding or copy
of a photo. A draft keeps everything (photos included) until the monitor sends it; sending turns
each finding draft into a finding for the head of the OPD (`findings.finding_open`).

Finding drafts of an unsent visit are kept in `Visit.finding_drafts` (`visit_finding_drafts`
reads them back).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError, FileError
from sehati.core.files import file_access_register, file_check, files_for, files_store
from sehati.core.models import StoredFile
from sehati.monitoring.models import ChecklistItem, Finding, Monitor, ProneService, Visit
from sehati.org.models import ServiceUnit

PHOTO = "visit_photo"  # the purpose of a visit's photos among stored files
MAX_PHOTOS = 6
MAX_FINDINGS = 3
MAX_NARRATIVE = 10_000
# Photos only: what phones and browsers produce (HEIC is what iPhones send). No PDF.
PHOTO_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp", "heic"})
ANSWERS = (ChecklistItem.Answer.YES.value, ChecklistItem.Answer.NO.value)
AnswerValue = Literal["ya", "tidak"]


class VisitError(StrEnum):
    INVALID = "visit_invalid"
    NOT_ON_DUTY = "visit_monitor_not_on_duty"
    INCOMPLETE = "visit_incomplete"
    ALREADY_SUBMITTED = "visit_already_submitted"
    PHOTO_NOT_IMAGE = "visit_photo_not_image"
    TOO_MANY_PHOTOS = "visit_too_many_photos"
    NO_MONITOR = "visit_no_monitor"


@dataclass(frozen=True)
class FindingDraft:
    """A finding as the monitor writes it on the visit form; opened when the visit is sent."""

    category: str
    severity: str
    description: str
    person_description: str = ""
    gift_description: str = ""


@dataclass(frozen=True)
class VisitSaved:
    visit: Visit
    created: bool  # False: the form's uuid was already used (resent form, continued draft)


def _invalid(message: str, code: VisitError = VisitError.INVALID) -> ApplicationError:
    return ApplicationError(message, code=code)


class _AlreadySubmitted(Exception):
    """Raised inside the write when a concurrent request sent the visit first."""

    def __init__(self, visit: Visit) -> None:
        self.visit = visit


# --- validation (writes nothing) ----------------------------------------------------------------


def _coordinate(value: Any, limit: int, label: str) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        raise _invalid(_("%(label)s bukan angka.") % {"label": label}) from None
    if not number.is_finite() or not -limit <= number <= limit:
        raise _invalid(
            _("%(label)s harus di antara -%(limit)s dan %(limit)s.")
            % {"label": label, "limit": limit}
        )
    return number


def _location(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise _invalid(_("Lokasi harus berisi lintang dan bujur sekaligus, atau dikosongkan."))
    return _coordinate(latitude, 90, _("Lintang")), _coordinate(longitude, 180, _("Bujur"))


def checklist_active(*, pemda: Any) -> list[ChecklistItem]:
    """The checklist a monitor fills in now, in the UPG's order."""
    return list(
        ChecklistItem.objects.filter(pemda=pemda, is_active=True).order_by("position", "id")
    )


def _answers_snapshot(
    *, items: list[ChecklistItem], answers: dict[int, str], submit: bool
) -> list[dict[str, Any]]:
    """The checklist as the monitor saw it (Visit.answers): every active item with its answer."""
    by_id = {item.pk: item for item in items}
    for key, value in answers.items():
        if key not in by_id:
            raise _invalid(
                _("Butir daftar periksa #%(id)s tidak dikenal atau sudah tidak aktif.")
                % {"id": key}
            )
        if value not in (*ANSWERS, ""):
            raise _invalid(_("Jawaban daftar periksa hanya “ya” atau “tidak”."))
    snapshot = [
        {
            "item": item.pk,
            "text": item.text,
            "answer": answers.get(item.pk, ""),
            "good": item.good_answer,
            "category": item.finding_category,
        }
        for item in items
    ]
    if submit:
        missing = [str(row["text"]) for row in snapshot if not row["answer"]]
        if missing:
            raise _invalid(
                _("Jawab semua butir daftar periksa sebelum mengirim. Belum dijawab: %(items)s.")
                % {"items": "; ".join(missing)},
                VisitError.INCOMPLETE,
            )
    return snapshot


def _min_description() -> int:
    from sehati.monitoring.findings import MIN_DESCRIPTION

    return int(MIN_DESCRIPTION)


def _findings_clean(findings: Sequence[FindingDraft], *, submit: bool) -> list[FindingDraft]:
    cleaned = []
    for draft in findings:
        item = FindingDraft(
            category=(draft.category or "").strip(),
            severity=(draft.severity or "").strip(),
            description=(draft.description or "").strip()[:MAX_NARRATIVE],
            person_description=(draft.person_description or "").strip()[:300],
            gift_description=(draft.gift_description or "").strip()[:300],
        )
        if not any(asdict(item).values()):
            continue  # an empty block of the form
        if item.category and item.category not in Finding.Category.values:
            raise _invalid(_("Kategori temuan tidak dikenal."))
        if item.severity and item.severity not in Finding.Severity.values:
            raise _invalid(_("Tingkat temuan tidak dikenal."))
        if submit and not (item.category and item.severity and item.description):
            raise _invalid(
                _("Setiap temuan perlu kategori, tingkat, dan uraian sebelum kunjungan dikirim."),
                VisitError.INCOMPLETE,
            )
        if submit and len(item.description) < _min_description():
            raise _invalid(
                _("Uraikan setiap temuan paling sedikit dalam satu kalimat (10 huruf)."),
                VisitError.INCOMPLETE,
            )
        cleaned.append(item)
    if len(cleaned) > MAX_FINDINGS:
        raise _invalid(_("Paling banyak %(n)s temuan per kunjungan.") % {"n": MAX_FINDINGS})
    return cleaned


def _photos_check(
    uploads: Sequence[UploadedFile], *, existing: set[str], room: int
) -> list[UploadedFile]:
    """Check every photo (writes nothing); drop those already on the visit or sent twice."""
    fresh: list[UploadedFile] = []
    seen = set(existing)
    for upload in uploads:
        checked = file_check(upload=upload)
        if checked.extension not in PHOTO_EXTENSIONS:
            raise ApplicationError(
                _(
                    "“%(name)s” bukan foto: unggah gambar JPG, PNG, WebP, atau HEIC (PDF tidak "
                    "diterima sebagai foto kunjungan). Tidak ada yang disimpan."
                )
                % {"name": checked.name},
                code=VisitError.PHOTO_NOT_IMAGE,
                extra={"name": checked.name},
            )
        if checked.sha256 in seen:
            continue
        seen.add(checked.sha256)
        fresh.append(upload)
    if len(fresh) > room:
        raise ApplicationError(
            _("Paling banyak %(n)s foto per kunjungan. Tidak ada yang disimpan.")
            % {"n": MAX_PHOTOS},
            code=VisitError.TOO_MANY_PHOTOS,
        )
    return fresh


def _photo_hashes(visit: Visit) -> set[str]:
    return set(files_for(visit, PHOTO).values_list("sha256", flat=True))


def _photo_count(visit: Visit) -> int:
    return files_for(visit, PHOTO).count()


# --- writing ------------------------------------------------------------------------------------


def _store(
    *,
    visit: Visit,
    actor: Any,
    photos: Sequence[UploadedFile],
    write: Callable[[], None],
) -> None:
    """Run `write` and store `photos` in one transaction: all or nothing.

    `files_store` must not run inside an enclosing transaction (a rollback after it returned
    would leave blobs behind), so the DB writes run as its guard, in its own transaction, before
    any blob is written; a failure anywhere rolls the rows back and deletes written blobs. For a
    new visit `visit` is unsaved when passed and `write` saves it: `files_store` reads the
    subject's key only after the guard."""
    if not photos:
        with transaction.atomic():
            write()
        return
    files_store(
        pemda=visit.pemda,
        actor=actor,
        uploads=photos,
        subject=visit,
        purpose=PHOTO,
        guard=write,
    )


def _finding_open(*, visit: Visit, actor: Any, draft: FindingDraft, today: dt.date) -> Finding:
    from sehati.monitoring.findings import finding_open

    return finding_open(
        pemda=visit.pemda,
        actor=actor,
        source=Finding.Source.VISIT,
        category=draft.category,
        severity=draft.severity,
        description=draft.description,
        observed_on=visit.visited_on,
        today=today,
        service_unit=visit.service_unit,
        opd=visit.service_unit.opd,
        visit=visit,
        person_description=draft.person_description,
        gift_description=draft.gift_description,
    )


def visit_save(
    *,
    monitor: Monitor,
    actor: Any,
    client_uuid: uuid.UUID | str,
    service_unit_id: int,
    visited_on: dt.date,
    answers: dict[int, str],
    narrative: str,
    today: dt.date,
    prone_service_id: int | None = None,
    latitude: Any = None,
    longitude: Any = None,
    findings: Sequence[FindingDraft] = (),
    photos: Sequence[UploadedFile] = (),
    submit: bool,
) -> VisitSaved:
    """Save a monitor's visit form as a draft, or send it (`submit`).

    Idempotent by (pemda, client_uuid): a visit already sent with this uuid is returned unchanged
    (a resent form never duplicates the visit, its findings or its photos); a draft is updated
    (photos already on it, by SHA-256, are skipped). A uuid of another monitor's visit is a 404.
    Everything is validated before anything is written; the visit, its photos, its timeline event
    and (on sending) its findings are written together or not at all.

    Rules: the monitor is active and within the decree's term on `today`; the unit is active and
    of the pemda; the titik rawan belongs to the unit; the visit date lies within the term and not
    after today; a location has both coordinates or none; answers only for active checklist
    items. Sending needs every item answered (ya/tidak), a narrative, and complete findings."""
    try:
        key = uuid.UUID(str(client_uuid))
    except ValueError:
        raise _invalid(_("Kode formulir tidak sah; muat ulang formulir.")) from None
    args = {
        "monitor": monitor,
        "actor": actor,
        "client_uuid": key,
        "service_unit_id": service_unit_id,
        "visited_on": visited_on,
        "answers": answers,
        "narrative": narrative,
        "today": today,
        "prone_service_id": prone_service_id,
        "latitude": latitude,
        "longitude": longitude,
        "findings": findings,
        "photos": photos,
        "submit": submit,
    }
    try:
        return _visit_save_once(**args)
    except IntegrityError:
        # Two copies of a new form raced: the other one created the visit. Save again onto it.
        if not Visit.objects.filter(pemda_id=monitor.pemda_id, client_uuid=key).exists():
            raise
        for upload in photos:
            upload.seek(0)
        return _visit_save_once(**args)


def _visit_save_once(
    *,
    monitor: Monitor,
    actor: Any,
    client_uuid: uuid.UUID,
    service_unit_id: int,
    visited_on: dt.date,
    answers: dict[int, str],
    narrative: str,
    today: dt.date,
    prone_service_id: int | None,
    latitude: Any,
    longitude: Any,
    findings: Sequence[FindingDraft],
    photos: Sequence[UploadedFile],
    submit: bool,
) -> VisitSaved:
    pemda = monitor.pemda
    existing = (
        Visit.objects.select_related("pemda").filter(pemda=pemda, client_uuid=client_uuid).first()
    )
    if existing is not None:
        if existing.monitor_id != monitor.pk:
            raise Http404
        if existing.status == Visit.Status.SUBMITTED:
            return VisitSaved(visit=existing, created=False)

    if not monitor.on_duty(today):
        raise _invalid(
            _(
                "Anda tidak sedang bertugas sebagai pemantau UP3 (di luar masa tugas atau tidak "
                "aktif); kunjungan tidak dapat dicatat."
            ),
            VisitError.NOT_ON_DUTY,
        )
    unit = (
        ServiceUnit.objects.select_related("opd")
        .filter(pk=service_unit_id, pemda=pemda, is_active=True)
        .first()
    )
    if unit is None:
        raise _invalid(_("Pilih unit layanan yang aktif."))
    prone = None
    if prone_service_id is not None:
        prone = ProneService.objects.filter(
            pk=prone_service_id, pemda=pemda, service_unit=unit, is_active=True
        ).first()
        if prone is None:
            raise _invalid(_("Layanan rawan yang dipilih bukan layanan unit ini."))
    if visited_on > today:
        raise _invalid(_("Tanggal kunjungan tidak boleh sesudah hari ini."))
    if visited_on < monitor.term_start:
        raise _invalid(
            _("Tanggal kunjungan tidak boleh sebelum masa tugas Anda mulai (%(day)s).")
            % {"day": monitor.term_start.strftime("%d-%m-%Y")}
        )
    lat, lon = _location(latitude, longitude)
    snapshot = _answers_snapshot(
        items=checklist_active(pemda=pemda), answers=answers, submit=submit
    )
    text = (narrative or "").strip()
    if len(text) > MAX_NARRATIVE:
        raise _invalid(_("Uraian terlalu panjang (paling banyak 10.000 karakter)."))
    if submit and not text:
        raise _invalid(_("Tuliskan uraian kunjungan sebelum mengirim."), VisitError.INCOMPLETE)
    drafts = _findings_clean(findings, submit=submit)
    on_visit = _photo_hashes(existing) if existing is not None else set()
    fresh = _photos_check(photos, existing=on_visit, room=MAX_PHOTOS - len(on_visit))

    visit = existing or Visit(pemda=pemda, monitor=monitor, client_uuid=client_uuid)

    def write() -> None:
        if existing is not None:
            locked = Visit.objects.select_for_update().get(pk=existing.pk)
            if locked.status == Visit.Status.SUBMITTED:
                raise _AlreadySubmitted(locked)
            if _photo_count(locked) + len(fresh) > MAX_PHOTOS:
                raise ApplicationError(
                    _("Paling banyak %(n)s foto per kunjungan. Tidak ada yang disimpan.")
                    % {"n": MAX_PHOTOS},
                    code=VisitError.TOO_MANY_PHOTOS,
                )
        visit.service_unit = unit
        visit.prone_service = prone
        visit.visited_on = visited_on
        visit.latitude, visit.longitude = lat, lon
        visit.answers = snapshot
        visit.narrative = text
        visit.finding_drafts = [] if submit else [asdict(d) for d in drafts]
        if submit:
            visit.status = Visit.Status.SUBMITTED
            visit.submitted_at = timezone.now()
        visit.save()
        if submit:
            for draft in drafts:
                _finding_open(visit=visit, actor=actor, draft=draft, today=today)
            timeline_record(
                subject=visit,
                type="visit_submitted",
                actor=actor,
                data={"findings": len(drafts), "photos": len(fresh) + len(on_visit)},
            )
        else:
            timeline_record(
                subject=visit,
                type="visit_draft_saved",
                actor=actor,
                data={"findings": len(drafts)},
            )

    try:
        _store(visit=visit, actor=actor, photos=fresh, write=write)
    except _AlreadySubmitted as done:
        return VisitSaved(visit=done.visit, created=False)
    return VisitSaved(visit=visit, created=existing is None)


def visit_finding_drafts(visit: Visit) -> list[FindingDraft]:
    """The finding drafts saved with the visit's latest draft (none once it is sent)."""
    if visit.status != Visit.Status.DRAFT:
        return []
    rows = visit.finding_drafts or []
    fields = set(FindingDraft.__dataclass_fields__)
    return [
        FindingDraft(**{k: str(v) for k, v in row.items() if k in fields})
        for row in rows
        if isinstance(row, dict) and {"category", "severity", "description"} <= set(row)
    ]


def visit_answers_of(visit: Visit) -> dict[int, str]:
    """The answers stored on a visit, by checklist item id."""
    return {
        int(row["item"]): str(row.get("answer") or "")
        for row in visit.answers or []
        if isinstance(row, dict) and row.get("item")
    }


def visit_submit(*, visit: Visit, actor: Any, monitor: Monitor, today: dt.date) -> Visit:
    """Send a saved draft as it stands (with the finding drafts saved on it). A visit already
    sent is returned unchanged (a resent request). Same rules as `visit_save(submit=True)`;
    answers to checklist items the UPG has since retired are dropped."""
    if visit.monitor_id != monitor.pk:
        raise Http404
    if visit.status == Visit.Status.SUBMITTED:
        return visit
    active = {item.pk for item in checklist_active(pemda=visit.pemda)}
    answers = {k: v for k, v in visit_answers_of(visit).items() if k in active}
    return visit_save(
        monitor=monitor,
        actor=actor,
        client_uuid=visit.client_uuid,
        service_unit_id=visit.service_unit_id,
        visited_on=visit.visited_on,
        answers=answers,
        narrative=visit.narrative,
        today=today,
        prone_service_id=visit.prone_service_id,
        latitude=visit.latitude,
        longitude=visit.longitude,
        findings=visit_finding_drafts(visit),
        submit=True,
    ).visit


def visit_photos_add(
    *, visit: Visit, actor: Any, monitor: Monitor, uploads: Sequence[UploadedFile]
) -> list[StoredFile]:
    """Add photos to the monitor's own draft visit, all or none; photos already on the visit
    (same SHA-256) are skipped, so a resent upload adds nothing. A sent visit takes no new
    photos (resending ones it already has is not an error)."""
    if visit.monitor_id != monitor.pk:
        raise Http404
    if not uploads:
        raise ApplicationError(_("Pilih foto yang akan diunggah."), code=FileError.MISSING)
    on_visit = _photo_hashes(visit)
    fresh = _photos_check(uploads, existing=on_visit, room=MAX_PHOTOS - len(on_visit))
    if not fresh:
        return []
    if visit.status == Visit.Status.SUBMITTED:
        raise ConflictError(
            _("Kunjungan ini sudah dikirim; foto tidak dapat ditambahkan lagi."),
            code=VisitError.ALREADY_SUBMITTED,
        )

    def guard() -> None:
        locked = Visit.objects.select_for_update().get(pk=visit.pk)
        if locked.status == Visit.Status.SUBMITTED:
            raise ConflictError(
                _("Kunjungan ini sudah dikirim; foto tidak dapat ditambahkan lagi."),
                code=VisitError.ALREADY_SUBMITTED,
            )
        if _photo_count(locked) + len(fresh) > MAX_PHOTOS:
            raise ApplicationError(
                _("Paling banyak %(n)s foto per kunjungan. Tidak ada yang disimpan.")
                % {"n": MAX_PHOTOS},
                code=VisitError.TOO_MANY_PHOTOS,
            )

    return files_store(
        pemda=visit.pemda, actor=actor, uploads=fresh, subject=visit, purpose=PHOTO, guard=guard
    )


# --- who may see the photos -----------------------------------------------------------------


def visit_file_access(user: Any, visit: Visit) -> bool:
    """Whoever may see the visit, or a finding from it (the head of the OPD concerned)."""
    from sehati.accounts.policies import finding_scope_for, visit_scope_for

    return (
        visit_scope_for(user).filter(pk=visit.pk).exists()
        or finding_scope_for(user).filter(visit=visit).exists()
    )


def register() -> None:
    file_access_register("monitoring.Visit", visit_file_access)


# --- selectors ----------------------------------------------------------------------------------


def visit_list_for(
    user: Any,
    *,
    kecamatan_id: int | None = None,
    monitor_id: int | None = None,
    unit_id: int | None = None,
    status: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    q: str = "",
) -> QuerySet[Visit]:
    """The visits the user may see, filtered, newest first, with what a list shows."""
    from sehati.accounts.policies import visit_scope_for

    visits = visit_scope_for(user)
    if kecamatan_id:
        visits = visits.filter(service_unit__kecamatan_id=kecamatan_id)
    if monitor_id:
        visits = visits.filter(monitor_id=monitor_id)
    if unit_id:
        visits = visits.filter(service_unit_id=unit_id)
    if status in Visit.Status.values:
        visits = visits.filter(status=status)
    if date_from:
        visits = visits.filter(visited_on__gte=date_from)
    if date_to:
        visits = visits.filter(visited_on__lte=date_to)
    if q:
        visits = visits.filter(
            Q(narrative__icontains=q)
            | Q(service_unit__name__icontains=q)
            | Q(monitor__name__icontains=q)
            | Q(prone_service__name__icontains=q)
        )
    return (
        visits.select_related("monitor", "service_unit", "service_unit__kecamatan", "prone_service")
        .annotate(finding_count=Count("findings", distinct=True))
        .order_by("-visited_on", "-id")
    )


def visit_units_grouped(
    *, pemda: Any, prefer_kecamatan_id: int | None
) -> list[tuple[str, list[ServiceUnit]]]:
    """Active service units grouped by kecamatan, the monitor's own kecamatan first."""
    units = (
        ServiceUnit.objects.filter(pemda=pemda, is_active=True)
        .select_related("kecamatan")
        .order_by("kecamatan__name", "name")
    )
    groups: dict[int | None, tuple[str, list[ServiceUnit]]] = {}
    for unit in units:
        label = unit.kecamatan.name if unit.kecamatan else _("Tanpa kecamatan")
        groups.setdefault(unit.kecamatan_id, (label, []))[1].append(unit)
    ordered = sorted(
        groups.items(),
        key=lambda kv: (kv[0] != prefer_kecamatan_id, kv[0] is None, kv[1][0]),
    )
    return [group for _key, group in ordered]


def visit_prone_services(*, pemda: Any) -> list[ProneService]:
    """Active titik rawan at active units (the form shows those of the chosen unit)."""
    return list(
        ProneService.objects.filter(pemda=pemda, is_active=True, service_unit__is_active=True)
        .select_related("service_unit")
        .order_by("service_unit__name", "name")
    )


def visit_photos(visit: Visit) -> list[StoredFile]:
    return list(files_for(visit, PHOTO))
