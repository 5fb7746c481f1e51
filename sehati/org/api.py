"""Organisation operations: OPD, kecamatan, service units, employees."""

import datetime as dt
from typing import Any

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Field, P, PathEx, Query, Router, Schema
from ninja.pagination import paginate

from sehati.accounts.policies import Action, access_employee, employee_scope_for, require
from sehati.api.base import COMMON_ERRORS, ID_MAX, Pagination, SearchText
from sehati.org.models import Employee, Kecamatan, Opd, ServiceUnit

router = Router(tags=["organisasi"])

# Path ids are bounded to the database's integer range: beyond it a 422, never a 500.
ObjectId = PathEx[int, P(ge=1, le=ID_MAX)]


class OpdOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    parent_id: int | None
    is_active: bool


class KecamatanOut(Schema):
    id: int
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    opd_id: int
    kecamatan_id: int | None
    address: str
    is_active: bool


class EmployeeOut(Schema):
    id: int
    nip: str
    name: str
    status: str
    golongan: str
    jabatan: str
    level: str
    opd_id: int
    unit_id: int | None
    tpp_monthly_idr: int
    is_active: bool


class MutasiOut(Schema):
    id: int
    from_opd_id: int
    to_opd_id: int
    effective_on: dt.date
    source: str
    note: str


class EmployeeFilter(Schema):
    q: SearchText = ""
    opd_id: int | None = Field(None, ge=1, le=ID_MAX)
    status: Employee.Status | None = None
    is_active: bool | None = None


def _pemda_id(request: HttpRequest) -> int | None:
    return getattr(request.user, "pemda_id", None)


@router.get("/opd", response={200: list[OpdOut], **COMMON_ERRORS}, summary="Daftar OPD")
@paginate(Pagination)
def opd_list(request: HttpRequest) -> Any:
    require(request.user, Action.ORG_VIEW)
    return Opd.objects.filter(pemda_id=_pemda_id(request)).order_by("name", "id")


@router.get("/opd/{opd_id}", response={200: OpdOut, **COMMON_ERRORS}, summary="Satu OPD")
def opd_detail(request: HttpRequest, opd_id: ObjectId) -> Any:
    require(request.user, Action.ORG_VIEW)
    opd = Opd.objects.filter(pemda_id=_pemda_id(request), pk=opd_id).first()
    if opd is None:
        raise Http404
    return opd


@router.get(
    "/kecamatan", response={200: list[KecamatanOut], **COMMON_ERRORS}, summary="Daftar kecamatan"
)
@paginate(Pagination)
def kecamatan_list(request: HttpRequest) -> Any:
    require(request.user, Action.ORG_VIEW)
    return Kecamatan.objects.filter(pemda_id=_pemda_id(request)).order_by("name", "id")


@router.get("/units", response={200: list[UnitOut], **COMMON_ERRORS}, summary="Daftar unit layanan")
@paginate(Pagination)
def unit_list(request: HttpRequest) -> Any:
    require(request.user, Action.ORG_VIEW)
    return ServiceUnit.objects.filter(pemda_id=_pemda_id(request)).order_by("name", "id")


@router.get(
    "/employees",
    response={200: list[EmployeeOut], **COMMON_ERRORS},
    summary="Daftar pegawai dalam lingkup pengguna",
)
@paginate(Pagination)
def employee_list(request: HttpRequest, filters: Query[EmployeeFilter]) -> Any:
    require(request.user, Action.EMPLOYEE_VIEW)
    qs = employee_scope_for(request.user)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(nip__startswith=filters.q))
    if filters.opd_id:
        qs = qs.filter(opd_id=filters.opd_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.is_active is not None:
        qs = qs.filter(is_active=filters.is_active)
    return qs.order_by("name", "id")


@router.get(
    "/employees/{employee_id}", response={200: EmployeeOut, **COMMON_ERRORS}, summary="Satu pegawai"
)
def employee_detail(request: HttpRequest, employee_id: ObjectId) -> Any:
    return access_employee(request.user, employee_id)


@router.get(
    "/employees/{employee_id}/mutasi",
    response={200: list[MutasiOut], **COMMON_ERRORS},
    summary="Riwayat mutasi pegawai",
)
def employee_mutasi(request: HttpRequest, employee_id: ObjectId) -> Any:
    employee = access_employee(request.user, employee_id)
    return list(employee.mutasi.all())
