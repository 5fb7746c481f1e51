"""REST API of socialisation events (issue #7 points 1 and 6): events, participants,
attendance, materials, certificates, coverage per OPD and the dashboard (staff, signed in), and
registration, check-in and the participant's own record by secret code (public, no login).

Names, contacts and certificate numbers of participants are given only to the UPG and the
Inspektur; other viewers get the same rows with those fields null."""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import File, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import (
    Action,
    access_outreach_event,
    access_outreach_participant,
    outreach_content_visible,
    outreach_event_scope_for,
)
from sehati.api.base import (
    COMMON_ERRORS,
    ID_MAX,
    NO_NUL,
    Error,
    Pagination,
    RefId,
    SearchText,
    auth_for,
)
from sehati.core.clock import local_today
from sehati.core.models import StoredFile
from sehati.core.replica import reads_from_replica
from sehati.core.throttle import client_key
from sehati.org.models import Pemda
from sehati.outreach import selectors as sel
from sehati.outreach import services as svc
from sehati.outreach.certificates import PDF_CONTENT_TYPE, certificate_filename, certificates_pdf
from sehati.outreach.coverage import Coverage, CoverageRow, coverage_by_opd
from sehati.outreach.dashboard import dashboard_build
from sehati.outreach.exports import (
    XLSX_CONTENT_TYPE,
    coverage_xlsx,
    dashboard_xlsx,
    participants_xlsx,
)
from sehati.outreach.models import Event, Participant

router = Router(tags=["Sosialisasi"])
EventId = PathEx[int, P(ge=1, le=ID_MAX)]
ParticipantId = PathEx[int, P(ge=1, le=ID_MAX)]
Code = PathEx[str, P(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]
EARLIEST, LATEST = svc.EARLIEST, svc.LATEST
Day = Annotated[dt.date, Field(ge=EARLIEST, le=LATEST)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Title = Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=200, pattern=NO_NUL)]
Text = Annotated[str, Field(max_length=svc.MAX_TEXT, pattern=NO_NUL)]
Speakers = Annotated[str, Field(max_length=svc.MAX_SPEAKERS, pattern=NO_NUL)]
Target = Annotated[int, Field(ge=0, le=svc.MAX_TARGET, strict=True)]
AudienceCode = Literal["asn", "public", "vendor"]
PUBLIC_ERRORS = {**COMMON_ERRORS, 429: Error}


def _pemda(request: HttpRequest) -> Pemda:
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(pemda: Pemda) -> dt.date:
    return local_today(pemda.time_zone or "Asia/Makassar")


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _binary(content_type: str, what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": what,
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- events ------------------------------------------------------------------------------------


class OutreachEventOut(Schema):
    id: int
    title: str
    description: str
    audience: str
    held_on: dt.date
    starts_at: dt.time | None
    place: str
    online_url: str
    speakers: list[str]
    target_count: int
    opd_ids: list[int]
    kecamatan_ids: list[int]
    status: str
    cancel_reason: str
    registered: int
    attended: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_speakers(obj: Event) -> list[str]:
        return obj.speaker_list

    @staticmethod
    def resolve_opd_ids(obj: Event) -> list[int]:
        return sorted(o.pk for o in obj.opds.all())

    @staticmethod
    def resolve_kecamatan_ids(obj: Event) -> list[int]:
        return sorted(k.pk for k in obj.kecamatans.all())


class OutreachFileOut(Schema):
    id: str = Field(description="Untuk GET /api/v1/files/{file_id} (staf)")
    name: str
    size: int
    sha256: str
    note: str
    uploaded_at: dt.datetime


class OutreachKindCountOut(Schema):
    kind: str
    label: str
    registered: int
    attended: int


class OutreachEventDetailOut(OutreachEventOut):
    checkin_url: str = Field(description="Alamat presensi (isi kode QR)")
    register_url: str
    materials: list[OutreachFileOut]
    by_kind: list[OutreachKindCountOut]


def _file_out(f: StoredFile) -> dict[str, Any]:
    return {
        "id": str(f.public_id),
        "name": f.original_name,
        "size": f.size,
        "sha256": f.sha256,
        "note": f.note,
        "uploaded_at": f.created_at,
    }


def _detail(request: HttpRequest, event: Event) -> Event:
    """The event with what OutreachEventDetailOut reads besides its fields."""
    counts = sel.event_counts(event=event)
    extra = {
        "registered": counts.registered,
        "attended": counts.attended,
        "checkin_url": request.build_absolute_uri(
            reverse("outreach:checkin", args=[event.join_code])
        ),
        "register_url": request.build_absolute_uri(
            reverse("outreach:register", args=[event.join_code])
        ),
        "materials": [_file_out(f) for f in sel.event_materials(event=event)],
        "by_kind": [
            {"kind": k.kind, "label": k.label, "registered": k.registered, "attended": k.attended}
            for k in counts.by_kind
        ],
    }
    for name, value in extra.items():
        setattr(event, name, value)
    return event


class OutreachEventFilter(Schema):
    year: Year | None = None
    audience: Annotated[str, Field(pattern="^(|asn|public|vendor)$")] = ""
    status: Annotated[str, Field(pattern="^(|planned|held|cancelled)$")] = ""
    opd_id: RefId | None = None
    q: SearchText = ""


@router.get(
    "/outreach/events",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: list[OutreachEventOut], **COMMON_ERRORS},
    summary="Kegiatan sosialisasi pemda (terbaru dahulu), dengan jumlah terdaftar dan hadir",
    description="opd_id: kegiatan ASN untuk semua OPD, yang menyebut OPD itu (atau OPD di "
    "atasnya), dan kegiatan yang dihadiri pegawai OPD itu (dengan sub-unitnya).",
)
@paginate(Pagination)
def event_list_op(request: HttpRequest, filters: Query[OutreachEventFilter]) -> Any:
    return sel.event_list(
        events=outreach_event_scope_for(request.user),
        pemda_id=_pemda(request).pk,
        year=filters.year,
        audience=filters.audience,
        status=filters.status,
        opd_id=filters.opd_id,
        q=filters.q,
    ).prefetch_related("opds", "kecamatans")


class OutreachEventIn(Schema):
    title: Title
    audience: AudienceCode
    held_on: Day
    starts_at: dt.time | None = None
    place: Short = ""
    online_url: Short = ""
    speakers: Speakers = Field("", description="Satu nama per baris")
    target_count: Target = 0
    description: Text = ""
    opd_ids: Annotated[list[RefId], Field(max_length=1_000)] = Field(
        [], description="Kegiatan ASN: OPD sasaran (kosong: semua OPD)"
    )
    kecamatan_ids: Annotated[list[RefId], Field(max_length=1_000)] = Field(
        [], description="Kegiatan masyarakat: kecamatan sasaran"
    )


def _data(payload: Any) -> svc.EventData:
    d = payload.dict()
    return svc.EventData(
        title=d["title"],
        audience=d["audience"],
        held_on=d["held_on"],
        starts_at=d["starts_at"],
        place=d["place"],
        online_url=d["online_url"],
        speakers=d["speakers"],
        target_count=d["target_count"],
        description=d["description"],
        opd_ids=tuple(d["opd_ids"]),
        kecamatan_ids=tuple(d["kecamatan_ids"]),
    )


@router.post(
    "/outreach/events",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={201: OutreachEventDetailOut, **COMMON_ERRORS},
    summary="Rencanakan kegiatan sosialisasi (tempat atau tautan daring wajib salah satu)",
)
def event_create_op(request: HttpRequest, payload: OutreachEventIn) -> Any:
    event = svc.event_create(pemda=_pemda(request), actor=request.user, data=_data(payload))
    return Status(201, _detail(request, event))


@router.get(
    "/outreach/events/{event_id}",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: OutreachEventDetailOut, **COMMON_ERRORS},
    summary="Satu kegiatan: data, jumlah peserta per jenis, materi, alamat presensi",
)
def event_get_op(request: HttpRequest, event_id: EventId) -> Any:
    return _detail(request, access_outreach_event(request.user, event_id))


class OutreachEventPatch(Schema):
    """Only the fields sent are changed."""

    title: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    audience: AudienceCode | None = None
    held_on: Annotated[dt.date | None, Field(ge=EARLIEST, le=LATEST)] = None
    starts_at: dt.time | None = None
    place: Annotated[str | None, Field(max_length=200, pattern=NO_NUL)] = None
    online_url: Annotated[str | None, Field(max_length=200, pattern=NO_NUL)] = None
    speakers: Annotated[str | None, Field(max_length=svc.MAX_SPEAKERS, pattern=NO_NUL)] = None
    target_count: Annotated[int | None, Field(ge=0, le=svc.MAX_TARGET, strict=True)] = None
    description: Annotated[str | None, Field(max_length=svc.MAX_TEXT, pattern=NO_NUL)] = None
    opd_ids: Annotated[list[RefId] | None, Field(max_length=1_000)] = None
    kecamatan_ids: Annotated[list[RefId] | None, Field(max_length=1_000)] = None


@router.patch(
    "/outreach/events/{event_id}",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: OutreachEventDetailOut, **COMMON_ERRORS},
    summary="Ubah kegiatan (hanya kolom yang dikirim; kegiatan yang dibatalkan tidak)",
)
def event_update_op(request: HttpRequest, event_id: EventId, payload: OutreachEventPatch) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    sent = payload.dict(exclude_unset=True)
    current: dict[str, Any] = {
        "title": event.title,
        "audience": event.audience,
        "held_on": event.held_on,
        "starts_at": event.starts_at,
        "place": event.place,
        "online_url": event.online_url,
        "speakers": event.speakers,
        "target_count": event.target_count,
        "description": event.description,
        "opd_ids": tuple(event.opds.values_list("id", flat=True)),
        "kecamatan_ids": tuple(event.kecamatans.values_list("id", flat=True)),
    }
    for name, value in sent.items():
        if value is not None or name == "starts_at":
            current[name] = tuple(value) if name.endswith("_ids") else value
    updated = svc.event_update(
        event=event,
        actor=request.user,
        data=svc.EventData(**current),
        today=_today(event.pemda),
    )
    return _detail(request, updated)


class OutreachHeldIn(Schema):
    confirm: bool = Field(description="Harus true: tidak dapat dibatalkan")


@router.post(
    "/outreach/events/{event_id}/held",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: OutreachEventDetailOut, **COMMON_ERRORS},
    summary="Tandai kegiatan terlaksana (pada atau sesudah tanggalnya)",
    description="Hanya kegiatan ASN yang terlaksana yang dihitung dalam cakupan per OPD.",
)
def event_held_op(request: HttpRequest, event_id: EventId, payload: OutreachHeldIn) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    svc.event_mark_held(
        event=event, actor=request.user, today=_today(event.pemda), confirm=payload.confirm
    )
    event.refresh_from_db()
    return _detail(request, event)


class OutreachCancelIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=svc.MAX_TEXT, pattern=NO_NUL)]
    confirm: bool = Field(description="Harus true: tidak dapat dibatalkan")


@router.post(
    "/outreach/events/{event_id}/cancel",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: OutreachEventDetailOut, **COMMON_ERRORS},
    summary="Batalkan kegiatan yang direncanakan dan belum ada yang hadir",
)
def event_cancel_op(request: HttpRequest, event_id: EventId, payload: OutreachCancelIn) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    svc.event_cancel(
        event=event, actor=request.user, reason=payload.reason, confirm=payload.confirm
    )
    event.refresh_from_db()
    return _detail(request, event)


@router.get(
    "/outreach/events/{event_id}/files",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: list[OutreachFileOut], **COMMON_ERRORS},
    summary="Materi kegiatan (unduh dengan GET /api/v1/files/{file_id})",
)
def event_files_op(request: HttpRequest, event_id: EventId) -> Any:
    event = access_outreach_event(request.user, event_id)
    return [_file_out(f) for f in sel.event_materials(event=event)]


@router.post(
    "/outreach/events/{event_id}/files",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={201: list[OutreachFileOut], **COMMON_ERRORS},
    summary="Unggah materi kegiatan (JPG, PNG, WebP, HEIC, atau PDF)",
    description="Multipart: satu atau beberapa `file` (paling banyak 10 sekali unggah). Bila satu "
    "berkas ditolak (422), tidak ada yang disimpan. Jawaban: semua materi kegiatan.",
)
def event_files_add_op(
    request: HttpRequest, event_id: EventId, file: File[list[UploadedFile]]
) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    svc.event_materials_add(event=event, actor=request.user, uploads=file)
    return Status(201, [_file_out(f) for f in sel.event_materials(event=event)])


# --- participants ------------------------------------------------------------------------------


def _full(context: Any) -> bool:
    request = (context or {}).get("request")
    return request is not None and outreach_content_visible(request.user)


class OutreachParticipantOut(Schema):
    """A participant. Personal fields are null unless the caller is the UPG or the Inspektur."""

    id: int
    event_id: int
    kind: str
    name: str | None = Field(description="Hanya untuk UPG dan Inspektur")
    organisation: str | None = Field(description="Hanya untuk UPG dan Inspektur")
    contact: str | None = Field(description="Hanya untuk UPG dan Inspektur")
    employee_id: int | None = Field(description="Hanya untuk UPG dan Inspektur")
    nip: str | None = Field(description="Hanya untuk UPG dan Inspektur")
    opd_id: int | None = Field(description="OPD asal saat mendaftar/hadir")
    kecamatan_id: int | None
    registered_via: str
    attended_at: dt.datetime | None
    attended_via: str
    certificate_number: str | None = Field(description="Hanya untuk UPG dan Inspektur")
    created_at: dt.datetime

    @staticmethod
    def resolve_name(obj: Participant, context: Any) -> str | None:
        return obj.name if _full(context) else None

    @staticmethod
    def resolve_organisation(obj: Participant, context: Any) -> str | None:
        return obj.organisation if _full(context) else None

    @staticmethod
    def resolve_contact(obj: Participant, context: Any) -> str | None:
        return obj.contact if _full(context) else None

    @staticmethod
    def resolve_employee_id(obj: Participant, context: Any) -> int | None:
        return obj.employee_id if _full(context) else None

    @staticmethod
    def resolve_nip(obj: Participant, context: Any) -> str | None:
        if not _full(context):
            return None
        return obj.employee.nip if obj.employee else ""

    @staticmethod
    def resolve_certificate_number(obj: Participant, context: Any) -> str | None:
        return obj.certificate_number if _full(context) else None


class OutreachParticipantFilter(Schema):
    kind: Annotated[str, Field(pattern="^(|asn|public|vendor)$")] = ""
    status: Annotated[str, Field(pattern="^(|attended|absent)$")] = ""
    opd_id: RefId | None = None
    kecamatan_id: RefId | None = None
    q: SearchText = Field("", description="Nama, NIP, instansi (hanya UPG dan Inspektur)")


@router.get(
    "/outreach/events/{event_id}/participants",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: list[OutreachParticipantOut], **COMMON_ERRORS},
    summary="Peserta kegiatan (nama dan kontak hanya untuk UPG dan Inspektur)",
)
@paginate(Pagination)
def participant_list_op(
    request: HttpRequest, event_id: EventId, filters: Query[OutreachParticipantFilter]
) -> Any:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    return sel.participant_list(
        event=event,
        kind=filters.kind,
        status=filters.status,
        opd_id=filters.opd_id,
        kecamatan_id=filters.kecamatan_id,
        q=filters.q if full else "",
    )


class OutreachParticipantIn(Schema):
    employee_id: RefId | None = Field(None, description="ASN pemda; atau isi name dan kind")
    kind: Literal["public", "vendor"] | None = None
    name: Short = ""
    organisation: Short = ""
    kecamatan_id: RefId | None = None
    contact: Short = ""
    attended: bool = Field(True, description="Catat hadir sekaligus (daftar hadir)")


@router.post(
    "/outreach/events/{event_id}/participants",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={201: OutreachParticipantOut, **COMMON_ERRORS},
    summary="Tambah peserta (ASN menurut employee_id, atau masyarakat/penyedia menurut nama)",
    description="Dengan attended=true (bawaan) peserta langsung dicatat hadir; hanya mulai "
    "tanggal kegiatan.",
)
def participant_add_op(
    request: HttpRequest, event_id: EventId, payload: OutreachParticipantIn
) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    person = None
    if payload.employee_id is None:
        person = svc.PersonData(
            name=payload.name,
            organisation=payload.organisation,
            kecamatan_id=payload.kecamatan_id,
            contact=payload.contact,
        )
    participant = svc.participant_add(
        event=event,
        actor=request.user,
        today=_today(event.pemda),
        now=timezone.now(),
        employee_id=payload.employee_id,
        person=person,
        kind=payload.kind,
        attended=payload.attended,
    )
    return Status(201, participant)


class OutreachAttendanceIn(Schema):
    participant_ids: Annotated[list[RefId], Field(min_length=1, max_length=1_000)]


class OutreachAttendanceOut(Schema):
    recorded: int = Field(description="Yang baru dicatat hadir (yang sudah hadir tidak berubah)")


@router.post(
    "/outreach/events/{event_id}/attendance",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: OutreachAttendanceOut, **COMMON_ERRORS},
    summary="Daftar hadir: catat hadir peserta yang terdaftar (mulai tanggal kegiatan)",
)
def attendance_op(request: HttpRequest, event_id: EventId, payload: OutreachAttendanceIn) -> Any:
    event = access_outreach_event(request.user, event_id, Action.OUTREACH_MANAGE)
    recorded = svc.attendance_record(
        event=event,
        actor=request.user,
        participant_ids=payload.participant_ids,
        today=_today(event.pemda),
        now=timezone.now(),
    )
    return {"recorded": recorded}


@router.post(
    "/outreach/participants/{participant_id}/unattend",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response={200: OutreachParticipantOut, **COMMON_ERRORS},
    summary="Batalkan kehadiran seorang peserta (salah centang, presensi yang tidak sah)",
)
def participant_unattend_op(request: HttpRequest, participant_id: ParticipantId) -> Any:
    participant = access_outreach_participant(request.user, participant_id)
    return svc.attendance_cancel(participant=participant, actor=request.user)


@router.get(
    "/outreach/participants/{participant_id}/certificate",
    auth=auth_for(Action.OUTREACH_MANAGE),
    response=COMMON_ERRORS,
    summary="Sertifikat seorang peserta yang hadir (PDF; nomor diberikan sekali)",
    openapi_extra=_binary(PDF_CONTENT_TYPE, "Sertifikat PDF"),
)
def participant_certificate_op(request: HttpRequest, participant_id: ParticipantId) -> HttpResponse:
    participant = access_outreach_participant(request.user, participant_id)
    issued = svc.certificate_issue(
        participant=participant,
        actor=request.user,
        today=_today(participant.event.pemda),
        now=timezone.now(),
    )
    return _download(
        certificates_pdf(pemda=participant.event.pemda, participants=[issued]),
        filename=certificate_filename(issued),
        content_type=PDF_CONTENT_TYPE,
    )


@router.get(
    "/outreach/events/{event_id}/participants/xlsx",
    auth=auth_for(Action.OUTREACH_VIEW),
    response=COMMON_ERRORS,
    summary="Peserta kegiatan sebagai XLSX (nama hanya untuk UPG dan Inspektur; lainnya rekap)",
    openapi_extra=_binary(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
@reads_from_replica
def participant_xlsx_op(request: HttpRequest, event_id: EventId) -> HttpResponse:
    event = access_outreach_event(request.user, event_id)
    full = outreach_content_visible(request.user)
    rows = sel.participant_list(event=event) if full else []
    return _download(
        participants_xlsx(event=event, rows=rows, counts=sel.event_counts(event=event), full=full),
        filename=f"peserta-sosialisasi-{event.pk}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- coverage and dashboard ---------------------------------------------------------------------


class OutreachCoverageRowOut(Schema):
    opd_id: int | None
    name: str
    depth: int
    staff: int = Field(description="ASN aktif (PNS, CPNS, PPPK) OPD dengan sub-unitnya")
    reached: int = Field(description="Yang hadir pada >= 1 kegiatan ASN terlaksana tahun itu")
    percent: float | None


class OutreachCoverageOut(Schema):
    year: int
    events_held: int
    rows: list[OutreachCoverageRowOut]
    total: OutreachCoverageRowOut


def _row(r: CoverageRow) -> dict[str, Any]:
    return {
        "opd_id": r.opd_id,
        "name": r.name,
        "depth": r.depth,
        "staff": r.staff,
        "reached": r.reached,
        "percent": _float(r.percent),
    }


def _coverage(c: Coverage) -> dict[str, Any]:
    return {
        "year": c.year,
        "events_held": c.events_held,
        "rows": [_row(r) for r in c.rows],
        "total": _row(c.total),
    }


class OutreachYearFilter(Schema):
    year: Year | None = Field(None, description="Bawaan: tahun ini")


@router.get(
    "/outreach/coverage",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: OutreachCoverageOut, **COMMON_ERRORS},
    summary="Cakupan sosialisasi ASN per OPD dalam satu tahun",
    description="Cakupan = ASN aktif OPD (dengan sub-unitnya) yang hadir pada paling sedikit satu "
    "kegiatan ASN terlaksana tahun itu, dibagi ASN aktif OPD itu. Pegawai yang pindah dihitung "
    "pada OPD-nya sekarang.",
)
@reads_from_replica
def coverage_op(request: HttpRequest, filters: Query[OutreachYearFilter]) -> Any:
    pemda = _pemda(request)
    year = filters.year or _today(pemda).year
    return _coverage(coverage_by_opd(pemda_id=pemda.pk, year=year))


@router.get(
    "/outreach/coverage/xlsx",
    auth=auth_for(Action.OUTREACH_VIEW),
    response=COMMON_ERRORS,
    summary="Cakupan per OPD sebagai XLSX",
    openapi_extra=_binary(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
@reads_from_replica
def coverage_xlsx_op(request: HttpRequest, filters: Query[OutreachYearFilter]) -> HttpResponse:
    pemda = _pemda(request)
    year = filters.year or _today(pemda).year
    return _download(
        coverage_xlsx(coverage=coverage_by_opd(pemda_id=pemda.pk, year=year)),
        filename=f"cakupan-sosialisasi-{year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


class OutreachMonthOut(Schema):
    month: int
    planned: int
    held: int
    cancelled: int


class OutreachTargetOut(Schema):
    event_id: int
    title: str
    held_on: dt.date
    audience: str
    target: int
    attended: int
    percent: float | None


class OutreachDashboardOut(Schema):
    year: int
    events_held: int
    events_planned: int
    events_cancelled: int
    overdue: int = Field(description="Sudah lewat tanggalnya, belum ditandai terlaksana")
    registered: int
    attended: int
    months: list[OutreachMonthOut]
    kinds: list[OutreachKindCountOut]
    targets: list[OutreachTargetOut]
    coverage: OutreachCoverageOut


@router.get(
    "/outreach/dashboard",
    auth=auth_for(Action.OUTREACH_VIEW),
    response={200: OutreachDashboardOut, **COMMON_ERRORS},
    summary="Angka dasbor sosialisasi setahun (per bulan, per jenis peserta, target, cakupan)",
)
@reads_from_replica
def dashboard_op(request: HttpRequest, filters: Query[OutreachYearFilter]) -> Any:
    pemda = _pemda(request)
    today = _today(pemda)
    board = dashboard_build(pemda_id=pemda.pk, year=filters.year or today.year, today=today)
    assert board.coverage is not None  # noqa: S101 - dashboard_build always sets it
    return {
        "year": board.year,
        "events_held": board.events_held,
        "events_planned": board.events_planned,
        "events_cancelled": board.events_cancelled,
        "overdue": board.overdue,
        "registered": board.registered,
        "attended": board.attended,
        "months": [vars(m) for m in board.months],
        "kinds": [vars(k) for k in board.kinds],
        "targets": [{**vars(t), "percent": _float(t.percent)} for t in board.targets],
        "coverage": _coverage(board.coverage),
    }


@router.get(
    "/outreach/dashboard/xlsx",
    auth=auth_for(Action.OUTREACH_VIEW),
    response=COMMON_ERRORS,
    summary="Tabel dasbor sosialisasi setahun sebagai XLSX",
    openapi_extra=_binary(XLSX_CONTENT_TYPE, "Buku kerja XLSX"),
)
@reads_from_replica
def dashboard_xlsx_op(request: HttpRequest, filters: Query[OutreachYearFilter]) -> HttpResponse:
    pemda = _pemda(request)
    today = _today(pemda)
    year = filters.year or today.year
    return _download(
        dashboard_xlsx(board=dashboard_build(pemda_id=pemda.pk, year=year, today=today)),
        filename=f"dasbor-sosialisasi-{year}.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


# --- participants themselves (public, by secret code) -----------------------------------------


class OutreachJoinEventOut(Schema):
    title: str
    pemda: str
    audience: str
    held_on: dt.date
    starts_at: dt.time | None
    place: str
    online_url: str
    speakers: list[str]
    status: str
    registration_open: bool
    registration_closed_reason: str
    checkin_open: bool
    checkin_closed_reason: str


def _join_event(event: Event) -> dict[str, Any]:
    today = _today(event.pemda)
    registration = svc.registration_closed_reason(event=event, today=today)
    checkin = svc.checkin_closed_reason(event=event, today=today)
    return {
        "title": event.title,
        "pemda": event.pemda.name,
        "audience": event.audience,
        "held_on": event.held_on,
        "starts_at": event.starts_at,
        "place": event.place,
        "online_url": event.online_url,
        "speakers": event.speaker_list,
        "status": event.status,
        "registration_open": not registration,
        "registration_closed_reason": registration,
        "checkin_open": not checkin,
        "checkin_closed_reason": checkin,
    }


@router.get(
    "/outreach/join/{join_code}",
    auth=None,
    response={200: OutreachJoinEventOut, **COMMON_ERRORS},
    summary="Kegiatan dari kode tautan/QR-nya, dan apakah pendaftaran atau presensi dibuka",
)
def join_event_op(request: HttpRequest, join_code: Code) -> Any:
    return _join_event(sel.event_for_join_code(join_code))


class OutreachJoinIn(Schema):
    name: Title
    nip: Annotated[str, Field(max_length=30, pattern=NO_NUL)] = Field(
        "", description="Kegiatan ASN: wajib; nama harus cocok dengan data pegawai"
    )
    organisation: Short = Field("", description="Penyedia: nama usaha (wajib)")
    kecamatan_id: RefId | None = Field(None, description="Masyarakat: kecamatan tempat tinggal")
    contact: Short = ""


class OutreachOwnOut(Schema):
    code: str = Field(description="Kode rahasia halaman peserta; simpan baik-baik")
    participant_url: str
    kind: str
    name: str
    organisation: str
    attended_at: dt.datetime | None
    certificate_available: bool
    certificate_number: str
    event: OutreachJoinEventOut
    materials: list[OutreachFileOut]


def _own(request: HttpRequest, p: Participant) -> dict[str, Any]:
    today = _today(p.event.pemda)
    return {
        "code": p.code,
        "participant_url": request.build_absolute_uri(
            reverse("outreach:participant_home", args=[p.code])
        ),
        "kind": p.kind,
        "name": p.name,
        "organisation": p.organisation,
        "attended_at": p.attended_at,
        "certificate_available": not svc.certificate_refusal(participant=p, today=today),
        "certificate_number": p.certificate_number,
        "event": _join_event(p.event),
        "materials": [_file_out(f) for f in sel.event_materials(event=p.event)],
    }


def _person(payload: OutreachJoinIn) -> svc.PersonData:
    return svc.PersonData(
        name=payload.name,
        nip=payload.nip,
        organisation=payload.organisation,
        kecamatan_id=payload.kecamatan_id,
        contact=payload.contact,
    )


@router.post(
    "/outreach/join/{join_code}/register",
    auth=None,
    response={201: OutreachOwnOut, **PUBLIC_ERRORS},
    summary="Daftar pada kegiatan (sebelum atau pada tanggalnya), tanpa login",
    description="ASN: NIP dan nama (yang sudah terdaftar mendapat pendaftarannya yang lama). "
    "Masyarakat: nama dan kecamatan. Penyedia: nama dan nama usaha. 409 bila pendaftaran "
    "ditutup.",
)
def join_register_op(request: HttpRequest, join_code: Code, payload: OutreachJoinIn) -> Any:
    event = sel.event_for_join_code(join_code)
    participant = svc.participant_register(
        event=event,
        user=None,
        person=_person(payload),
        today=_today(event.pemda),
        client=client_key(request),
    )
    return Status(201, _own(request, participant))


@router.post(
    "/outreach/join/{join_code}/checkin",
    auth=None,
    response={200: OutreachOwnOut, **PUBLIC_ERRORS},
    summary="Presensi pada tanggal kegiatan, tanpa login (seperti memindai kode QR)",
    description="ASN yang sudah terdaftar (menurut NIP) dicatat hadir pada pendaftarannya. 409 "
    "di luar tanggal kegiatan atau bila kegiatan dibatalkan.",
)
def join_checkin_op(request: HttpRequest, join_code: Code, payload: OutreachJoinIn) -> Any:
    event = sel.event_for_join_code(join_code)
    participant = svc.participant_check_in(
        event=event,
        user=None,
        person=_person(payload),
        today=_today(event.pemda),
        now=timezone.now(),
        client=client_key(request),
    )
    return _own(request, participant)


@router.get(
    "/outreach/participant/{code}",
    auth=None,
    response={200: OutreachOwnOut, **COMMON_ERRORS},
    summary="Data peserta sendiri dengan kode rahasianya",
)
def own_get_op(request: HttpRequest, code: Code) -> Any:
    return _own(request, sel.participant_for_code(code))


@router.post(
    "/outreach/participant/{code}/checkin",
    auth=None,
    response={200: OutreachOwnOut, **COMMON_ERRORS},
    summary="Peserta terdaftar mencatat hadir sendiri pada tanggal kegiatan",
)
def own_checkin_op(request: HttpRequest, code: Code) -> Any:
    participant = sel.participant_for_code(code)
    updated = svc.participant_self_check_in(
        participant=participant, today=_today(participant.event.pemda), now=timezone.now()
    )
    return _own(request, updated)


@router.get(
    "/outreach/participant/{code}/certificate",
    auth=None,
    response=COMMON_ERRORS,
    summary="Sertifikat peserta sendiri (PDF), setelah kehadirannya tercatat",
    openapi_extra=_binary(PDF_CONTENT_TYPE, "Sertifikat PDF"),
)
def own_certificate_op(request: HttpRequest, code: Code) -> HttpResponse:
    participant = sel.participant_for_code(code)
    issued = svc.certificate_issue(
        participant=participant,
        actor=None,
        today=_today(participant.event.pemda),
        now=timezone.now(),
    )
    return _download(
        certificates_pdf(pemda=participant.event.pemda, participants=[issued]),
        filename=certificate_filename(issued),
        content_type=PDF_CONTENT_TYPE,
    )
