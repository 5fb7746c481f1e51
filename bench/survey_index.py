"""Benchmark: survey indices (issue #7 point 4) — 1,000,000 respondents × 50 items on PostgreSQL.

    .venv/bin/python bench/survey_index.py                        # 1,000,000 × 50, 40 groups
    .venv/bin/python bench/survey_index.py --respondents 100000   # a quick run

Needs PostgreSQL: SURVEY_BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/sehati_bench_survey), a database of the benchmark's own,
created if missing and migrated. Its responses table is emptied at every run.

1. Generates the answers with NumPy (seeded): groups of uneven size (two of them under the
   minimum group size), a level per group, Likert items 1..5 (a fifth reversed), multiple-choice
   items with four scored options, 2 percent of answers to optional items left empty.
2. Loads them with one binary COPY (psycopg `copy`), as packed rows (one byte per item).
3. Times (a) SEHATI's computation including the database read: `survey_indices`, the function
   the results page, the XLSX and the API use (one query that concatenates the packed answers
   per group, then sehati/surveys/indices.py) — best of three, and the first (cold) run;
4. times (b) the baseline: a plain NumPy computation of the same indices from the in-memory
   array that was loaded (a score matrix with NaN for unanswered, nanmean per dimension, group
   means with bincount) — best of three;
5. asserts that both give the same n, index and margin of error per group and dimension, and
   prints rows, both times and the ratio a / b. Target: (a) <= 5 s at 1,000,000 × 50.

Not part of the test suite (pytest does not collect bench/).
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

REPO = Path(__file__).resolve().parent.parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sehati_bench_survey"
TARGET_SECONDS = 5.0
SEED = 20261123
DIMENSIONS = 5


def database_ensure(url: str) -> None:
    """Create the benchmark's database when it does not exist."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def django_setup(url: str, workdir: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SEHATI_VAR_DIR"] = workdir
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
    os.environ["HUEY_IMMEDIATE"] = "false"
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def questionnaire(items: int) -> list[Any]:
    """5 dimensions; every fifth item multiple choice (4 options), every fifth reversed."""
    from sehati.surveys.services import DimensionData, ItemData

    per = math.ceil(items / DIMENSIONS)
    dims = []
    for d in range(DIMENSIONS):
        rows = []
        for j in range(d * per, min(items, (d + 1) * per)):
            if j % 5 == 4:
                options = [("Buruk", 0), ("Kurang", 1), ("Cukup", 3), ("Baik", 4)]
                rows.append(ItemData(text=f"Butir {j + 1}", kind="choice", options=options))
            else:
                rows.append(
                    ItemData(text=f"Butir {j + 1}", reversed=j % 5 == 2, required=j % 7 != 6)
                )
        dims.append(DimensionData(name=f"Dimensi {d + 1}", weight=1 + d % 3, items=rows))
    return dims


def survey_prepare(items: int, groups: int) -> Any:
    """The benchmark's pemda and closed survey with `groups` public groups (fresh each run)."""
    from django.db import connection

    from sehati.org.models import Pemda
    from sehati.surveys import services as svc
    from sehati.surveys.models import RespondentGroup, Survey, link_token_new

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {Survey._meta.db_table} CASCADE")
    pemda, _ = Pemda.objects.get_or_create(
        code="bench-survey",
        defaults={
            "name": "Kabupaten Bench",
            "kind": "kabupaten",
            "province": "Uji",
            "time_zone": "Asia/Makassar",
        },
    )
    survey = svc.survey_create(
        pemda=pemda, actor="bench", title="Survei bench", audience=Survey.Audience.PUBLIC
    )
    svc.questionnaire_replace(survey=survey, actor="bench", dimensions=questionnaire(items))
    RespondentGroup.objects.bulk_create(
        RespondentGroup(
            survey=survey,
            kind=RespondentGroup.Kind.PUBLIC,
            label=f"Unit {g + 1:02d}",
            link_token=link_token_new(),
            population=50_000 if g % 4 == 0 else None,
            order=g + 1,
        )
        for g in range(groups)
    )
    Survey.objects.filter(pk=survey.pk).update(
        status=Survey.Status.CLOSED, item_count=items, revision=survey.revision
    )
    survey.refresh_from_db()
    return survey


def generate(
    survey: Any, respondents: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(codes respondents × items, group index per respondent, group ids) — seeded."""
    from sehati.surveys.services import items_ordered

    items = items_ordered(survey=survey)
    groups = list(survey.groups.order_by("id").values_list("id", flat=True))
    weights = rng.uniform(0.3, 1.7, size=len(groups))
    weights[:2] = 0  # two tiny groups (under the minimum) get 5 respondents each
    tiny = 5 * 2
    group_index = np.concatenate(
        [
            np.array([0] * 5 + [1] * 5, dtype=np.int64),
            rng.choice(len(groups), size=respondents - tiny, p=weights / weights.sum()),
        ]
    )
    level = rng.uniform(0.4, 0.85, size=len(groups))[group_index]
    codes = np.zeros((respondents, len(items)), dtype=np.uint8)
    for j, item in enumerate(items):
        x = np.clip(level + rng.normal(0, 0.2, size=respondents), 0, 1)
        if item.kind == "choice":
            codes[:, j] = 1 + np.digitize(x, [0.25, 0.5, 0.75])
        else:
            point = np.rint(x * 4).astype(np.uint8)
            codes[:, j] = (5 - point) if item.reversed else (point + 1)
        if not item.required:
            codes[rng.random(respondents) < 0.02, j] = 0
    return codes, group_index, np.array(groups, dtype=np.int64)


def load(survey: Any, codes: np.ndarray, group_index: np.ndarray, group_ids: np.ndarray) -> float:
    """One binary COPY of every response row; returns the seconds it took."""
    from django.db import connection

    from sehati.surveys.models import Response

    n, k = codes.shape
    rng = np.random.default_rng(SEED + 1)
    ids = np.unique(rng.integers(1, 2**63 - 1, size=int(n * 1.01), dtype=np.int64))
    ids = rng.permutation(ids)[:n]
    assert len(ids) == n
    row = np.dtype(
        [
            ("fields", ">i2"),
            ("len_id", ">i4"),
            ("id", ">i8"),
            ("len_survey", ">i4"),
            ("survey", ">i8"),
            ("len_group", ">i4"),
            ("group", ">i8"),
            ("len_answers", ">i4"),
            ("answers", f"V{k}"),
        ]
    )
    records = np.empty(n, dtype=row)
    records["fields"], records["len_id"], records["id"] = 4, 8, ids
    records["len_survey"], records["survey"] = 8, survey.pk
    records["len_group"], records["group"] = 8, group_ids[group_index]
    records["len_answers"] = k
    records["answers"] = np.ascontiguousarray(codes).view(f"V{k}").ravel()
    payload = b"PGCOPY\n\xff\r\n\x00" + b"\x00" * 8 + records.tobytes() + b"\xff\xff"
    table = Response._meta.db_table
    started = time.perf_counter()
    connection.ensure_connection()
    raw: Any = connection.connection
    with raw.cursor() as cursor:
        cursor.execute(f"TRUNCATE {table}")
        with cursor.copy(
            f"COPY {table} (id, survey_id, group_id, answers) FROM STDIN (FORMAT BINARY)"
        ) as copy:
            view = memoryview(payload)
            for start in range(0, len(payload), 1 << 22):
                copy.write(view[start : start + (1 << 22)])
        cursor.execute(f"VACUUM ANALYZE {table}")  # Django's connection is in autocommit
    return time.perf_counter() - started


def baseline(
    design: Any, codes: np.ndarray, group_index: np.ndarray, groups: int, populations: list[Any]
) -> dict[str, dict[str, np.ndarray]]:
    """The same indices, plainly: a score matrix with NaN for unanswered, nanmean per
    dimension, bincount per group, weighted overall, sd and margin of error — per group
    ("groups") and for all respondents ("total")."""
    k = codes.shape[1]
    table = np.full((k, 256), np.nan)
    for j, scores in enumerate(design.item_scores):
        table[j, 1 : len(scores) + 1] = scores
    scores = table[np.arange(k)[None, :], codes]  # n × k, NaN = unanswered
    dim_of = np.array(design.item_dimension)
    weights = np.array(design.weights)
    dims = len(weights)

    def stats(values: np.ndarray, index: np.ndarray, count: int, pop: np.ndarray) -> tuple:
        ok = ~np.isnan(values)
        nn = np.bincount(index[ok], minlength=count)
        mean = np.bincount(index[ok], weights=values[ok], minlength=count) / nn
        dev = values[ok] - mean[index[ok]]
        sd = np.sqrt(np.bincount(index[ok], weights=dev * dev, minlength=count) / (nn - 1))
        fpc = np.where((pop >= nn) & (pop > 1), np.sqrt((pop - nn) / (pop - 1)), 1.0)
        return nn, mean, 1.96 * sd / np.sqrt(nn) * fpc

    with np.errstate(invalid="ignore", divide="ignore"), _quiet():
        per_dim = np.column_stack(
            [np.nanmean(scores[:, dim_of == d], axis=1) for d in range(dims)]
        )  # n × dims
        answered = ~np.isnan(per_dim)
        composite = (np.nan_to_num(per_dim) * weights).sum(axis=1) / (answered * weights).sum(
            axis=1
        )

        def indices(index: np.ndarray, count: int, pops: np.ndarray) -> dict[str, np.ndarray]:
            out: dict[str, np.ndarray] = {}
            dim_n, dim_mean, dim_moe = zip(
                *(stats(per_dim[:, d], index, count, pops) for d in range(dims)), strict=True
            )
            out["dim_n"] = np.column_stack(dim_n)
            out["dim_mean"] = np.column_stack(dim_mean)
            out["dim_moe"] = np.column_stack(dim_moe)
            has = ~np.isnan(out["dim_mean"])
            out["overall"] = (np.nan_to_num(out["dim_mean"]) * weights).sum(axis=1) / (
                has * weights
            ).sum(axis=1)
            out["n"], _mean, out["overall_moe"] = stats(composite, index, count, pops)
            return out

        pops = np.array([p if p is not None else -1 for p in populations], dtype=float)
        total_pop = pops.sum() if (pops >= 0).all() else -1.0
        return {
            "groups": indices(group_index, groups, pops),
            "total": indices(np.zeros(len(group_index), dtype=np.int64), 1, np.array([total_pop])),
        }


class _quiet:
    """Silence NumPy's "mean of empty slice" for respondents who skipped a whole dimension."""

    def __enter__(self) -> None:
        import warnings

        self._ctx = warnings.catch_warnings()
        self._ctx.__enter__()
        warnings.simplefilter("ignore", RuntimeWarning)

    def __exit__(self, *exc: object) -> None:
        self._ctx.__exit__(*exc)


def agree(results: Any, groups: list[Any], base: dict[str, Any], order: list[int]) -> None:
    """SEHATI's results (groups in `groups` order, and the total) equal the baseline's (group
    ids in `order`)."""
    position = {pk: i for i, pk in enumerate(order)}
    pairs = [
        (result, base["groups"], position[g.pk])
        for g, result in zip(groups, results.groups, strict=True)
    ]
    pairs.append((results.total, base["total"], 0))
    for result, b, i in pairs:
        assert result.n == b["n"][i], (result.n, b["n"][i])
        if result.n:
            assert math.isclose(result.overall.mean, b["overall"][i], abs_tol=1e-9)
        if result.n >= 2:
            assert math.isclose(result.overall.moe, b["overall_moe"][i], abs_tol=1e-9)
        for d, stat in enumerate(result.dimensions):
            assert stat.n == b["dim_n"][i, d]
            if stat.n:
                assert math.isclose(stat.mean, b["dim_mean"][i, d], abs_tol=1e-9)
            if stat.n >= 2:
                assert math.isclose(stat.moe, b["dim_moe"][i, d], abs_tol=1e-9)


def best_of(runs: int, fn: Any) -> tuple[float, float, Any]:
    """(best seconds, first seconds, the first run's result)."""
    times, first = [], None
    for i in range(runs):
        started = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - started)
        if i == 0:
            first = value
    return min(times), times[0], first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=50)
    parser.add_argument("--groups", type=int, default=40)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if not 10 <= args.items <= 200 or args.groups < 3 or args.respondents < 100:
        parser.error("items 10..200, groups >= 3, respondents >= 100")
    url = os.environ.get("SURVEY_BENCH_DATABASE_URL", DEFAULT_URL)
    database_ensure(url)
    with tempfile.TemporaryDirectory(prefix="sehati-bench-") as workdir:
        django_setup(url, workdir)
        from sehati.surveys.selectors import survey_design, survey_indices

        survey = survey_prepare(args.items, args.groups)
        rng = np.random.default_rng(SEED)
        started = time.perf_counter()
        codes, group_index, group_ids = generate(survey, args.respondents, rng)
        generated = time.perf_counter() - started
        loaded = load(survey, codes, group_index, group_ids)

        best, cold, (results, groups, _dims, _items) = best_of(
            args.runs, lambda: survey_indices(survey=survey)
        )
        design, _d, _i = survey_design(survey=survey)
        order = list(group_ids)
        population_of = {g.pk: g.population for g in groups}
        pops = [population_of[pk] for pk in order]
        base_best, _base_cold, base = best_of(
            args.runs, lambda: baseline(design, codes, group_index, len(order), pops)
        )
        agree(results, groups, base, order)
        from sehati.surveys.indices import visibility_decide

        hidden = sum(s != "shown" for s in visibility_decide(results=results, min_size=10).groups)

    print(f"rows (respondents)        {args.respondents:>12,}")
    print(f"items per respondent      {args.items:>12}")
    print(f"groups (hidden at n < 10) {args.groups:>9} ({hidden})")
    print(f"generate (NumPy)          {generated:>12.2f} s")
    print(f"load (binary COPY + VACUUM ANALYZE) {loaded:>6.2f} s")
    print(f"(a) SEHATI incl. DB read  {best:>12.2f} s   (first run {cold:.2f} s)")
    print(f"(b) plain NumPy baseline  {base_best:>12.2f} s   (in memory, no DB)")
    print(f"ratio a / b               {best / base_best:>12.2f}")
    print("results agree            yes (n, index, margin of error: per group, dimension, total)")
    if args.respondents >= 1_000_000 and args.items >= 50:
        verdict = "met" if best <= TARGET_SECONDS else "NOT met"
        print(f"target (a) <= {TARGET_SECONDS:.0f} s         {verdict}")


if __name__ == "__main__":
    main()
