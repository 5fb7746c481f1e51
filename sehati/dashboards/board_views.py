"""Dashboard pages per role (issue #8 point 1): UPG, head of OPD, Inspektur, regent. Each reads
its numbers from `boards.py` for the viewer's scope; every chart is followed by its table, and
numbers link to the lists behind them where the viewer may open those lists."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from sehati.accounts.policies import Action, Scope, can, require, scope_for
from sehati.core.charts import Chart, Series
from sehati.core.clock import local_today
from sehati.core.replica import reads_from_replica
from sehati.dashboards import boards
from sehati.dashboards.board_forms import BoardFilterForm
from sehati.org.models import Opd, Pemda

DASHBOARDS: list[tuple[str, Action, Any, Any]] = [
    (
        "dashboards:upg",
        Action.DASHBOARD_UPG,
        gettext_lazy("Dasbor UPG"),
        gettext_lazy("Laporan, kasus, tenggat, titipan"),
    ),
    (
        "dashboards:opd",
        Action.DASHBOARD_OPD,
        gettext_lazy("Dasbor OPD"),
        gettext_lazy("Satu OPD: laporan, temuan, deklarasi, sosialisasi"),
    ),
    (
        "dashboards:inspektur",
        Action.DASHBOARD_INSPEKTUR,
        gettext_lazy("Dasbor Inspektorat"),
        gettext_lazy("Semua bidang, termasuk sanksi"),
    ),
    (
        "dashboards:pemda",
        Action.DASHBOARD_PEMDA,
        gettext_lazy("Dasbor pemda"),
        gettext_lazy("Ringkasan untuk kepala daerah: kepatuhan, integritas, UP3"),
    ),
]


def _pemda(request: HttpRequest) -> Pemda:
    pemda = request.user.pemda  # type: ignore[union-attr]
    if pemda is None:
        raise Http404
    return pemda


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.HOME)
    mine = [
        {"url": reverse(name), "title": title, "about": about}
        for name, action, title, about in DASHBOARDS
        if can(request.user, action)
    ]
    if len(mine) == 1:
        return redirect(mine[0]["url"])
    return render(request, "dashboards/board_index.html", {"dashboards": mine})


def _filter(
    request: HttpRequest, action: Action, *, opd_required: bool = False
) -> tuple[Pemda, dt.date, boards.BoardFilter, BoardFilterForm, Opd | None]:
    """Read the filter within the viewer's scope. Invalid values get a message and their
    default; the page still shows."""
    pemda = _pemda(request)
    today = local_today(pemda.time_zone)
    opds, allowed = boards.board_opds(request.user, action, pemda)
    form = BoardFilterForm(
        request.GET or None, opd_queryset=opds, this_year=today.year, opd_required=opd_required
    )
    cleaned: dict[str, Any] = {}
    if request.GET:
        form.is_valid()
        cleaned = form.cleaned_data
    f, chosen = boards.board_filter(
        pemda=pemda,
        opds=opds,
        allowed=allowed,
        year=cleaned.get("tahun") or today.year,
        period=cleaned.get("periode") or "",
        chosen=cleaned.get("opd"),
        opd_required=opd_required,
    )
    if opd_required and chosen is None:
        raise Http404
    return pemda, today, f, form, chosen


def _query(f: boards.BoardFilter, **extra: Any) -> str:
    params = {"tahun": f.year, **({"periode": f.period} if f.period else {}), **extra}
    return "?" + urlencode(params)


def _case_link(request: HttpRequest, **params: Any) -> str | None:
    if not can(request.user, Action.CASE_VIEW):
        return None
    return reverse("cases:case_list") + "?" + urlencode(params)


def upg_charts(request: HttpRequest, board: boards.UpgBoard) -> list[Chart]:
    count = _("Laporan")
    return [
        Chart(
            id="per-bulan",
            title=_("Laporan per bulan (tanggal lapor)"),
            labels=[r.label for r in board.by_month],
            series=[Series(count, [r.reports for r in board.by_month])],
            label_header=_("Bulan"),
        ),
        Chart(
            id="per-status",
            title=_("Laporan per status kasus"),
            kind="horizontalBar",
            labels=[r.label for r in board.by_status],
            series=[Series(count, [r.reports for r in board.by_status])],
            label_header=_("Status"),
            links=[_case_link(request, status=r.key) if r.key else None for r in board.by_status],
        ),
        Chart(
            id="per-jenis",
            title=_("Laporan per jenis"),
            labels=[r.label for r in board.by_kind],
            series=[Series(count, [r.reports for r in board.by_kind])],
            label_header=_("Jenis"),
            links=[_case_link(request, kind=r.key, status="") for r in board.by_kind],
        ),
        Chart(
            id="hari-kerja",
            title=_("Rata-rata hari kerja per tahap"),
            labels=[_("%(step)s (%(n)s kasus)") % {"step": s.label, "n": s.n} for s in board.steps],
            series=[Series(_("Hari kerja (rata-rata)"), [s.mean_days for s in board.steps])],
            label_header=_("Tahap"),
            notes=[
                _(
                    "Hari ke-0 adalah tanggal awal tahap; libur nasional dan cuti bersama tidak dihitung."
                )
            ],
        ),
    ]


@login_required
@require_GET
@reads_from_replica
def upg(request: HttpRequest) -> HttpResponse:
    pemda, today, f, form, _chosen = _filter(request, Action.DASHBOARD_UPG)
    board = boards.upg_board(pemda=pemda, f=f, today=today)
    opd_rows = [
        {
            "row": r,
            "link": _case_link(request, opd=r.key, status=""),
        }
        for r in board.by_opd
    ]
    return render(
        request,
        "dashboards/board_upg.html",
        {
            "board": board,
            "form": form,
            "charts": upg_charts(request, board),
            "opd_rows": opd_rows,
            "overdue_link": _case_link(request, due="overdue", status="open"),
            "forwarded_link": _case_link(request, status="forwarded"),
            "custody_link": reverse("cases:custody_list")
            if can(request.user, Action.CASE_VIEW)
            else None,
            "query": _query(f),
            "chosen_opd": _chosen.pk if _chosen else "",
        },
    )


@login_required
@require_GET
@reads_from_replica
def opd(request: HttpRequest) -> HttpResponse:
    pemda, today, f, form, chosen = _filter(request, Action.DASHBOARD_OPD, opd_required=True)
    assert chosen is not None  # noqa: S101 - opd_required gives one or a 404
    board = boards.opd_board(pemda=pemda, opd=chosen, f=f, today=today)
    return render(
        request,
        "dashboards/board_opd.html",
        {
            "board": board,
            "form": form,
            "chosen_opd": chosen.pk,
            "finding_link": reverse("monitoring:finding_list")
            if can(request.user, Action.FINDING_VIEW)
            else None,
            "declaration_link": reverse("declarations:period_list")
            if can(request.user, Action.DECLARATION_VIEW)
            else None,
            "plan_link": reverse("integrity:plan_progress")
            if can(request.user, Action.ACTION_PLAN_VIEW)
            else None,
        },
    )


def pemda_charts(board: boards.PemdaBoard) -> list[Chart]:
    kec = board.up3.by_kecamatan
    return [
        Chart(
            id="up3-kecamatan",
            title=_("UP3 per kecamatan: kunjungan dan temuan"),
            kind="horizontalBar",
            labels=[r.label for r in kec],
            series=[
                Series(_("Kunjungan"), [r.extra["visits"] for r in kec]),
                Series(_("Temuan"), [r.extra["findings"] for r in kec]),
                Series(_("Temuan selesai"), [r.extra["closed"] for r in kec]),
            ],
            label_header=_("Kecamatan"),
        ),
    ]


@login_required
@require_GET
@reads_from_replica
def pemda_view(request: HttpRequest) -> HttpResponse:
    pemda, today, f, form, _chosen = _filter(request, Action.DASHBOARD_PEMDA)
    board = boards.pemda_board(pemda=pemda, f=f, today=today)
    return render(
        request,
        "dashboards/board_pemda.html",
        {
            "board": board,
            "form": form,
            "charts": pemda_charts(board),
            "chosen_opd": _chosen.pk if _chosen else "",
        },
    )


@login_required
@require_GET
@reads_from_replica
def inspektur(request: HttpRequest) -> HttpResponse:
    pemda, today, f, form, _chosen = _filter(request, Action.DASHBOARD_INSPEKTUR)
    board = boards.inspektur_board(pemda=pemda, f=f, today=today)
    sanctions = Chart(
        id="potongan-tpp",
        title=_("Potongan TPP per bulan gaji (Rp)"),
        labels=[r.label for r in board.sanctions.by_month],
        series=[Series(_("Potongan (Rp)"), [r.value_idr for r in board.sanctions.by_month])],
        label_header=_("Bulan"),
    )
    return render(
        request,
        "dashboards/board_inspektur.html",
        {
            "board": board,
            "form": form,
            "chosen_opd": _chosen.pk if _chosen else "",
            "charts": [*upg_charts(request, board.upg)[:2], sanctions, *pemda_charts(board.pemda)],
            "sanction_link": reverse("sanctions:case_list")
            if can(request.user, Action.SANCTION_VIEW)
            else None,
            "scope_is_pemda": scope_for(request.user, Action.DASHBOARD_INSPEKTUR) == Scope.PEMDA,
        },
    )
