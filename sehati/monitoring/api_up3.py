"""UP3 coordination meetings, the overview and the monthly report figures over the API
(issue #5 points 6-8)."""

import datetime as dt
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from ninja import File, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.policies import Action, access_meeting
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.clock import local_today
from sehati.core.files import files_for
from sehati.core.replica import reads_from_replica
from sehati.monitoring import meetings as svc
from sehati.monitoring import up3_report as rpt
from sehati.monitoring.models import Meeting
from sehati.org.models import Pemda

router = Router(tags=["UP3: rapat dan laporan"])
MeetingId = PathEx[int, P(ge=1, le=ID_MAX)]
Year = PathEx[int, P(ge=rpt.FIRST_YEAR, le=rpt.LAST_YEAR, description="tahun, mis. 2026")]
Month = PathEx[int, P(ge=1, le=12, description="bulan 1-12")]
Day = Annotated[dt.date, Field(ge=dt.date(rpt.FIRST_YEAR, 1, 1), le=dt.date(rpt.LAST_YEAR, 12, 31))]
AttendeeIds = Annotated[list[RefId], Field(max_length=500)]


def _pemda(request: HttpRequest) -> Pemda:
    """The authenticated user's pemda (every role of these operations belongs to one)."""
    pemda: Pemda | None = getattr(request.user, "pemda", None)
    if pemda is None:
        raise PermissionDenied
    return pemda


def _today(request: HttpRequest) -> dt.date:
    return local_today(_pemda(request).time_zone or "Asia/Makassar")


# --- meetings ---------------------------------------------------------------------------------


class _MeetingBase(Schema):
    id: int
    held_on: dt.date
    place: str
    agenda: str
    minutes: str
    other_attendees: str
    attendee_ids: list[int]
    created_at: dt.datetime
    updated_at: dt.datetime


class MeetingOut(_MeetingBase):
    @staticmethod
    def resolve_attendee_ids(obj: Meeting) -> list[int]:
        return sorted(m.pk for m in obj.attendees.all())


class MeetingFileOut(Schema):
    id: str  # for GET /files/{file_id}
    name: str
    size: int
    sha256: str
    uploaded_at: dt.datetime


class MeetingDetailOut(_MeetingBase):
    files: list[MeetingFileOut]


def _detail(meeting: Meeting) -> dict[str, Any]:
    return {
        **{
            name: getattr(meeting, name)
            for name in (
                "id",
                "held_on",
                "place",
                "agenda",
                "minutes",
                "other_attendees",
                "created_at",
                "updated_at",
            )
        },
        "attendee_ids": sorted(meeting.attendees.values_list("pk", flat=True)),
        "files": [
            {
                "id": str(f.public_id),
                "name": f.original_name,
                "size": f.size,
                "sha256": f.sha256,
                "uploaded_at": f.created_at,
            }
            for f in files_for(meeting, svc.MEETING_MINUTES)
        ],
    }


class MeetingFilter(Schema):
    year: Annotated[int | None, Field(ge=rpt.FIRST_YEAR, le=rpt.LAST_YEAR)] = None
    month: Annotated[int | None, Field(ge=1, le=12)] = None
    q: SearchText = ""


@router.get(
    "/meetings",
    auth=auth_for(Action.MEETING_VIEW),
    response={200: list[MeetingOut], **COMMON_ERRORS},
    summary="Rapat koordinasi UP3 pemda (terbaru dahulu)",
)
@paginate(Pagination)
def meeting_list_op(request: HttpRequest, filters: Query[MeetingFilter]) -> Any:
    meetings = Meeting.objects.filter(pemda=_pemda(request))
    if filters.year:
        meetings = meetings.filter(held_on__year=filters.year)
    if filters.month:
        meetings = meetings.filter(held_on__month=filters.month)
    if filters.q:
        meetings = meetings.filter(
            Q(place__icontains=filters.q)
            | Q(agenda__icontains=filters.q)
            | Q(minutes__icontains=filters.q)
        )
    return meetings.prefetch_related("attendees").order_by("-held_on", "-id")


class MeetingIn(Schema):
    held_on: Day
    place: Annotated[str, Field(min_length=1, max_length=200, pattern=NO_NUL)]
    agenda: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
    minutes: Annotated[str, Field(min_length=1, max_length=20_000, pattern=NO_NUL)]
    attendee_ids: AttendeeIds = []
    other_attendees: Annotated[str, Field(max_length=2_000, pattern=NO_NUL)] = ""


@router.post(
    "/meetings",
    auth=auth_for(Action.MEETING_MANAGE),
    response={201: MeetingDetailOut, **COMMON_ERRORS},
    summary="Catat rapat koordinasi (pemantau yang hadir, notulen)",
)
def meeting_create_op(request: HttpRequest, payload: MeetingIn) -> Any:
    meeting = svc.meeting_record(
        pemda=_pemda(request),
        actor=request.user,
        held_on=payload.held_on,
        place=payload.place,
        agenda=payload.agenda,
        minutes=payload.minutes,
        attendee_ids=payload.attendee_ids,
        other_attendees=payload.other_attendees,
        today=_today(request),
    )
    return Status(201, _detail(meeting))


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingDetailOut, **COMMON_ERRORS},
    summary="Satu rapat koordinasi, dengan berkasnya",
)
def meeting_get_op(request: HttpRequest, meeting_id: MeetingId) -> Any:
    return _detail(access_meeting(request.user, meeting_id))


class MeetingPatch(Schema):
    """Only the fields sent change; `{}` changes nothing."""

    held_on: Day | None = None
    place: Annotated[str | None, Field(min_length=1, max_length=200, pattern=NO_NUL)] = None
    agenda: Annotated[str | None, Field(min_length=1, max_length=20_000, pattern=NO_NUL)] = None
    minutes: Annotated[str | None, Field(min_length=1, max_length=20_000, pattern=NO_NUL)] = None
    attendee_ids: AttendeeIds | None = None
    other_attendees: Annotated[str | None, Field(max_length=2_000, pattern=NO_NUL)] = None


@router.patch(
    "/meetings/{meeting_id}",
    auth=auth_for(Action.MEETING_MANAGE),
    response={200: MeetingDetailOut, **COMMON_ERRORS},
    summary="Ubah rapat koordinasi (hanya kolom yang dikirim)",
)
def meeting_patch_op(request: HttpRequest, meeting_id: MeetingId, payload: MeetingPatch) -> Any:
    meeting = access_meeting(request.user, meeting_id, Action.MEETING_MANAGE)
    updated = svc.meeting_update(
        meeting=meeting,
        actor=request.user,
        today=_today(request),
        held_on=payload.held_on,
        place=payload.place,
        agenda=payload.agenda,
        minutes=payload.minutes,
        attendee_ids=payload.attendee_ids,
        other_attendees=payload.other_attendees,
    )
    return _detail(updated)


@router.post(
    "/meetings/{meeting_id}/files",
    auth=auth_for(Action.MEETING_MANAGE),
    response={201: MeetingDetailOut, **COMMON_ERRORS},
    summary="Lampirkan berkas rapat (daftar hadir bertanda tangan, pindaian notulen, foto)",
    description=(
        "Multipart: satu atau beberapa `file` (JPG, PNG, WebP, HEIC, atau PDF; batas ukuran "
        "`SEHATI_UPLOAD_MAX_BYTES`, paling banyak 10 berkas sekali unggah). Jenis diperiksa dari "
        "isinya; bila satu berkas ditolak (422), tidak ada yang disimpan. Berkas tidak dapat "
        "dihapus. Jawaban: rapat dengan semua berkasnya."
    ),
)
def meeting_files_op(
    request: HttpRequest, meeting_id: MeetingId, file: File[list[UploadedFile]]
) -> Any:
    meeting = access_meeting(request.user, meeting_id, Action.MEETING_MANAGE)
    svc.meeting_files_add(meeting=meeting, actor=request.user, uploads=file)
    return Status(201, _detail(meeting))


# --- the overview -----------------------------------------------------------------------------


class CodeCountOut(Schema):
    code: str
    label: str
    count: int


class TallyOut(Schema):
    id: int | None
    name: str
    opd: str
    total: int
    open: int
    overdue: int
    closed: int
    visits: int
    by_category: dict[str, int]


class Up3ProneOut(Schema):
    service_unit_id: int
    service_unit: str
    opd: str
    kecamatan: str
    services: list[str]
    visits: int
    last_visited_on: dt.date | None


class OverviewOut(Schema):
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    findings_total: int
    findings_open: int
    findings_overdue: int
    findings_closed: int
    visits_total: int
    categories: list[CodeCountOut]
    by_kecamatan: list[TallyOut]
    by_service_unit: list[TallyOut]
    prone_units: int
    prone_visited: int
    prone_coverage_percent: int | None
    prone: list[Up3ProneOut]


class OverviewFilter(Schema):
    date_from: Day | None = None
    date_to: Day | None = None


def _tally(t: rpt.FindingTally) -> dict[str, Any]:
    return {
        "id": t.key,
        "name": t.label,
        "opd": t.detail,
        "total": t.total,
        "open": t.open,
        "overdue": t.overdue,
        "closed": t.closed,
        "visits": t.visits,
        "by_category": t.by_category,
    }


@router.get(
    "/up3/overview",
    auth=auth_for(Action.UP3_REPORT),
    response={200: OverviewOut, **COMMON_ERRORS},
    summary="Temuan per kecamatan dan unit layanan, kunjungan, cakupan titik rawan (bawaan: "
    "tahun ini)",
)
def overview_op(request: HttpRequest, filters: Query[OverviewFilter]) -> Any:
    today = _today(request)
    o = rpt.up3_overview(
        pemda=_pemda(request),
        date_from=filters.date_from or today.replace(month=1, day=1),
        date_to=filters.date_to or today,
        today=today,
    )
    return {
        "date_from": o.date_from,
        "date_to": o.date_to,
        "as_of": o.today,
        "findings_total": o.findings_total,
        "findings_open": o.findings_open,
        "findings_overdue": o.findings_overdue,
        "findings_closed": o.findings_closed,
        "visits_total": o.visits_total,
        "categories": o.categories,
        "by_kecamatan": [_tally(t) for t in o.by_kecamatan],
        "by_service_unit": [_tally(t) for t in o.by_unit],
        "prone_units": o.prone_units,
        "prone_visited": o.prone_visited,
        "prone_coverage_percent": o.coverage_percent,
        "prone": o.prone,
    }


# --- the monthly report -----------------------------------------------------------------------


class KecamatanVisitsOut(Schema):
    kecamatan_id: int | None
    kecamatan: str
    monitors: int
    visits: int
    units: int


class MonitorVisitsOut(Schema):
    monitor_id: int
    name: str
    kecamatan: str
    is_coordinator: bool
    visits: int
    units: int
    findings: int


class FollowupOut(Schema):
    count: int
    average_working_days: float | None
    median_working_days: float | None
    max_working_days: int | None


class MeetingRowOut(Schema):
    meeting_id: int
    held_on: dt.date
    place: str
    present: int
    active_monitors: int
    other_attendees: str
    minutes_excerpt: str


class FindingRowOut(Schema):
    finding_id: int
    number: str
    observed_on: dt.date
    sent_on: dt.date
    followup_due: dt.date
    kecamatan: str
    service_unit: str
    opd: str
    category: str
    category_label: str
    severity: str
    severity_label: str
    status: str
    status_label: str
    days_to_response: int | None
    kpk_marked_on: dt.date | None


class MonthlyOut(Schema):
    year: int
    month: int
    label: str
    first_day: dt.date
    last_day: dt.date
    as_of: dt.date
    partial: bool
    monitors_on_duty: int
    visits_total: int
    visits_by_kecamatan: list[KecamatanVisitsOut]
    visits_by_monitor: list[MonitorVisitsOut]
    findings_opened: int
    findings_by_category: list[CodeCountOut]
    findings_by_status: list[CodeCountOut]
    findings_closed: int
    followup: FollowupOut
    overdue: list[FindingRowOut]
    kpk_marked: list[FindingRowOut]
    meetings: list[MeetingRowOut]
    findings: list[FindingRowOut]


def _decimal(value: Any) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/up3/monthly/{year}/{month}",
    auth=auth_for(Action.UP3_REPORT),
    response={200: MonthlyOut, **COMMON_ERRORS},
    summary="Angka laporan bulanan UP3 kepada Bupati/Wali Kota (bulan yang sudah dimulai)",
)
def monthly_op(request: HttpRequest, year: Year, month: Month) -> Any:
    r = rpt.up3_month(
        pemda=_pemda(request),
        year=year,
        month=month,
        today=_today(request),
    )
    return {
        "year": r.year,
        "month": r.month,
        "label": r.label,
        "first_day": r.first,
        "last_day": r.last,
        "as_of": r.as_of,
        "partial": r.partial,
        "monitors_on_duty": r.monitors_on_duty,
        "visits_total": r.visits_total,
        "visits_by_kecamatan": r.visits_by_kecamatan,
        "visits_by_monitor": r.visits_by_monitor,
        "findings_opened": r.findings_opened,
        "findings_by_category": r.findings_by_category,
        "findings_by_status": r.findings_by_status,
        "findings_closed": r.findings_closed,
        "followup": {
            "count": r.followup.count,
            "average_working_days": _decimal(r.followup.average),
            "median_working_days": _decimal(r.followup.median),
            "max_working_days": r.followup.maximum,
        },
        "overdue": r.overdue,
        "kpk_marked": r.kpk_marked,
        "meetings": r.meetings,
        "findings": r.findings,
    }


PDF = "application/pdf"


def _binary(content_type: str, what: str) -> dict[str, Any]:
    return {
        "responses": {
            200: {
                "description": what,
                "headers": {
                    "Content-Disposition": {
                        "description": "attachment; filename=laporan-up3-<tahun>-<bulan>.<ext>",
                        "schema": {"type": "string"},
                    }
                },
                "content": {content_type: {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def _download(data: bytes, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _month(request: HttpRequest, year: int, month: int) -> rpt.Up3Month:
    return rpt.up3_month(pemda=_pemda(request), year=year, month=month, today=_today(request))


@router.get(
    "/up3/monthly/{year}/{month}/pdf",
    auth=auth_for(Action.UP3_REPORT),
    response=COMMON_ERRORS,
    summary="Laporan bulanan UP3 kepada Bupati/Wali Kota sebagai PDF",
    description="Dokumen yang sama dengan unduhan PDF di halaman laporan bulanan. Bulan yang "
    "belum dimulai atau di luar jangkauan: 422.",
    openapi_extra=_binary(PDF, "Berkas PDF laporan bulanan"),
)
@reads_from_replica
def monthly_pdf_op(request: HttpRequest, year: Year, month: Month) -> HttpResponse:
    report = _month(request, year, month)
    return _download(
        rpt.up3_month_pdf(report=report),
        filename=f"laporan-up3-{report.key}.pdf",
        content_type=PDF,
    )


@router.get(
    "/up3/monthly/{year}/{month}/xlsx",
    auth=auth_for(Action.UP3_REPORT),
    response=COMMON_ERRORS,
    summary="Laporan bulanan UP3 kepada Bupati/Wali Kota sebagai XLSX",
    description="Buku kerja yang sama dengan unduhan XLSX di halaman laporan bulanan. Bulan "
    "yang belum dimulai atau di luar jangkauan: 422.",
    openapi_extra=_binary(rpt.XLSX_CONTENT_TYPE, "Buku kerja XLSX laporan bulanan"),
)
@reads_from_replica
def monthly_xlsx_op(request: HttpRequest, year: Year, month: Month) -> HttpResponse:
    report = _month(request, year, month)
    return _download(
        rpt.up3_month_xlsx(report=report),
        filename=f"laporan-up3-{report.key}.xlsx",
        content_type=rpt.XLSX_CONTENT_TYPE,
    )
