"""The public transparency page (issue #8 point 3): no login, aggregate figures per year and OPD
with small cells suppressed, the open-data CSV and an embeddable widget."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from sehati.core.clock import local_today
from sehati.core.replica import reads_from_replica
from sehati.dashboards.transparency import (
    COLUMNS,
    Cell,
    TRow,
    TTable,
    transparency_csv,
    transparency_table,
    transparency_years,
)
from sehati.org.models import Pemda

COLUMN_LABELS = {
    "laporan": gettext_lazy("Laporan gratifikasi"),
    "penolakan": gettext_lazy("Penolakan"),
    "nilai_milik_negara_idr": gettext_lazy("Nilai ditetapkan milik negara (Rp)"),
    "peserta_sosialisasi": gettext_lazy("Peserta sosialisasi"),
    "kunjungan_up3": gettext_lazy("Kunjungan UP3"),
    "temuan_up3_selesai": gettext_lazy("Temuan UP3 selesai"),
}


def _grid(table: TTable) -> list[tuple[TRow, list[tuple[str, Cell]]]]:
    """Rows with their cells in column order, the total last (what the templates loop over)."""
    return [(r, [(c, r.cells[c]) for c, _k in COLUMNS]) for r in [*table.rows, table.total]]


def _pemda(request: HttpRequest) -> Pemda:
    pemda = request.pemda  # type: ignore[attr-defined]
    if not pemda:
        raise Http404
    return pemda  # type: ignore[no-any-return]


def _year(request: HttpRequest, years: list[int]) -> tuple[int, str]:
    """The chosen year, or the latest with a message when the value is not one of `years`."""
    raw = request.GET.get("tahun", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw), ""
    message = _("Tahun tidak tersedia; ditampilkan tahun %(y)s.") % {"y": years[-1]} if raw else ""
    return years[-1], message


@require_GET
@reads_from_replica
def public(request: HttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    years = transparency_years(pemda=pemda, today=today)
    year, message = _year(request, years)
    table = transparency_table(pemda=pemda, year=year, today=today)
    widget_url = request.build_absolute_uri(reverse("dashboards:public_widget"))
    return render(
        request,
        "dashboards/public_page.html",
        {
            "pemda": pemda,
            "table": table,
            "grid": _grid(table),
            "years": years,
            "year": year,
            "message": message,
            "columns": [(c, COLUMN_LABELS[c]) for c, _k in COLUMNS],
            "embed": f'<iframe src="{widget_url}?tahun={year}" title="{_("Transparansi gratifikasi")} '
            f'{pemda.name}" width="360" height="420" loading="lazy"></iframe>',
        },
    )


@require_GET
@reads_from_replica
def public_csv(request: HttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    years = transparency_years(pemda=pemda, today=today)
    raw = request.GET.get("tahun", "")
    if raw:
        if not (raw.isdigit() and int(raw) in years):
            return HttpResponse(
                _("Tahun tidak tersedia. Tahun yang ada: %(y)s.")
                % {"y": ", ".join(map(str, years))},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        years = [int(raw)]
    data = transparency_csv([transparency_table(pemda=pemda, year=y, today=today) for y in years])
    suffix = f"-{years[0]}" if raw else ""
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="transparansi-{pemda.code}{suffix}.csv"'
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
@xframe_options_exempt
@reads_from_replica
def public_widget(request: HttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    years = transparency_years(pemda=pemda, today=today)
    year, _message = _year(request, years)
    table = transparency_table(pemda=pemda, year=year, today=today)
    response = render(
        request,
        "dashboards/public_widget.html",
        {
            "pemda": pemda,
            "table": table,
            "grid": _grid(table),
            "columns": [(c, COLUMN_LABELS[c]) for c, _k in COLUMNS],
            "page_url": request.build_absolute_uri(reverse("dashboards:public")),
            "static_url": settings.STATIC_URL,
        },
    )
    # Any website may show this page in a frame; it has no form and sets no cookie.
    policy = [p for p in settings.CONTENT_SECURITY_POLICY.split(";") if "frame-ancestors" not in p]
    response["Content-Security-Policy"] = ";".join([*policy, " frame-ancestors *"]).strip()
    response["Cache-Control"] = "public, max-age=300"
    return response
