"""The public transparency table (issue #8 point 3): per year and OPD, aggregate figures only.

Every count below `MIN_CELL` (0 included) is suppressed ("<5" on the page, empty with a flag in
the CSV), a rupiah cell is suppressed when fewer than `MIN_CELL` reports stand behind it, and
complementary suppression makes sure that no suppressed cell can be recovered by subtracting the
shown cells of its column from the shown total. Names, NIPs, register numbers or any other
identifier of a person never enter this module's output. The CSV schema is in docs/open-data.md;
change it only with a new `SCHEMA_VERSION`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from sehati.dashboards.models import ReportSummary
from sehati.dashboards.summary import summary_fresh
from sehati.org.models import Opd, Pemda

MIN_CELL = 5
SCHEMA_VERSION = "1"
# (column, kind): "count" cells are suppressed below MIN_CELL; "value" cells follow the count of
# reports behind them (the `basis` column).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("laporan", "count"),
    ("penolakan", "count"),
    ("nilai_milik_negara_idr", "value"),
    ("peserta_sosialisasi", "count"),
    ("kunjungan_up3", "count"),
    ("temuan_up3_selesai", "count"),
)
PUBLIC_ROW = "masyarakat"  # socialisation of the public and vendors: not an OPD


@dataclass
class Cell:
    value: int
    basis: int  # what decides suppression: the count itself, or the reports behind a value
    hidden: bool = False

    @property
    def shown(self) -> str:
        return "<5" if self.hidden else str(self.value)


@dataclass
class TRow:
    key: str  # OPD code, "masyarakat" or "total"
    name: str
    kind: str  # "opd", "masyarakat", "total"
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class TScore:
    kind: str
    label: str
    opd: str
    dimension: str
    value: Decimal | None
    category: str
    band: str


@dataclass
class TTable:
    year: int
    rows: list[TRow]
    total: TRow
    scores: list[TScore]
    refreshed_at: dt.datetime | None


def _root_of(pemda: Pemda) -> tuple[dict[int, int], dict[int, Opd]]:
    """Every OPD id -> the id of its top-level OPD (sub-units are folded into their top)."""
    opds = {o.pk: o for o in Opd.objects.filter(pemda=pemda)}
    root: dict[int, int] = {}
    for pk in opds:
        node, seen = pk, set()
        while opds[node].parent_id is not None and node not in seen:
            seen.add(node)
            parent = opds[node].parent_id
            assert parent is not None  # noqa: S101 - checked in the loop condition
            node = parent
        root[pk] = node
    return root, opds


def _suppress(rows: list[TRow], total: TRow) -> None:
    """Primary and complementary suppression, column by column."""
    for col, _kind in COLUMNS:
        cells = [r.cells[col] for r in rows]
        for c in [*cells, total.cells[col]]:
            c.hidden = c.basis < MIN_CELL
        if total.cells[col].hidden:
            for c in cells:
                c.hidden = True
            continue
        hidden = [c for c in cells if c.hidden]
        if len(hidden) == 1:
            # One hidden cell = total minus the others: hide the next smallest as well.
            others = sorted((c for c in cells if not c.hidden), key=lambda c: (c.basis, c.value))
            if others:
                others[0].hidden = True
            else:
                total.cells[col].hidden = True


def transparency_years(*, pemda: Pemda, today: dt.date) -> list[int]:
    from sehati.monitoring.models import Visit
    from sehati.outreach.models import Event

    years = set(ReportSummary.objects.filter(pemda=pemda).values_list("year", flat=True).distinct())
    years |= {d.year for d in Event.objects.filter(pemda=pemda).dates("held_on", "year")}
    years |= {d.year for d in Visit.objects.filter(pemda=pemda).dates("visited_on", "year")}
    years.add(today.year)
    return sorted(y for y in years if y <= today.year)


def transparency_table(*, pemda: Pemda, year: int, today: dt.date) -> TTable:
    from sehati.integrity.models import IntegrityScore
    from sehati.monitoring.models import Finding, Visit
    from sehati.outreach.models import Event, Participant

    state = summary_fresh(pemda=pemda, today=today)
    root, opds = _root_of(pemda)
    raw: dict[str, dict[int | str, list[int]]] = {
        c: defaultdict(lambda: [0, 0]) for c, _k in COLUMNS
    }

    def add(col: str, key: int | str, value: int, basis: int | None = None) -> None:
        acc = raw[col][key]
        acc[0] += value
        acc[1] += value if basis is None else basis

    for opd_id, kind, n, state_n, state_value in (
        ReportSummary.objects.filter(pemda=pemda, year=year)
        .values("opd_id", "kind")
        .annotate(n=Sum("reports"), sn=Sum("state_reports"), v=Sum("state_value_idr"))
        .values_list("opd_id", "kind", "n", "sn", "v")
    ):
        key = root.get(opd_id, opd_id)
        add("laporan", key, n)
        add("penolakan", key, n if kind == "refusal" else 0)
        add("nilai_milik_negara_idr", key, state_value, state_n)
    for opd_id, n in (
        Participant.objects.filter(
            event__pemda=pemda,
            event__status=Event.Status.HELD,
            event__held_on__year=year,
            attended_at__isnull=False,
        )
        .values("opd_id")
        .annotate(n=Count("id"))
        .values_list("opd_id", "n")
    ):
        add("peserta_sosialisasi", PUBLIC_ROW if opd_id is None else root.get(opd_id, opd_id), n)
    for opd_id, n in (
        Visit.objects.filter(pemda=pemda, status=Visit.Status.SUBMITTED, visited_on__year=year)
        .values("service_unit__opd_id")
        .annotate(n=Count("id"))
        .values_list("service_unit__opd_id", "n")
    ):
        if opd_id is not None:
            add("kunjungan_up3", root.get(opd_id, opd_id), n)
    for opd_id, n in (
        Finding.objects.filter(pemda=pemda, status=Finding.Status.CLOSED, closed_on__year=year)
        .values("opd_id")
        .annotate(n=Count("id"))
        .values_list("opd_id", "n")
    ):
        if opd_id is not None:
            add("temuan_up3_selesai", root.get(opd_id, opd_id), n)

    tops = sorted(
        (o for o in opds.values() if o.parent_id is None and (o.is_active or _any(raw, o.pk))),
        key=lambda o: o.name,
    )
    rows = [TRow(o.code, o.name, "opd") for o in tops]
    rows.append(TRow(PUBLIC_ROW, _("Masyarakat dan penyedia"), PUBLIC_ROW))
    keys: list[int | str] = [o.pk for o in tops] + [PUBLIC_ROW]
    total = TRow("total", _("Seluruh pemda"), "total")
    for col, _kind in COLUMNS:
        for row, row_key in zip(rows, keys, strict=True):
            value, basis = raw[col].get(row_key, [0, 0])
            row.cells[col] = Cell(value, basis)
        total.cells[col] = Cell(
            sum(v for v, _b in raw[col].values()), sum(b for _v, b in raw[col].values())
        )
    _suppress(rows, total)

    scores = [
        TScore(
            s.kind,
            s.get_kind_display(),
            s.opd.name if s.opd else "",
            s.dimension,
            s.value,
            s.category,
            s.band,
        )
        for s in IntegrityScore.objects.filter(pemda=pemda, year=year)
        .select_related("opd")
        .order_by("opd__name", "kind", "dimension")
    ]
    return TTable(year, rows, total, scores, state.refreshed_at)


def _any(raw: dict[str, dict[int | str, list[int]]], key: int) -> bool:
    return any(key in cells for cells in raw.values())


CSV_HEADER = [
    "schema_version",
    "tahun",
    "jenis_baris",
    "kode",
    "nama",
    *(name for col, _k in COLUMNS for name in (col, f"{col}_disembunyikan")),
]


def transparency_csv_rows(table: TTable) -> list[list[Any]]:
    out = []
    for row in [*table.rows, table.total]:
        line: list[Any] = [SCHEMA_VERSION, table.year, row.kind, row.key, row.name]
        for col, _k in COLUMNS:
            c = row.cells[col]
            line += ["" if c.hidden else c.value, "true" if c.hidden else "false"]
        out.append(line)
    return out


def transparency_csv(tables: list[TTable]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_HEADER)
    for table in tables:
        w.writerows(transparency_csv_rows(table))
    return buf.getvalue().encode("utf-8")
