"""UP3 findings and their follow-up over the API (issue #5 points 4, 8).

Each recipient sees only what is theirs: the head of an OPD (and a monitor) see findings in
their scope without the UPG's KPK mark, the linked civil servant or the monitor's name."""

import datetime as dt
import uuid
from typing import Annotated, Any, Literal, cast

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import File, P, PathEx, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import Field

from sehati.accounts.models import User
from sehati.accounts.policies import Action, Scope, access_finding, finding_scope_for, scope_for
from sehati.api.base import COMMON_ERRORS, ID_MAX, NO_NUL, Pagination, RefId, SearchText, auth_for
from sehati.core.clock import local_today
from sehati.core.models import StoredFile
from sehati.monitoring import findings as svc
from sehati.monitoring.models import Finding

router = Router(tags=["UP3: temuan"])
FindingId = PathEx[int, P(ge=1, le=ID_MAX)]
Id = RefId
Day = Annotated[dt.date, Field(ge=dt.date(2015, 1, 1), le=dt.date(2040, 12, 31))]
Text = Annotated[str, Field(max_length=10_000, pattern=NO_NUL)]
Short = Annotated[str, Field(max_length=300, pattern=NO_NUL)]


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _today(request: HttpRequest) -> dt.date:
    pemda = _user(request).pemda
    return local_today(pemda.time_zone if pemda else "Asia/Makassar")


def _wide(user: User) -> bool:
    return scope_for(user, Action.FINDING_VIEW) in (Scope.PEMDA, Scope.ANY)


class FindingOut(Schema):
    id: int
    number: str
    source: str
    reported_by_label: str
    visit_id: int | None
    tip_id: int | None
    category: str
    severity: str
    status: str
    opd_id: int
    opd_name: str
    service_unit_id: int | None
    kecamatan_id: int | None
    observed_on: dt.date
    description: str
    person_description: str
    gift_description: str
    employee_id: int | None = Field(description="ASN yang dicatat UPG (hanya untuk UPG/Inspektur)")
    sent_on: dt.date
    followup_due: dt.date
    overdue: bool
    rounds: int
    responded_on: dt.date | None
    escalated_on: dt.date | None
    escalation_reason: str
    kpk_marked_on: dt.date | None = Field(description="Hanya untuk UPG/Inspektur")
    kpk_note: str
    closed_on: dt.date | None
    outcome: str


class FindingNoteOut(Schema):
    kind: str
    author: str
    body: str
    created_at: dt.datetime


class FindingDetailOut(FindingOut):
    notes: list[FindingNoteOut]


def _out(finding: Finding, *, wide: bool, today: dt.date) -> dict[str, Any]:
    label = svc.finding_reporter_label(finding)
    if wide and finding.visit_id and finding.visit is not None:
        label = finding.visit.monitor.name
    return {
        "id": finding.pk,
        "number": finding.number,
        "source": finding.source,
        "reported_by_label": label,
        "visit_id": finding.visit_id,
        "tip_id": finding.tip_id if wide else None,
        "category": finding.category,
        "severity": finding.severity,
        "status": finding.status,
        "opd_id": finding.opd_id,
        "opd_name": finding.opd.name,
        "service_unit_id": finding.service_unit_id,
        "kecamatan_id": finding.kecamatan_id,
        "observed_on": finding.observed_on,
        "description": finding.description,
        "person_description": finding.person_description,
        "gift_description": finding.gift_description,
        "employee_id": finding.employee_id if wide else None,
        "sent_on": finding.sent_on,
        "followup_due": finding.followup_due,
        "overdue": finding.is_overdue(today),
        "rounds": finding.rounds,
        "responded_on": finding.responded_on,
        "escalated_on": finding.escalated_on,
        "escalation_reason": finding.escalation_reason,
        "kpk_marked_on": finding.kpk_marked_on if wide else None,
        "kpk_note": finding.kpk_note if wide else "",
        "closed_on": finding.closed_on,
        "outcome": finding.outcome,
    }


def _detail(finding: Finding, request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    fresh = access_finding(user, finding.pk)
    notes = [
        {
            "kind": n.kind,
            "author": (n.author.get_full_name() or n.author.get_username()) if n.author else "",
            "body": n.body,
            "created_at": n.created_at,
        }
        for n in fresh.notes.select_related("author")
    ]
    return {**_out(fresh, wide=_wide(user), today=_today(request)), "notes": notes}


class _Page:
    """A queryset shown through `_out`, sliced by the paginator (one page is built, not all)."""

    def __init__(self, findings: QuerySet[Finding], *, wide: bool, today: dt.date) -> None:
        self.findings, self.wide, self.today = findings, wide, today

    def __getitem__(self, part: slice) -> list[dict[str, Any]]:
        return [_out(f, wide=self.wide, today=self.today) for f in self.findings[part]]

    def __len__(self) -> int:
        return self.findings.count()


class FindingFilter(Schema):
    q: SearchText = ""
    status: Annotated[str, Field(pattern="^(|all|" + "|".join(Finding.Status.values) + ")$")] = ""
    category: Annotated[str, Field(pattern="^(|" + "|".join(Finding.Category.values) + ")$")] = ""
    severity: Annotated[str, Field(pattern="^(|" + "|".join(Finding.Severity.values) + ")$")] = ""
    opd_id: Id | None = None
    kecamatan_id: Id | None = None
    overdue: bool = False
    kpk: bool = False


@router.get(
    "/findings",
    auth=auth_for(Action.FINDING_VIEW),
    response={200: list[FindingOut], **COMMON_ERRORS},
    summary="Temuan UP3 dalam cakupan pengguna (status kosong: yang belum selesai)",
)
@paginate(Pagination)
def finding_list_op(request: HttpRequest, filters: Query[FindingFilter]) -> Any:
    user = _user(request)
    today = _today(request)
    wide = _wide(user)
    found = svc.finding_search(
        findings=finding_scope_for(user).select_related("opd", "visit__monitor", "kecamatan"),
        filters=svc.FindingFilters(
            q=filters.q.strip(),
            status=filters.status,
            category=filters.category,
            severity=filters.severity,
            opd_id=filters.opd_id,
            kecamatan_id=filters.kecamatan_id,
            overdue=filters.overdue,
            kpk=filters.kpk and wide,
        ),
        today=today,
    )
    return _Page(found, wide=wide, today=today)


class FindingIn(Schema):
    source: Literal["aduan", "lainnya"] = "lainnya"
    tip_id: Id | None = None
    category: Finding.Category
    severity: Finding.Severity
    description: Annotated[str, Field(min_length=10, max_length=10_000, pattern=NO_NUL)]
    observed_on: Day
    service_unit_id: Id | None = None
    opd_id: Id | None = None
    person_description: Short = ""
    gift_description: Short = ""


@router.post(
    "/findings",
    auth=auth_for(Action.FINDING_WORK),
    response={201: FindingDetailOut, **COMMON_ERRORS},
    summary="UPG mencatat temuan (dari aduan atau sumber lain) dan mengirimnya ke kepala OPD",
)
def finding_create_op(request: HttpRequest, payload: FindingIn) -> Any:
    user = _user(request)
    if user.pemda is None:  # every SEHATI role belongs to a pemda
        raise PermissionDenied
    finding = svc.finding_record(
        pemda=user.pemda,
        actor=user,
        today=_today(request),
        source="aduan" if payload.tip_id else payload.source,
        category=payload.category,
        severity=payload.severity,
        description=payload.description,
        observed_on=payload.observed_on,
        service_unit_id=payload.service_unit_id,
        opd_id=payload.opd_id,
        tip_id=payload.tip_id,
        person_description=payload.person_description,
        gift_description=payload.gift_description,
    )
    return Status(201, _detail(finding, request))


@router.get(
    "/findings/{finding_id}",
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="Satu temuan dengan tanggapan dan catatan tindak lanjutnya",
)
def finding_get_op(request: HttpRequest, finding_id: FindingId) -> Any:
    return _detail(access_finding(_user(request), finding_id), request)


class ResponseIn(Schema):
    body: Annotated[str, Field(min_length=10, max_length=10_000, pattern=NO_NUL)]


@router.post(
    "/findings/{finding_id}/response",
    auth=auth_for(Action.FINDING_RESPOND),
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="Tanggapan kepala OPD atas temuan",
)
def finding_respond_op(request: HttpRequest, finding_id: FindingId, payload: ResponseIn) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_RESPOND)
    done = svc.finding_respond(
        finding=finding, actor=user, body=payload.body, today=_today(request)
    )
    return _detail(done, request)


class FindingVerifyIn(Schema):
    decision: Literal["close", "return"]
    note: Text = ""
    outcome: Text = ""


@router.post(
    "/findings/{finding_id}/verify",
    auth=auth_for(Action.FINDING_WORK),
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="Verifikasi UPG: selesai (dengan hasil) atau kembalikan (dengan catatan)",
)
def finding_verify_op(request: HttpRequest, finding_id: FindingId, payload: FindingVerifyIn) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    done = svc.finding_verify(
        finding=finding,
        actor=user,
        decision=payload.decision,
        note=payload.note,
        outcome=payload.outcome,
        today=_today(request),
    )
    return _detail(done, request)


class EscalateIn(Schema):
    reason: Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]


@router.post(
    "/findings/{finding_id}/escalate",
    auth=auth_for(Action.FINDING_WORK),
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="Eskalasi temuan ke UPG dan Inspektorat (sekali)",
)
def finding_escalate_op(request: HttpRequest, finding_id: FindingId, payload: EscalateIn) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    done = svc.finding_escalate(
        finding=finding, actor=user, reason=payload.reason, today=_today(request)
    )
    return _detail(done, request)


class KpkIn(Schema):
    note: Annotated[str, Field(min_length=1, max_length=10_000, pattern=NO_NUL)]


@router.post(
    "/findings/{finding_id}/kpk",
    auth=auth_for(Action.FINDING_WORK),
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="UPG menandai temuan untuk diteruskan ke KPK (sekali)",
)
def finding_kpk_op(request: HttpRequest, finding_id: FindingId, payload: KpkIn) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    done = svc.finding_kpk_mark(
        finding=finding, actor=user, note=payload.note, today=_today(request)
    )
    return _detail(done, request)


class EmployeeIn(Schema):
    employee_id: Id | None = Field(description="Pegawai pemda yang sama; null menghapus tautan")


@router.post(
    "/findings/{finding_id}/employee",
    auth=auth_for(Action.FINDING_WORK),
    response={200: FindingDetailOut, **COMMON_ERRORS},
    summary="UPG mencatat ASN yang terlibat dalam temuan",
)
def finding_employee_op(request: HttpRequest, finding_id: FindingId, payload: EmployeeIn) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    done = svc.finding_employee_link(finding=finding, actor=user, employee_id=payload.employee_id)
    return _detail(done, request)


# --- files ------------------------------------------------------------------------------------


class FindingFileOut(Schema):
    id: uuid.UUID = Field(description="Id berkas (UUID)")
    name: str
    content_type: str
    size: int = Field(description="Ukuran dalam bita")
    sha256: str
    purpose: str = Field(
        description="finding_evidence (bukti temuan), opd_response (lampiran tanggapan OPD), "
        "visit_photo (foto kunjungan asal temuan)"
    )
    uploaded_at: dt.datetime
    download: str = Field(description="Alamat unduh: GET /api/v1/files/{id}")

    @staticmethod
    def resolve_id(obj: StoredFile) -> uuid.UUID:
        return obj.public_id

    @staticmethod
    def resolve_name(obj: StoredFile) -> str:
        return obj.original_name

    @staticmethod
    def resolve_uploaded_at(obj: StoredFile) -> dt.datetime:
        return obj.created_at

    @staticmethod
    def resolve_download(obj: StoredFile) -> str:
        return reverse("api:file_download_op", kwargs={"file_id": obj.public_id})


@router.get(
    "/findings/{finding_id}/files",
    response={200: list[FindingFileOut], **COMMON_ERRORS},
    summary="Berkas temuan: bukti, lampiran tanggapan OPD, dan foto kunjungan asalnya",
)
def finding_files_op(request: HttpRequest, finding_id: FindingId) -> Any:
    return svc.finding_files(finding=access_finding(_user(request), finding_id))


UPLOAD_RULES = (
    "Multipart: satu atau beberapa `file` (JPG, PNG, WebP, HEIC, atau PDF; batas ukuran "
    "`SEHATI_UPLOAD_MAX_BYTES`, paling banyak 10 berkas sekali unggah). Jenis diperiksa dari "
    "isinya; bila satu berkas ditolak (422), tidak ada yang disimpan. "
)


@router.post(
    "/findings/{finding_id}/evidence",
    auth=auth_for(Action.FINDING_WORK),
    response={201: list[FindingFileOut], **COMMON_ERRORS},
    summary="UPG menambahkan bukti pada temuan yang belum selesai",
    description=UPLOAD_RULES + "Temuan yang sudah selesai tidak menerima bukti baru (409). "
    "Jawaban: semua berkas temuan.",
)
def finding_evidence_op(
    request: HttpRequest, finding_id: FindingId, file: File[list[UploadedFile]]
) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_WORK)
    svc.finding_evidence_add(finding=finding, actor=user, uploads=file)
    return Status(201, svc.finding_files(finding=finding))


@router.post(
    "/findings/{finding_id}/response-files",
    auth=auth_for(Action.FINDING_RESPOND),
    response={201: list[FindingFileOut], **COMMON_ERRORS},
    summary="Kepala OPD melampirkan dokumen pada tanggapan yang sedang disiapkan",
    description=UPLOAD_RULES + "Hanya selama temuan menunggu tindak lanjut OPD (status `sent`); "
    "sesudah tanggapan dikirim (POST /findings/{id}/response) atau temuan selesai: 409. "
    "Jawaban: semua berkas temuan.",
)
def finding_response_files_op(
    request: HttpRequest, finding_id: FindingId, file: File[list[UploadedFile]]
) -> Any:
    user = _user(request)
    finding = access_finding(user, finding_id, Action.FINDING_RESPOND)
    svc.finding_response_files_add(finding=finding, actor=user, uploads=file)
    return Status(201, svc.finding_files(finding=finding))
