"""The retention schedule (issue #9 point 3): for each record type, when its personal data
expires, what happens then, and how.

A record expires `keep_years` after the date it ended (a gift report: its case closed; a tip:
closed; a public participant: the event). Expired records under an active legal hold are left
alone and counted as held. Defaults are the `DEFAULTS` below until a pemda sets its own
(`RetentionRule`); `docs/security.md` explains them.

- gift report: anonymise only. The report is a legal record and a statistic; its reporter's
  identity snapshot (NIK, address, phone, position) is cleared, in its history too.
- tip: anonymise (the tipster's contact is cleared) or delete (the tip, its messages and files).
- public participant of an outreach event: anonymise only (name, organisation and contact are
  cleared; attendance figures stay). A civil servant's attendance is a staff record, not expired.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sehati.privacy.models import RecordType, RetentionAction


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: Any
    default_years: int
    default_action: str
    actions: tuple[str, ...]
    # (pemda, last day that is expired) -> the expired records (not yet anonymised)
    expired: Callable[[Any, dt.date], models.QuerySet[Any]]
    anonymise: Callable[[Any], None]
    delete: Callable[[Any], None] | None = None
    # the date a record ended, shown in the preview
    ended_on: Callable[[Any], dt.date | None] = lambda obj: None


def _local_date_of(value: dt.datetime | None) -> dt.date | None:
    from django.utils import timezone

    return timezone.localdate(value) if value else None


# --- gift reports -----------------------------------------------------------------------------

REPORT_IDENTITY = ("reporter_nik", "reporter_address", "reporter_phone", "reporter_jabatan")


def _reports_expired(pemda: Any, last_day: dt.date) -> models.QuerySet[Any]:
    from sehati.reports.models import GiftReport

    return GiftReport.objects.filter(pemda=pemda, case__closed_on__lte=last_day)


def _report_anonymise(report: Any) -> None:
    from sehati.reports.models import GiftReport

    blank = dict.fromkeys(REPORT_IDENTITY, "")
    GiftReport.objects.filter(pk=report.pk).update(**blank)
    GiftReport.history.filter(id=report.pk).update(**blank)


# --- public tips ------------------------------------------------------------------------------


def _tips_expired(pemda: Any, last_day: dt.date) -> models.QuerySet[Any]:
    from sehati.monitoring.models import Tip

    # A tip has no closing date of its own: the last change of a closed tip is its closing.
    return Tip.objects.filter(pemda=pemda, status=Tip.Status.CLOSED, updated_at__date__lte=last_day)


def _tip_anonymise(tip: Any) -> None:
    from sehati.monitoring.models import Tip

    Tip.objects.filter(pk=tip.pk).update(contact="")


def _tip_delete(tip: Any) -> None:
    from sehati.core.files import files_for

    for stored in files_for(tip):
        stored.file.delete(save=False)
        stored.delete()
    tip.delete()  # its messages go with it (CASCADE)


# --- public participants of outreach events ----------------------------------------------------

PARTICIPANT_ANONYMOUS = "Peserta (dianonimkan)"


def _participants_expired(pemda: Any, last_day: dt.date) -> models.QuerySet[Any]:
    from sehati.outreach.models import Participant

    return Participant.objects.filter(
        pemda=pemda, event__held_on__lte=last_day, employee__isnull=True
    ).exclude(kind=Participant.Kind.ASN)


def _participant_anonymise(participant: Any) -> None:
    from sehati.outreach.models import Participant

    Participant.objects.filter(pk=participant.pk).update(
        name=PARTICIPANT_ANONYMOUS, organisation="", contact=""
    )


KINDS: dict[str, RecordKind] = {
    RecordType.GIFT_REPORT: RecordKind(
        key=RecordType.GIFT_REPORT,
        label=RecordType.GIFT_REPORT.label,
        default_years=10,
        default_action=RetentionAction.ANONYMISE,
        actions=(RetentionAction.ANONYMISE,),
        expired=_reports_expired,
        anonymise=_report_anonymise,
        ended_on=lambda r: r.case.closed_on if hasattr(r, "case") else None,
    ),
    RecordType.TIP: RecordKind(
        key=RecordType.TIP,
        label=RecordType.TIP.label,
        default_years=5,
        default_action=RetentionAction.ANONYMISE,
        actions=(RetentionAction.ANONYMISE, RetentionAction.DELETE),
        expired=_tips_expired,
        anonymise=_tip_anonymise,
        delete=_tip_delete,
        ended_on=lambda t: _local_date_of(t.updated_at),
    ),
    RecordType.OUTREACH_PARTICIPANT: RecordKind(
        key=RecordType.OUTREACH_PARTICIPANT,
        label=RecordType.OUTREACH_PARTICIPANT.label,
        default_years=2,
        default_action=RetentionAction.ANONYMISE,
        actions=(RetentionAction.ANONYMISE,),
        expired=_participants_expired,
        anonymise=_participant_anonymise,
        ended_on=lambda p: p.event.held_on,
    ),
}

ACTION_HELP: dict[str, Any] = {
    RetentionAction.ANONYMISE: _("data pribadi dikosongkan; catatan dan angkanya tetap"),
    RetentionAction.DELETE: _("catatan dihapus beserta pesan dan berkasnya"),
}


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
