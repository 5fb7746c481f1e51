"""Reads for the home pages and the audit timeline."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet, Sum

from sehati.accounts.models import Role
from sehati.accounts.policies import user_grants
from sehati.core.models import TimelineEvent
from sehati.org.models import Employee, Kecamatan, Opd, ServiceUnit
from sehati.org.selectors import opd_descendant_ids


def home_panels(*, user: Any) -> list[dict[str, Any]]:
    """One panel per role the user holds, each with real figures of the user's scope."""
    panels: list[dict[str, Any]] = []
    roles = {g.role for g in user_grants(user)}
    pemda_id = user.pemda_id
    employees = Employee.objects.filter(pemda_id=pemda_id, is_active=True)

    if Role.PELAPOR in roles and user.employee_id:
        panels.append(
            {
                "kind": "pelapor",
                "employee": Employee.objects.select_related("opd", "unit").get(pk=user.employee_id),
            }
        )
    for grant in user_grants(user):
        if grant.role in (Role.UPG_PEMBANTU, Role.KEPALA_OPD) and grant.opd_id:
            # This grant's OPD and its sub-units only (a user may head one OPD and assist another).
            ids = opd_descendant_ids(pemda_id=pemda_id, roots={grant.opd_id})
            opd = Opd.objects.get(pk=grant.opd_id)
            scoped = employees.filter(opd_id__in=ids)
            panels.append(
                {
                    "kind": grant.role.value,
                    "opd": opd,
                    "employee_count": scoped.count(),
                    "by_status": list(
                        scoped.values("status").annotate(n=Count("id")).order_by("status")
                    ),
                    "unit_count": ServiceUnit.objects.filter(
                        opd_id__in=ids, is_active=True
                    ).count(),
                }
            )
    if roles & {Role.UPG, Role.INSPEKTUR, Role.ADMIN}:
        panels.append(
            {
                "kind": "pemda",
                "opd_count": Opd.objects.filter(pemda_id=pemda_id, is_active=True).count(),
                "employee_count": employees.count(),
                "unit_count": ServiceUnit.objects.filter(pemda_id=pemda_id, is_active=True).count(),
                "kecamatan_count": Kecamatan.objects.filter(pemda_id=pemda_id).count(),
                "largest_opd": list(
                    employees.values("opd__id", "opd__name")
                    .annotate(n=Count("id"))
                    .order_by("-n")[:5]
                ),
            }
        )
    if roles & {Role.INSPEKTUR, Role.ADMIN}:
        panels.append(
            {
                "kind": "audit",
                "events": list(
                    TimelineEvent.objects.filter(pemda_id=pemda_id).select_related("actor")[:8]
                ),
            }
        )
    if Role.OPERATOR_TPP in roles:
        agg = employees.aggregate(total=Sum("tpp_monthly_idr"), n=Count("id"))
        from sehati.core.clock import local_today
        from sehati.rules.tpp import Month
        from sehati.sanctions.selectors import payroll_month_row

        pemda = user.pemda
        panels.append(
            {
                "kind": "operator_tpp",
                "tpp_total_idr": agg["total"] or 0,
                "employee_count": agg["n"],
                # This month's TPP deduction list (issue #6 point 3), in the pemda's own zone.
                "payroll": payroll_month_row(
                    pemda=pemda,
                    month=Month.of(local_today(pemda.time_zone or "Asia/Makassar")),
                    today=local_today(pemda.time_zone or "Asia/Makassar"),
                )
                if pemda is not None
                else None,
            }
        )
    if Role.KEPALA_DAERAH in roles:
        # The regent (issue #8): the pemda's summary and the recaps, aggregates only.
        panels.append({"kind": "kepala_daerah", "pemda": user.pemda})
    if Role.PEMANTAU in roles:
        kec_ids = [
            g.kecamatan_id for g in user_grants(user) if g.role == Role.PEMANTAU and g.kecamatan_id
        ]
        panels.append(
            {
                "kind": "pemantau",
                "kecamatan": list(Kecamatan.objects.filter(pk__in=kec_ids)),
                "units": list(
                    ServiceUnit.objects.filter(kecamatan_id__in=kec_ids, is_active=True)
                    .select_related("opd", "kecamatan")
                    .order_by("kecamatan__name", "name")
                ),
            }
        )
    return panels


def timeline_list(
    *, pemda_id: int | None, search: str = "", event_type: str = ""
) -> QuerySet[TimelineEvent]:
    if pemda_id is None:
        return TimelineEvent.objects.none()
    qs = TimelineEvent.objects.filter(pemda_id=pemda_id).select_related("actor", "subject_type")
    if event_type:
        qs = qs.filter(type=event_type)
    if search:
        qs = qs.filter(actor_label__icontains=search) | qs.filter(type__icontains=search)
    return qs.order_by("-created_at", "-id")
