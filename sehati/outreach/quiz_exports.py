"""The results of an event's tests, as charts (issue #7 point 5: Chart.js through
`sehati.core.charts`, each followed by a table of the same numbers) and as an XLSX download.
Numbers are number cells; means and percentages have one decimal."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from sehati.core.charts import Chart, Series
from sehati.outreach.models import Event
from sehati.outreach.quiz_selectors import BANDS, EventResults

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def results_charts(results: EventResults) -> list[Chart]:
    """Mean scores before and after, the distribution of scores, and the right-answer rate per
    question before and after."""
    pre_label, post_label = _("Tes awal"), _("Tes akhir")
    means = Chart(
        id="quiz-means",
        title=_("Rata-rata nilai tes awal dan tes akhir"),
        labels=[pre_label, post_label],
        series=[Series(_("Rata-rata nilai"), [results.pre_mean, results.post_mean])],
        unit=_("poin"),
        y_max=100,
        label_header=_("Tes"),
        notes=[
            _("Tes awal: %(a)d peserta; tes akhir: %(b)d peserta.")
            % {"a": results.pre_n, "b": results.post_n}
        ],
    )
    bands = Chart(
        id="quiz-bands",
        title=_("Sebaran nilai peserta"),
        labels=[f"{lo}–{hi}" for lo, hi in BANDS],
        series=[
            Series(pre_label, results.pre_bands or [0] * len(BANDS)),
            Series(post_label, results.post_bands or [0] * len(BANDS)),
        ],
        unit=_("orang"),
        label_header=_("Rentang nilai"),
    )
    per_question = Chart(
        id="quiz-questions",
        title=_("Persentase jawaban benar per soal"),
        kind="horizontalBar",
        labels=[_("Soal %(n)d") % {"n": row.position} for row in results.questions],
        series=[
            Series(pre_label, [row.pre_rate for row in results.questions]),
            Series(post_label, [row.post_rate for row in results.questions]),
        ],
        unit="%",
        y_max=100,
        label_header=_("Soal"),
    )
    return [means, bands, per_question]


def results_xlsx(*, event: Event, results: EventResults, full: bool) -> bytes:
    """Sheets: the summary, the right-answer rate per question, and (`full`: the UPG and the
    Inspektur) the scores per participant."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(_("Ringkasan")[:31])
    summary.append([_("Kegiatan"), event.title])
    summary.append([_("Tanggal"), event.held_on.isoformat()])
    summary.append([])
    summary.append([_("Ukuran"), _("Nilai"), _("Jumlah peserta (n)")])
    summary.append([_("Rata-rata tes awal"), _float(results.pre_mean), results.pre_n])
    summary.append([_("Rata-rata tes akhir"), _float(results.post_mean), results.post_n])
    summary.append(
        [
            _("Kenaikan pengetahuan (rata-rata tes akhir − tes awal, peserta yang ikut keduanya)"),
            _float(results.gain),
            results.both_n,
        ]
    )
    summary.append(
        [_("Peserta yang nilainya naik (persen)"), _float(results.improved_percent), results.both_n]
    )
    questions = book.create_sheet(_("Per soal")[:31])
    questions.append(
        [
            _("No."),
            _("Pertanyaan"),
            _("Topik"),
            _("Jawaban benar"),
            _("Benar tes awal (persen)"),
            _("Penjawab tes awal"),
            _("Benar tes akhir (persen)"),
            _("Penjawab tes akhir"),
        ]
    )
    for row in results.questions:
        q = row.question
        questions.append(
            [
                row.position,
                q.text,
                q.get_topic_display(),
                q.correct,
                _float(row.pre_rate),
                row.pre_n,
                _float(row.post_rate),
                row.post_n,
            ]
        )
    if full:
        people = book.create_sheet(_("Per peserta")[:31])
        people.append(
            [
                _("Nama"),
                _("Jenis"),
                _("NIP"),
                _("OPD/instansi"),
                _("Nilai tes awal"),
                _("Nilai tes akhir"),
                _("Selisih"),
            ]
        )
        for person in results.people:
            p = person.participant
            cells: list[Any] = [
                p.name,
                p.get_kind_display(),
                p.employee.nip if p.employee_id and p.employee else "",
                p.opd.name if p.opd else p.organisation,
                person.pre,
                person.post,
                person.gain,
            ]
            people.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def results_filename(event: Event) -> str:
    return f"hasil-tes-{event.pk}-{timezone.localdate():%Y%m%d}.xlsx"
