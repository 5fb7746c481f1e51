"""The action plans as an XLSX file (issue #7 point 5): one writer for the list page's download
and the API, so both give the same columns."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook

from sehati.integrity.models import ActionPlan
from sehati.integrity.plans_selectors import score_label

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plans_xlsx(plans: Iterable[ActionPlan]) -> bytes:
    """One sheet, a header row, one row per plan. `plans` come from `plan_list` (they carry
    `overdue`, `update_count` and `last_reported_on`). Dates are date cells, the percent an
    integer cell."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Rencana aksi")[:31])
    sheet.append(
        [
            _("No."),
            _("Judul"),
            _("OPD penanggung jawab"),
            _("Skor yang dijawab"),
            _("Dimensi/tema"),
            _("Tenggat"),
            _("Status"),
            _("Kemajuan (persen)"),
            _("Terlambat"),
            _("Jumlah laporan"),
            _("Laporan terakhir"),
            _("Ditutup pada"),
            _("Alasan pembatalan"),
            _("Uraian"),
        ]
    )
    for p in plans:
        sheet.append(
            [
                p.pk,
                p.title,
                p.owner_opd.name,
                score_label(p.score) if p.score is not None else "",
                p.dimension,
                p.due_on,
                str(p.get_status_display()),
                int(p.progress_percent),
                _("ya") if getattr(p, "overdue", False) else _("tidak"),
                int(getattr(p, "update_count", 0)),
                getattr(p, "last_reported_on", None),
                p.closed_on,
                p.cancel_reason,
                p.description,
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
