"""XLSX downloads of socialisation (issue #7 point 5): the participants of an event, the coverage
per OPD, and the dashboard's tables. Numbers are number cells; percentages have one decimal."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from sehati.outreach.coverage import Coverage
from sehati.outreach.dashboard import MONTHS, Dashboard
from sehati.outreach.models import Event, Participant
from sehati.outreach.selectors import EventCounts

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _sheet(book: Workbook, title: str, header: Sequence[Any]) -> Any:
    sheet = book.create_sheet(title[:31])
    sheet.append([str(h) for h in header])
    return sheet


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def participants_xlsx(
    *, event: Event, rows: Iterable[Participant], counts: EventCounts, full: bool
) -> bytes:
    """The participants of an event. `full` (the UPG and the Inspektur): one row per person
    with name, NIP, OPD or organisation, kecamatan, contact, how they registered and attended,
    and the certificate number. Otherwise only the counts per OPD or kecamatan."""
    book = Workbook(write_only=True)
    if full:
        sheet = _sheet(
            book,
            _("Peserta"),
            [
                _("Nama"),
                _("Jenis"),
                _("NIP"),
                _("OPD saat itu"),
                _("Instansi/usaha"),
                _("Kecamatan"),
                _("Kontak"),
                _("Terdaftar melalui"),
                _("Hadir pada"),
                _("Hadir melalui"),
                _("Nomor sertifikat"),
            ],
        )
        for p in rows:
            sheet.append(
                [
                    p.name,
                    p.get_kind_display(),
                    p.employee.nip if p.employee else "",
                    str(p.opd) if p.opd else "",
                    p.organisation,
                    str(p.kecamatan) if p.kecamatan else "",
                    p.contact,
                    p.get_registered_via_display(),
                    _when(p.attended_at),
                    p.get_attended_via_display() if p.attended_via else "",
                    p.certificate_number,
                ]
            )
    sheet = _sheet(book, _("Rekap"), [_("OPD/kecamatan/jenis"), _("Terdaftar"), _("Hadir")])
    for g in counts.by_group:
        sheet.append([g.label, g.registered, g.attended])
    sheet.append([_("Jumlah"), counts.registered, counts.attended])
    info = _sheet(book, _("Kegiatan"), [_("Keterangan"), _("Isi")])
    for label, value in (
        (_("Judul"), event.title),
        (_("Sasaran"), event.get_audience_display()),
        (_("Tanggal"), event.held_on.isoformat()),
        (_("Tempat"), event.place),
        (_("Tautan daring"), event.online_url),
        (_("Status"), event.get_status_display()),
        (_("Target peserta"), event.target_count),
    ):
        info.append([str(label), value])
    return _bytes(book)


def _coverage_rows(sheet: Any, coverage: Coverage) -> None:
    for r in coverage.rows:
        sheet.append(
            ["  " * r.depth + r.name, r.depth, r.staff, r.reached, r.not_reached, _float(r.percent)]
        )
    t = coverage.total
    sheet.append([_("Seluruh pemda"), "", t.staff, t.reached, t.not_reached, _float(t.percent)])


_COVERAGE_HEADER = (
    gettext_lazy("OPD (dengan sub-unitnya)"),
    gettext_lazy("Tingkat"),
    gettext_lazy("ASN aktif"),
    gettext_lazy("Tercapai"),
    gettext_lazy("Belum tercapai"),
    gettext_lazy("Cakupan (persen)"),
)


def coverage_xlsx(*, coverage: Coverage) -> bytes:
    book = Workbook(write_only=True)
    sheet = _sheet(book, _("Cakupan %(year)d") % {"year": coverage.year}, _coverage_header())
    _coverage_rows(sheet, coverage)
    return _bytes(book)


def _coverage_header() -> list[str]:
    return [str(h) for h in _COVERAGE_HEADER]


def dashboard_xlsx(*, board: Dashboard) -> bytes:
    """The dashboard's tables, one sheet each: summary, per month, per kind, target against
    attendance, coverage per OPD."""
    book = Workbook(write_only=True)
    summary = _sheet(book, _("Ringkasan"), [_("Ukuran"), _("Nilai")])
    coverage = board.coverage
    for label, value in (
        (_("Tahun"), board.year),
        (_("Kegiatan terlaksana"), board.events_held),
        (_("Kegiatan direncanakan"), board.events_planned),
        (_("Kegiatan dibatalkan"), board.events_cancelled),
        (_("Lewat tanggal, belum ditandai terlaksana"), board.overdue),
        (_("Peserta terdaftar"), board.registered),
        (_("Peserta hadir"), board.attended),
        (_("ASN tercapai (orang)"), coverage.total.reached if coverage else 0),
        (_("ASN aktif"), coverage.total.staff if coverage else 0),
        (_("Cakupan pemda (persen)"), _float(coverage.total.percent) if coverage else None),
    ):
        summary.append([str(label), value])
    months = _sheet(
        book, _("Per bulan"), [_("Bulan"), _("Terlaksana"), _("Direncanakan"), _("Dibatalkan")]
    )
    for m in board.months:
        months.append([str(MONTHS[m.month - 1]), m.held, m.planned, m.cancelled])
    kinds = _sheet(book, _("Per jenis peserta"), [_("Jenis"), _("Terdaftar"), _("Hadir")])
    for k in board.kinds:
        kinds.append([k.label, k.registered, k.attended])
    targets = _sheet(
        book,
        _("Target dan hadir"),
        [_("Tanggal"), _("Kegiatan"), _("Sasaran"), _("Target"), _("Hadir"), _("Persen target")],
    )
    audience = dict(Event.Audience.choices)
    for t in board.targets:
        targets.append(
            [
                t.held_on.isoformat(),
                t.title,
                str(audience.get(t.audience, t.audience)),
                t.target,
                t.attended,
                _float(t.percent),
            ]
        )
    if coverage is not None:
        sheet = _sheet(book, _("Cakupan per OPD"), _coverage_header())
        _coverage_rows(sheet, coverage)
    return _bytes(book)
