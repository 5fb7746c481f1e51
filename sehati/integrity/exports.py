"""Files of the integrity scores register: the XLSX export (filters applied) and the import
templates (CSV and XLSX). The export's first columns are the import's columns, so an exported
file can be corrected and imported again; the extra columns are ignored by the import."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from sehati.integrity.importing import COLUMNS
from sehati.integrity.models import IntegrityScore

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_HEADERS = [c.key for c in COLUMNS]
EXTRA_HEADERS = ["opd_nama", "band", "skema_band", "selisih_target"]


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def scores_xlsx(scores: Iterable[IntegrityScore]) -> bytes:
    """One sheet: the import's columns, then the OPD's name, the band, its scheme and the gap to
    target. Numbers are number cells with two decimals."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet("skor")
    sheet.append(IMPORT_HEADERS + EXTRA_HEADERS)

    def num(value: Decimal | None) -> object:
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=float(value))
        cell.number_format = "0.00"
        return cell

    for s in scores:
        sheet.append(
            [
                s.kind,
                s.year,
                s.opd.code if s.opd is not None else "",
                s.dimension,
                num(s.value),
                s.category,
                num(s.target),
                s.source,
                s.source_url,
                s.opd.name if s.opd is not None else _("Seluruh pemda"),
                s.band_label,
                s.band_scheme,
                num(s.gap),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def score_template_csv() -> bytes:
    """The header row only, UTF-8 with a byte-order mark so that Excel reads it as UTF-8."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(IMPORT_HEADERS)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def score_template_xlsx() -> bytes:
    """A sheet "skor" with the header row (and a list of kinds to pick from), and a sheet
    "petunjuk" describing each column."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
    sheet.title = "skor"
    sheet.append(IMPORT_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHI", (14, 8, 12, 22, 10, 14, 10, 40, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    kinds = DataValidation(
        type="list",
        formula1='"' + ",".join(IntegrityScore.Kind.values) + '"',
        allow_blank=False,
        showErrorMessage=True,
        errorTitle=_("Jenis tidak dikenal"),
        error=_("Pilih spi, spi_tematik, mcp, ombudsman, rb, atau bpk."),
    )
    sheet.add_data_validation(kinds)
    kinds.add("A2:A2001")
    help_sheet = book.create_sheet("petunjuk")
    help_sheet.append([_("kolom"), _("wajib"), _("isi")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        help_sheet.append(
            [column.key, _("ya") if column.required else _("tidak"), str(column.help)]
        )
    help_sheet.append([])
    help_sheet.append(
        [
            _("catatan"),
            "",
            _(
                "Band (Rentan/Waspada/Terjaga, zona Ombudsman) dihitung SEHATI dari skema band "
                "yang berlaku untuk jenis dan tahunnya; jangan diketik. Skor yang sudah tercatat "
                "untuk jenis, tahun, lingkup, dan dimensi yang sama akan diperbarui."
            ),
        ]
    )
    help_sheet.column_dimensions["A"].width = 16
    help_sheet.column_dimensions["C"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
