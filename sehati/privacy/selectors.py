"""Reads of the privacy module: data-subject requests and the access report "who saw which
person's data in a period" (issue #9 point 3), from the audit timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sehati.accounts.policies import identity_viewer_sees_all
from sehati.core.audit import EVENT_LABELS
from sehati.core.models import TimelineEvent
from sehati.org.models import Employee, Pemda
from sehati.privacy.models import DataSubjectRequest

CONFIDENTIAL_REPORTER = _("(pelapor dirahasiakan)")
# Events that are someone seeing or taking personal data, whoever it is about.
ACCESS_TYPES = (
    "identity_viewed",
    "identity_access_granted",
    "identity_access_revoked",
    "file_downloaded",
    "access_report_viewed",
)


def dsr_list(pemda: Pemda, *, status: str = "", search: str = "") -> QuerySet[DataSubjectRequest]:
    qs = DataSubjectRequest.objects.filter(pemda=pemda).select_related("employee")
    if status == "overdue":
        qs = qs.filter(status=DataSubjectRequest.Status.OPEN, due_at__lt=timezone.now())
    elif status:
        qs = qs.filter(status=status)
    if search:  # the name is encrypted: search by number or the linked employee's NIP/name
        qs = qs.filter(
            Q(number__icontains=search)
            | Q(employee__nip__startswith=search)
            | Q(employee__name__icontains=search)
        )
    return qs.order_by("-received_at", "-id")


def dsr_overdue(dsr: DataSubjectRequest, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    if dsr.status == DataSubjectRequest.Status.OPEN:
        return now > dsr.due_at
    return dsr.closed_at is not None and dsr.closed_at > dsr.due_at


def dsr_hours_left(dsr: DataSubjectRequest, now: dt.datetime | None = None) -> int:
    """Whole hours until the deadline (negative: hours late)."""
    now = now or timezone.now()
    return int((dsr.due_at - now).total_seconds() // 3600)


@dataclass(frozen=True)
class PersonRecord:
    """A record SEHATI holds about a person, for an access request's answer."""

    kind: str
    label: str
    day: dt.date | None
    url_name: str
    pk: int

    @property
    def url(self) -> str:
        return reverse(self.url_name, args=[self.pk])


def person_records(employee: Employee, *, viewer: Any) -> tuple[list[PersonRecord], int]:
    """Every record about a civil servant: gift reports, declarations, sanction cases,
    outreach attendance (the answer to an access request), and how many confidential reports
    were left out because the viewer may not see their reporter (the head of the UPG answers
    for those)."""
    from sehati.declarations.models import Declaration
    from sehati.outreach.models import Participant
    from sehati.reports.models import GiftReport, reporter_is
    from sehati.sanctions.models import SanctionCase

    out: list[PersonRecord] = []
    reports = GiftReport.objects.filter(reporter_is(employee.pk)).order_by("received_on", "pk")
    hidden = 0
    if not identity_viewer_sees_all(viewer):
        hidden = reports.filter(confidential=True).count()
        reports = reports.filter(confidential=False)
    for r in reports:
        out.append(
            PersonRecord(
                str(_("Laporan gratifikasi")),
                f"{r.get_kind_display()} — {r.giver_name}",
                r.received_on,
                "reports:report_detail",
                r.pk,
            )
        )
    for d in Declaration.objects.filter(employee=employee).select_related("period"):
        out.append(
            PersonRecord(
                str(_("Deklarasi")), str(d.period), None, "declarations:declaration_detail", d.pk
            )
        )
    for c in SanctionCase.objects.filter(employee=employee).order_by("pk"):
        out.append(
            PersonRecord(str(_("Kasus sanksi")), str(c), None, "sanctions:case_detail", c.pk)
        )
    for p in Participant.objects.filter(employee=employee).select_related("event"):
        out.append(
            PersonRecord(
                str(_("Peserta sosialisasi")),
                p.event.title,
                p.event.held_on,
                "outreach:event_detail",
                p.event_id,
            )
        )
    return out, hidden


def _subjects_of(employee: Employee, *, viewer: Any) -> Q:
    """The timeline subjects that are about the employee. A confidential report (and its case)
    counts only for a viewer who may see its reporter: otherwise the report itself would tell
    who filed it."""
    from sehati.cases.models import Case
    from sehati.declarations.models import Declaration
    from sehati.reports.models import GiftReport, reporter_is
    from sehati.sanctions.models import SanctionCase

    reports = GiftReport.objects.filter(reporter_is(employee.pk))
    if not identity_viewer_sees_all(viewer):
        reports = reports.filter(confidential=False)
    report_ids = list(reports.values_list("pk", flat=True))
    pairs = [
        (GiftReport, report_ids),
        (Case, list(Case.objects.filter(report_id__in=report_ids).values_list("pk", flat=True))),
        (
            Declaration,
            list(Declaration.objects.filter(employee=employee).values_list("pk", flat=True)),
        ),
        (
            SanctionCase,
            list(SanctionCase.objects.filter(employee=employee).values_list("pk", flat=True)),
        ),
        (Employee, [employee.pk]),
        (
            DataSubjectRequest,
            list(DataSubjectRequest.objects.filter(employee=employee).values_list("pk", flat=True)),
        ),
    ]
    q = Q(pk__in=[])
    for model, ids in pairs:
        if ids:
            ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
            q |= Q(subject_type=ct, subject_id__in=ids)
    return q


def _day_start(day: dt.date, pemda: Pemda) -> dt.datetime:
    import zoneinfo

    zone = zoneinfo.ZoneInfo(pemda.time_zone)
    return dt.datetime.combine(day, dt.time.min, tzinfo=zone)


def access_events(
    pemda: Pemda,
    *,
    start: dt.date,
    end: dt.date,
    viewer: Any,
    employee: Employee | None = None,
) -> QuerySet[TimelineEvent]:
    """Who saw which person's data from `start` to `end` (local dates, inclusive).

    With an employee: every audited action on a record about them (their reports and cases,
    declarations, sanction cases, employee record, data-subject requests), including views of a
    confidential identity. Without one: every view of a confidential identity, change of who may
    see identities, and file download in the pemda."""
    qs = TimelineEvent.objects.filter(
        pemda=pemda,
        created_at__gte=_day_start(start, pemda),
        created_at__lt=_day_start(end + dt.timedelta(days=1), pemda),
    )
    if employee is not None:
        qs = qs.filter(_subjects_of(employee, viewer=viewer))
    else:
        qs = qs.filter(type__in=ACCESS_TYPES)
    return qs.select_related("subject_type", "actor").order_by("created_at", "id")


def access_rows(
    events: QuerySet[TimelineEvent] | list[TimelineEvent],
    *,
    viewer: Any,
    employee: Employee | None = None,
) -> list[dict[str, Any]]:
    """The report's rows: when, who, what, about which record, and whose report it is when the
    viewer may see that (a confidential reporter only for the head of the UPG and whom they
    granted). Actor names are masked as on every timeline."""
    from sehati.reports.models import GiftReport
    from sehati.reports.selectors import timeline_masked

    events = timeline_masked(events, viewer=viewer)
    report_ct = ContentType.objects.get_for_model(GiftReport)
    report_ids = {e.subject_id for e in events if e.subject_type_id == report_ct.pk}
    sees_all = identity_viewer_sees_all(viewer)
    reporters = {
        r.pk: (
            f"{r.reporter.name} ({r.reporter.nip})"
            if sees_all or not r.confidential
            else str(CONFIDENTIAL_REPORTER)
        )
        for r in GiftReport.objects.filter(pk__in=report_ids).select_related("reporter")
    }
    rows = []
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        if e.subject_type_id == report_ct.pk:
            person = reporters.get(e.subject_id, "")
        else:  # with a person asked for, every other row is about them
            person = f"{employee.name} ({employee.nip})" if employee is not None else ""
        rows.append(
            {
                "at": e.created_at,
                "actor": e.actor_label or "-",
                "actor_id": e.actor_ref,
                "type": e.type,
                "action": str(EVENT_LABELS.get(e.type, e.type)),
                "subject": f"{e.subject_type.name} #{e.subject_id}",
                "person": person,
                "detail": str(data.get("file") or data.get("path") or "")[:200],
            }
        )
    return rows
