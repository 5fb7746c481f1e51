"""Organisation pages: OPD tree, service units, kecamatan, employees."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sehati.accounts.policies import (
    Action,
    access_employee,
    employee_scope_for,
    require,
)
from sehati.core.audit import timeline_for
from sehati.org.models import Employee, Kecamatan, Opd, ServiceUnit
from sehati.org.selectors import opd_tree

PAGE_SIZE = 50


@login_required
def opd_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ORG_VIEW)
    counts = dict(
        Employee.objects.filter(pemda_id=request.user.pemda_id, is_active=True)
        .values_list("opd_id")
        .annotate(n=Count("id"))
        .values_list("opd_id", "n")
    )
    rows = [
        (opd, depth, counts.get(opd.id, 0))
        for opd, depth in opd_tree(pemda_id=request.user.pemda_id)
    ]
    return render(request, "org/opd_list.html", {"rows": rows})


@login_required
def opd_detail(request: HttpRequest, opd_id: int) -> HttpResponse:
    require(request.user, Action.ORG_VIEW)
    opd = (
        Opd.objects.filter(pemda_id=request.user.pemda_id, pk=opd_id)
        .select_related("parent")
        .first()
    )
    if opd is None:
        raise Http404
    units = opd.units.select_related("kecamatan").order_by("name")
    return render(
        request,
        "org/opd_detail.html",
        {
            "opd": opd,
            "children": opd.children.order_by("name"),
            "units": units,
            "employee_count": opd.employees.filter(is_active=True).count(),
            "can_see_employees": employee_scope_for(request.user).filter(opd=opd).exists(),
        },
    )


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ORG_VIEW)
    q = request.GET.get("q", "").strip()[:100]
    kecamatan = request.GET.get("kecamatan", "")
    units = ServiceUnit.objects.filter(pemda_id=request.user.pemda_id).select_related(
        "opd", "kecamatan"
    )
    if q:
        units = units.filter(
            Q(name__icontains=q) | Q(opd__name__icontains=q) | Q(address__icontains=q)
        )
    if kecamatan.isdigit():
        units = units.filter(kecamatan_id=int(kecamatan))
    page = Paginator(units.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "org/unit_list.html",
        {
            "page": page,
            "q": q,
            "kecamatan": kecamatan,
            "kecamatan_options": Kecamatan.objects.filter(pemda_id=request.user.pemda_id),
        },
    )


@login_required
def kecamatan_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.ORG_VIEW)
    rows = (
        Kecamatan.objects.filter(pemda_id=request.user.pemda_id)
        .annotate(unit_count=Count("units", distinct=True))
        .prefetch_related("desa")
        .order_by("name")
    )
    return render(request, "org/kecamatan_list.html", {"rows": rows})


@login_required
def employee_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.EMPLOYEE_VIEW)
    q = request.GET.get("q", "").strip()[:100]
    opd = request.GET.get("opd", "")
    status = request.GET.get("status", "")
    active = request.GET.get("aktif", "1")
    employees = employee_scope_for(request.user).select_related("opd")
    if q:
        employees = employees.filter(
            Q(name__icontains=q) | Q(nip__startswith=q.replace(" ", "")) | Q(jabatan__icontains=q)
        )
    if opd.isdigit():
        employees = employees.filter(opd_id=int(opd))
    if status in Employee.Status.values:
        employees = employees.filter(status=status)
    if active in ("1", "0"):
        employees = employees.filter(is_active=active == "1")
    page = Paginator(employees.order_by("name", "id"), PAGE_SIZE).get_page(request.GET.get("page"))
    opd_options = Opd.objects.filter(
        pk__in=employee_scope_for(request.user).values("opd_id")
    ).order_by("name")
    return render(
        request,
        "org/employee_list.html",
        {
            "page": page,
            "q": q,
            "opd": opd,
            "status": status,
            "aktif": active,
            "opd_options": opd_options,
            "status_options": Employee.Status.choices,
        },
    )


@login_required
def employee_detail(request: HttpRequest, employee_id: int) -> HttpResponse:
    employee = access_employee(request.user, employee_id)
    return render(
        request,
        "org/employee_detail.html",
        {
            "employee": employee,
            "mutasi": employee.mutasi.select_related("from_opd", "to_opd"),
            "history": employee.history.select_related("history_user")[:20],
            "timeline": timeline_for(employee)[:20],
        },
    )
