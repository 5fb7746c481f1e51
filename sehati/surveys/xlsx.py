"""The results of a closed survey as an XLSX workbook (issue #7 point 5): a summary sheet, the
indices per group and dimension, and the items. Built only from selectors.SurveyResults, so a
hidden group's figures are not even in memory here."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from sehati.surveys.selectors import ResultRow, SurveyResults


def hidden_text(row: ResultRow, min_size: int) -> str:
    """What stands in place of a hidden group's figures (the page, the XLSX and the API)."""
    if row.status == "small":
        return _("Tidak ditampilkan: kurang dari %(n)d responden") % {"n": min_size}
    if row.status == "complement":
        return _("Tidak ditampilkan: agar kelompok kecil tidak dapat dihitung dari total")
    return _("Belum ada responden")


def _number(value: Any) -> float | None:
    return float(value) if value is not None else None


def results_workbook(results: SurveyResults) -> bytes:
    survey = results.survey
    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook always has its first sheet
    summary.title = _("Ringkasan")[:31]
    bold = Font(bold=True)
    lines: list[tuple[str, Any]] = [
        (_("Survei"), survey.title),
        (_("Pemda"), str(survey.pemda)),
        (_("Responden"), survey.get_audience_display()),
        (_("Dibuka"), survey.opens_on.isoformat() if survey.opens_on else ""),
        (
            _("Ditutup"),
            survey.closed_at.date().isoformat() if survey.closed_at else "",
        ),
        (_("Ukuran kelompok minimal"), results.min_size),
        (
            _("Jumlah responden (seluruhnya)"),
            results.total.n
            if results.total.shown
            else hidden_text(results.total, results.min_size),
        ),
        (
            _("Catatan"),
            _(
                "Survei internal adalah instrumen pemda sendiri di antara SPI resmi KPK; "
                "hasilnya bukan skor SPI dan tidak memperkirakannya."
            ),
        ),
        (
            _("Rumus"),
            _(
                "Skor butir 0–100 (skala dipetakan linear; butir terbalik dibalik); skor dimensi "
                "responden = rata-rata butir yang dijawab; indeks dimensi = rata-rata responden; "
                "indeks keseluruhan = rata-rata indeks dimensi berbobot; margin of error 95 persen "
                "= 1,96 × simpangan baku / √n, dengan koreksi populasi terbatas bila populasi "
                "diketahui."
            ),
        ),
    ]
    for label, value in lines:
        summary.append([label, value])
        summary.cell(row=summary.max_row, column=1).font = bold
    summary.column_dimensions["A"].width = 32
    summary.column_dimensions["B"].width = 90

    sheet = book.create_sheet(_("Per kelompok")[:31])
    header = [_("Kelompok"), _("Jenis"), _("Responden"), _("Populasi"), _("Indeks"), _("MoE 95%")]
    for dim in results.dimensions:
        header += [
            f"{dim.name} — {_('indeks')}",
            f"{dim.name} — {_('MoE 95%')}",
            f"{dim.name} — n",
        ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = bold
    kinds = {"staff": _("Pegawai OPD"), "public": _("Pengguna layanan"), "total": _("Total")}
    for row in [*results.rows, results.total]:
        line: list[Any] = [row.label, kinds.get(row.kind, row.kind)]
        if not row.shown or row.overall is None:
            line += [hidden_text(row, results.min_size)]
        else:
            line += [row.n, row.population, _number(row.overall.index), _number(row.overall.moe)]
            for fig in row.dimensions:
                line += [_number(fig.index), _number(fig.moe), fig.n] if fig else [None, None, 0]
        sheet.append(line)
    sheet.column_dimensions["A"].width = 36

    items = book.create_sheet(_("Per butir")[:31])
    items.append([_("No."), _("Dimensi"), _("Pertanyaan"), _("Terbalik"), _("Skor"), _("n")])
    for cell in items[1]:
        cell.font = bold
    for item in results.items:
        line = [item.number, item.dimension, item.text, _("ya") if item.reversed else ""]
        if item.figure is None:
            line += [_("Tidak ditampilkan: kurang dari %(n)d jawaban") % {"n": results.min_size}]
        else:
            line += [_number(item.figure.index), item.figure.n]
        items.append(line)
    items.column_dimensions["C"].width = 80
    out = BytesIO()
    book.save(out)
    return out.getvalue()
