"""The recap's letter (PDF, on the pemda's letterhead) and its annex (XLSX, one sheet per
section and a "Ringkasan" sheet of totals). Numbers are number cells; dates are date cells."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from sehati.dashboards.models import Recap
from sehati.dashboards.recap import SECTION_TITLES, TOTAL_LABELS, RecapData
from sehati.documents.documents import _print_context
from sehati.documents.pdf import pdf_render
from sehati.org.models import Pemda

# (section, [(column key, header)])
SECTION_COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "reports": [
        ("register_number", gettext_lazy("Nomor register")),
        ("submitted_on", gettext_lazy("Tanggal lapor")),
        ("received_on", gettext_lazy("Tanggal penerimaan")),
        ("kind", gettext_lazy("Jenis")),
        ("opd", gettext_lazy("OPD")),
        ("category", gettext_lazy("Peristiwa")),
        ("form", gettext_lazy("Bentuk")),
        ("value_idr", gettext_lazy("Nilai (Rp)")),
        ("status", gettext_lazy("Status kasus")),
    ],
    "distributions": [
        ("register_number", gettext_lazy("Nomor register")),
        ("distributed_on", gettext_lazy("Tanggal penyaluran")),
        ("distributed_to", gettext_lazy("Disalurkan kepada")),
        ("value_idr", gettext_lazy("Nilai (Rp)")),
    ],
    "forwarded": [
        ("register_number", gettext_lazy("Nomor register")),
        ("forwarded_on", gettext_lazy("Tanggal diteruskan")),
        ("channel", gettext_lazy("Saluran")),
        ("reference", gettext_lazy("Rujukan GOL/surat")),
        ("value_idr", gettext_lazy("Nilai (Rp)")),
    ],
    "decisions": [
        ("register_number", gettext_lazy("Nomor register")),
        ("sk_number", gettext_lazy("Nomor SK")),
        ("sk_date", gettext_lazy("Tanggal SK")),
        ("decision", gettext_lazy("Status SK")),
        ("value_idr", gettext_lazy("Nilai dilaporkan (Rp)")),
        ("appraised_value_idr", gettext_lazy("Nilai taksiran KPK (Rp)")),
        ("followup", gettext_lazy("Tindak lanjut")),
        ("followup_on", gettext_lazy("Tanggal tindak lanjut")),
    ],
    "followups": [
        ("register_number", gettext_lazy("Nomor register")),
        ("followup", gettext_lazy("Tindak lanjut")),
        ("followup_on", gettext_lazy("Tanggal")),
        ("bast_number", gettext_lazy("Nomor BAST")),
        ("paid_idr", gettext_lazy("Disetor (Rp)")),
    ],
    "custody": [
        ("number", gettext_lazy("Nomor tanda terima")),
        ("register_number", gettext_lazy("Nomor register")),
        ("description", gettext_lazy("Uraian barang")),
        ("released_on", gettext_lazy("Tanggal diserahkan")),
        ("released_to", gettext_lazy("Diserahkan kepada")),
        ("release_number", gettext_lazy("Nomor tanda terima penyerahan")),
    ],
}
SHEET_NAMES = {
    "reports": gettext_lazy("Laporan"),
    "distributions": gettext_lazy("Penyaluran"),
    "forwarded": gettext_lazy("Diteruskan ke KPK"),
    "decisions": gettext_lazy("SK KPK"),
    "followups": gettext_lazy("Tindak lanjut"),
    "custody": gettext_lazy("Barang titipan"),
}


def recap_xlsx(*, pemda: Pemda, data: RecapData, recap: Recap | None) -> bytes:
    wb = Workbook()
    wb.properties.creator = "SEHATI"
    bold = Font(bold=True)
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook has a sheet
    ws.title = "Ringkasan"
    ws.append([_("Rekap pengendalian gratifikasi"), pemda.name])
    ws.append([_("Periode"), data.period.label])
    ws.append([_("Dari"), data.period.first_day])
    ws.append([_("Sampai"), data.period.last_day])
    if recap is not None:
        ws.append([_("Nomor surat"), recap.letter_number])
        ws.append([_("Tanggal surat"), recap.letter_date])
    ws.append([])
    ws.append([_("Uraian"), _("Jumlah"), _("Kode")])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for key, value in data.totals.items():
        ws.append([str(TOTAL_LABELS.get(key, key)), value, key])
    ws.column_dimensions["A"].width = 44
    for section, columns in SECTION_COLUMNS.items():
        sheet = wb.create_sheet(str(SHEET_NAMES[section]))
        sheet.append([str(SECTION_TITLES[section])])
        sheet["A1"].font = bold
        sheet.append([str(header) for _key, header in columns])
        for cell in sheet[2]:
            cell.font = bold
        for row in data.sections[section]:
            sheet.append([row.get(key) for key, _header in columns])
        if not data.sections[section]:
            sheet.append([_("Tidak ada dalam periode ini.")])
        for letter in "ABCDEFGHI"[: len(columns)]:
            sheet.column_dimensions[letter].width = 22
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def recap_pdf(*, pemda: Pemda, data: RecapData, recap: Recap | None) -> bytes:
    totals = [(str(TOTAL_LABELS.get(k, k)), v) for k, v in data.totals.items()]
    return pdf_render(
        template="dashboards/recap_letter.html",
        context=_print_context(
            pemda,
            title=_("Rekapitulasi pengendalian gratifikasi %(p)s") % {"p": data.period.label},
            data=data,
            recap=recap,
            totals=totals,
            sections=[(str(SECTION_TITLES[k]), len(v)) for k, v in data.sections.items()],
        ),
    )
