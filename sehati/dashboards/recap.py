"""The periodic recap to KPK and the regent (issue #8 point 2; GRATIFICATION_LAW.md §3.2–3.3,
DECISIONS.md #15): a quarter by default, a semester where the pemda sets it.

The figures come from the source tables, not from the dashboards' summary: a recap is a record.
Its lists carry register numbers, OPD, kind, value and status, never the reporter's name or any
identity field (a confidential reporter stays confidential in a letter too).

- receipt, refusal and solicitation reports **submitted** in the period;
- perishable food **distributed** in the period (`distributed_on`);
- cases **forwarded** to KPK in the period, KPK **decisions** dated in the period (SK date), and
  **follow-ups** done in the period (with custody hand-overs released in the period);
- the UPG's other duties in the period: socialisation events held and their attendance, UP3
  visits, findings sent and closed, coordination meetings, declaration periods that ended, public
  tips received.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sehati.cases.models import Case, CustodyItem
from sehati.core.audit import timeline_record
from sehati.core.errors import ApplicationError, ConflictError
from sehati.dashboards.models import Recap
from sehati.org.models import Pemda
from sehati.reports.models import GiftReport

_ROMAN = ("I", "II", "III", "IV")
_CODE = re.compile(r"^(\d{4})-([qs])([1-4])$")


@dataclass(frozen=True)
class RecapPeriod:
    kind: str  # Recap.Kind
    year: int
    index: int

    @property
    def code(self) -> str:
        return f"{self.year}-{'q' if self.kind == Recap.Kind.QUARTERLY else 's'}{self.index}"

    @property
    def months(self) -> int:
        return 3 if self.kind == Recap.Kind.QUARTERLY else 6

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def last_day(self) -> dt.date:
        m = self.index * self.months
        return dt.date(self.year + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        word = _("Triwulan") if self.kind == Recap.Kind.QUARTERLY else _("Semester")
        return f"{word} {_ROMAN[self.index - 1]} {self.year}"


def recap_period_parse(code: str) -> RecapPeriod | None:
    """`2026-q3` or `2026-s1` (None for anything else)."""
    m = _CODE.match(code or "")
    if not m:
        return None
    year, letter, index = int(m.group(1)), m.group(2), int(m.group(3))
    if (letter == "s" and index > 2) or not 2015 <= year <= 2100:
        return None
    kind = Recap.Kind.QUARTERLY if letter == "q" else Recap.Kind.SEMESTER
    return RecapPeriod(kind, year, index)


def recap_periods(*, pemda: Pemda, year: int) -> list[RecapPeriod]:
    """The periods of a year under the pemda's setting (`Pemda.recap_period`)."""
    kind = Recap.Kind(pemda.recap_period)
    count = 4 if kind == Recap.Kind.QUARTERLY else 2
    return [RecapPeriod(kind, year, i) for i in range(1, count + 1)]


SECTION_TITLES = {
    "reports": gettext_lazy("Laporan penerimaan, penolakan dan permintaan"),
    "distributions": gettext_lazy("Penyaluran makanan mudah rusak"),
    "forwarded": gettext_lazy("Laporan diteruskan ke KPK"),
    "decisions": gettext_lazy("SK KPK dan tindak lanjutnya"),
    "followups": gettext_lazy("Tindak lanjut SK KPK dalam periode"),
    "custody": gettext_lazy("Penyerahan barang titipan"),
}


@dataclass
class RecapData:
    period: RecapPeriod
    totals: dict[str, int]
    sections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _label(choices: Any, code: str) -> str:
    return str(dict(choices).get(code, code or "—"))


def recap_build(*, pemda: Pemda, period: RecapPeriod) -> RecapData:
    from sehati.declarations.models import DeclarationPeriod
    from sehati.monitoring.models import Finding, Meeting, Tip, Visit
    from sehati.outreach.models import Event, Participant

    span = (period.first_day, period.last_day)
    reports = (
        GiftReport.objects.filter(
            pemda=pemda, status=GiftReport.Status.SUBMITTED, submitted_on__range=span
        )
        .select_related("reporter_opd", "case")
        .order_by("submitted_on", "register_number")
    )

    def case_status(r: GiftReport) -> str:
        case = getattr(r, "case", None)
        return case.get_status_display() if case is not None else str(_("Belum diterima UPG"))

    report_rows: list[dict[str, Any]] = [
        {
            "register_number": r.register_number,
            "submitted_on": r.submitted_on,
            "received_on": r.received_on,
            "kind": r.get_kind_display(),
            "kind_code": r.kind,
            "opd": r.reporter_opd.name,
            "category": r.category,
            "form": r.form,
            "value_idr": r.value_idr,
            "status": case_status(r),
        }
        for r in reports
    ]
    distributed = GiftReport.objects.filter(
        pemda=pemda,
        status=GiftReport.Status.SUBMITTED,
        object_location=GiftReport.ObjectLocation.DISTRIBUTED,
        distributed_on__range=span,
    ).order_by("distributed_on", "register_number")
    distribution_rows = [
        {
            "register_number": r.register_number,
            "distributed_on": r.distributed_on,
            "distributed_to": r.distributed_to,
            "value_idr": r.value_idr,
        }
        for r in distributed
    ]
    cases = Case.objects.filter(pemda=pemda).select_related("report")
    forwarded_rows = [
        {
            "register_number": c.report.register_number,
            "forwarded_on": c.forwarded_on,
            "channel": c.get_forward_channel_display(),
            "reference": c.gol_reference,
            "value_idr": c.report.value_idr,
        }
        for c in cases.filter(forwarded_on__range=span).order_by("forwarded_on", "id")
    ]
    decision_rows = [
        {
            "register_number": c.report.register_number,
            "sk_number": c.sk_number,
            "sk_date": c.sk_date,
            "decision": c.get_decision_display(),
            "decision_code": c.decision,
            "value_idr": c.report.value_idr,
            "appraised_value_idr": c.appraised_value_idr,
            "followup": c.get_followup_display() if c.followup else "",
            "followup_on": c.followup_on,
        }
        for c in cases.filter(sk_date__range=span).order_by("sk_date", "id")
    ]
    followup_rows = [
        {
            "register_number": c.report.register_number,
            "followup": c.get_followup_display(),
            "followup_on": c.followup_on,
            "bast_number": c.bast_number,
            "paid_idr": c.paid_idr,
        }
        for c in cases.filter(followup_on__range=span).exclude(followup="").order_by("followup_on")
    ]
    custody_rows = [
        {
            "number": i.number,
            "register_number": i.case.report.register_number,
            "description": i.description,
            "released_on": i.released_on,
            "released_to": i.get_released_to_kind_display(),
            "release_number": i.release_number,
        }
        for i in CustodyItem.objects.filter(pemda=pemda, released_on__range=span)
        .select_related("case__report")
        .order_by("released_on", "id")
    ]
    held = Event.objects.filter(pemda=pemda, status=Event.Status.HELD, held_on__range=span)
    kinds = {k: 0 for k, _l in GiftReport.Kind.choices}
    for row in report_rows:
        kinds[row["kind_code"]] += 1
    totals = {
        "reports": len(report_rows),
        **{f"reports_{k}": n for k, n in kinds.items()},
        "reports_value_idr": sum(r["value_idr"] for r in report_rows),
        "distributions": len(distribution_rows),
        "forwarded": len(forwarded_rows),
        "decisions": len(decision_rows),
        "decisions_state": sum(
            1 for r in decision_rows if r["decision_code"] in ("state", "state_compensable")
        ),
        "decisions_recipient": sum(1 for r in decision_rows if r["decision_code"] == "recipient"),
        "followups": len(followup_rows),
        "custody_released": len(custody_rows),
        "events_held": held.count(),
        "event_attendance": Participant.objects.filter(
            event__in=held, attended_at__isnull=False
        ).count(),
        "up3_visits": Visit.objects.filter(
            pemda=pemda, status=Visit.Status.SUBMITTED, visited_on__range=span
        ).count(),
        "findings_sent": Finding.objects.filter(pemda=pemda, sent_on__range=span).count(),
        "findings_closed": Finding.objects.filter(pemda=pemda, closed_on__range=span).count(),
        "meetings": Meeting.objects.filter(pemda=pemda, held_on__range=span).count(),
        "declaration_periods": DeclarationPeriod.objects.filter(
            pemda=pemda, due_on__range=span
        ).count(),
        "tips": Tip.objects.filter(pemda=pemda, created_at__date__range=span).count(),
    }
    return RecapData(
        period,
        totals,
        {
            "reports": report_rows,
            "distributions": distribution_rows,
            "forwarded": forwarded_rows,
            "decisions": decision_rows,
            "followups": followup_rows,
            "custody": custody_rows,
        },
    )


TOTAL_LABELS: dict[str, Any] = {
    "reports": gettext_lazy("Laporan gratifikasi dikirim"),
    "reports_receipt": gettext_lazy("— penerimaan"),
    "reports_refusal": gettext_lazy("— penolakan"),
    "reports_solicitation": gettext_lazy("— permintaan"),
    "reports_value_idr": gettext_lazy("Jumlah nilai yang dilaporkan (Rp)"),
    "distributions": gettext_lazy("Penyaluran makanan mudah rusak"),
    "forwarded": gettext_lazy("Laporan diteruskan ke KPK"),
    "decisions": gettext_lazy("SK KPK diterima"),
    "decisions_state": gettext_lazy("— milik negara"),
    "decisions_recipient": gettext_lazy("— milik penerima"),
    "followups": gettext_lazy("Tindak lanjut SK selesai"),
    "custody_released": gettext_lazy("Barang titipan diserahkan"),
    "events_held": gettext_lazy("Kegiatan sosialisasi terlaksana"),
    "event_attendance": gettext_lazy("Kehadiran peserta sosialisasi"),
    "up3_visits": gettext_lazy("Kunjungan pemantau UP3"),
    "findings_sent": gettext_lazy("Temuan UP3 dikirim ke OPD"),
    "findings_closed": gettext_lazy("Temuan UP3 selesai"),
    "meetings": gettext_lazy("Rapat koordinasi UP3"),
    "declaration_periods": gettext_lazy("Periode deklarasi berakhir"),
    "tips": gettext_lazy("Aduan masyarakat diterima"),
}


def recap_issue(
    *,
    pemda: Pemda,
    period: RecapPeriod,
    actor: Any,
    letter_number: str,
    letter_date: dt.date,
    signatory_name: str,
    signatory_position: str,
    today: dt.date,
) -> Recap:
    """Number and date the recap of a finished period; its totals are kept as issued."""
    if period.last_day >= today:
        raise ApplicationError(
            _("Periode %(p)s belum berakhir; rekap diterbitkan setelah %(d)s.")
            % {"p": period.label, "d": period.last_day.strftime("%d-%m-%Y")},
            code="recap_period_open",
        )
    if letter_date > today or letter_date <= period.last_day:
        raise ApplicationError(
            _("Tanggal surat harus setelah akhir periode dan tidak di masa depan."),
            code="recap_letter_date",
        )
    data = recap_build(pemda=pemda, period=period)
    try:
        with transaction.atomic():
            recap = Recap.objects.create(
                pemda=pemda,
                kind=period.kind,
                year=period.year,
                index=period.index,
                letter_number=letter_number,
                letter_date=letter_date,
                signatory_name=signatory_name,
                signatory_position=signatory_position,
                issued_by=actor,
                totals=data.totals,
                sections=data.sections,
            )
            timeline_record(
                subject=recap,
                type="recap_issued",
                actor=actor,
                data={"period": period.code, "letter_number": letter_number},
            )
    except IntegrityError:
        raise ConflictError(
            _("Rekap %(p)s sudah diterbitkan.") % {"p": period.label}, code="recap_issued"
        ) from None
    return recap


def recap_get(*, pemda: Pemda, period: RecapPeriod) -> Recap | None:
    """The issued recap of the period, if any."""
    return Recap.objects.filter(
        pemda=pemda, kind=period.kind, year=period.year, index=period.index
    ).first()


def recap_data(*, pemda: Pemda, period: RecapPeriod, recap: Recap | None) -> RecapData:
    """What the letter and the annex show: as issued when the recap has been issued, else the
    figures of today."""
    if recap is None:
        return recap_build(pemda=pemda, period=period)
    sections = {
        key: [
            {
                k: dt.date.fromisoformat(v)
                if isinstance(v, str) and (k.endswith("_on") or k == "sk_date") and v
                else v
                for k, v in row.items()
            }
            for row in rows
        ]
        for key, rows in recap.sections.items()
    }
    return RecapData(period, dict(recap.totals), sections)


def recap_counts(*, pemda: Pemda, year: int) -> dict[str, Any]:
    """Issued recaps of a year by period code (for the list page)."""
    out = {}
    for r in Recap.objects.filter(pemda=pemda, year=year):
        out[RecapPeriod(r.kind, r.year, r.index).code] = r
    return out
