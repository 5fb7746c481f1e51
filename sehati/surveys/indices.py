"""Indices of an internal integrity survey, and what of them may be shown. Pure NumPy, no Django:
the results page, the XLSX, the API and bench/survey_index.py call the same functions.

Formulas (docs/user-guide/upg-survei.md explains them for users):

1. Item score, 0–100. Likert item with scale a..b, answer v: x = (v − a) / (b − a) × 100; a
   reversed item: x = (b − v) / (b − a) × 100. Multiple choice with option scores s_1..s_m,
   chosen option s: x = (s − min s) / (max s − min s) × 100.
2. A respondent's dimension score s_id = the mean of x over the items of dimension d they
   answered (undefined when they answered none of them).
3. Dimension index of group g: I_gd = the mean of s_id over the respondents of g with s_id
   defined (n_gd of them); sd_gd = their sample standard deviation (n − 1).
4. Overall index of g: I_g = Σ_d w_d · I_gd / Σ_d w_d, over the dimensions with data
   (w_d = the configured weights).
5. Margin of error at 95 %: MoE = 1.96 × sd / √n × FPC, with the finite-population correction
   FPC = √((N − n) / (N − 1)) when the group's population N is known and N ≥ n (N = n: a
   census, MoE = 0); otherwise FPC = 1. Undefined for n < 2. For the overall index, sd is that
   of the respondents' composite scores c_i = Σ_d w_d · s_id / Σ_d w_d over the dimensions i
   answered (equal to the exact standard error when every respondent answered every dimension).
6. The total ("seluruh responden") is the same computation over all respondents pooled; its
   population is the sum of the groups' when every group's is known.

Respondents are counted in a group's n when they answered at least one item.

Answers arrive packed: `codes[i, j]` is respondent i's answer to item j (0 = not answered, k =
the item's k-th scale point or option); `item_scores[j][k - 1]` is its score. Codes beyond an
item's scale count as not answered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

Z95 = 1.96

GroupStatus = Literal["shown", "small", "complement", "empty"]


def likert_scores(*, low: int, high: int, reversed: bool) -> tuple[float, ...]:
    """The score 0–100 of each point low..high of a Likert scale (formula 1)."""
    if high <= low:
        raise ValueError("skala Likert harus naik: nilai tertinggi > nilai terendah")
    span = high - low
    values = [(v - low) / span * 100.0 for v in range(low, high + 1)]
    return tuple(100.0 - v for v in values) if reversed else tuple(values)


def choice_scores(*, option_scores: Sequence[float]) -> tuple[float, ...]:
    """The score 0–100 of each option, by its score between the lowest and highest option's."""
    if len(option_scores) < 2:
        raise ValueError("pertanyaan pilihan ganda memerlukan paling sedikit dua pilihan")
    low, high = min(option_scores), max(option_scores)
    if high == low:
        raise ValueError("skor semua pilihan sama; beri skor yang berbeda")
    return tuple((float(s) - low) / (high - low) * 100.0 for s in option_scores)


def margin_of_error(*, sd: float | None, n: int, population: int | None) -> float | None:
    """1.96 × sd / √n, with the finite-population correction when N is known and N ≥ n."""
    if sd is None or n < 2:
        return None
    fpc = 1.0
    if population is not None and population >= n and population > 1:
        fpc = math.sqrt((population - n) / (population - 1))
    return Z95 * sd / math.sqrt(n) * fpc


@dataclass(frozen=True)
class Design:
    """The questionnaire as the computation needs it, in packed item order."""

    item_dimension: tuple[int, ...]  # the dimension (index into weights) of each item
    item_scores: tuple[tuple[float, ...], ...]  # per item: the score of code 1, 2, …
    weights: tuple[float, ...]  # per dimension

    def __post_init__(self) -> None:
        if len(self.item_dimension) != len(self.item_scores):
            raise ValueError("item_dimension and item_scores differ in length")
        if any(not 0 <= d < len(self.weights) for d in self.item_dimension):
            raise ValueError("an item names a dimension that does not exist")
        if any(len(s) > 255 for s in self.item_scores):
            raise ValueError("an item has more than 255 codes")


@dataclass(frozen=True)
class Stat:
    n: int
    mean: float | None
    sd: float | None = None
    moe: float | None = None


@dataclass(frozen=True)
class GroupResult:
    n: int  # respondents with at least one answer
    overall: Stat
    dimensions: tuple[Stat, ...]


@dataclass(frozen=True)
class Results:
    groups: tuple[GroupResult, ...]
    total: GroupResult
    items: tuple[Stat, ...]  # all respondents, per item: n and mean
    item_dimension: tuple[int, ...]  # the dimension of each item (as in the design)
    total_population: int | None


FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


# Rows per block: a block's answers, transposed, and its scores stay in the CPU cache, so the
# packed answers are read once instead of once per item.
CHUNK = 32_768


def _respondent_scores(
    design: Design, codes: npt.NDArray[np.uint8], weights: FloatArray
) -> tuple[FloatArray, npt.NDArray[np.bool_], FloatArray, IntArray, FloatArray]:
    """Per respondent: each dimension's score (formula 2; NaN where none of its items was
    answered) and the composite score; per item: answers and the sum of their scores."""
    respondents, k = codes.shape
    dims = len(design.weights)
    # Per dimension: its items, and flat lookup tables (item-major, 256 codes per item) of the
    # score (0 where the code is not an answer) and of "is an answer".
    plan = []
    for d in range(dims):
        items = np.array([j for j in range(k) if design.item_dimension[j] == d], dtype=np.intp)
        score = np.zeros((len(items), 256), dtype=np.float64)
        valid = np.zeros((len(items), 256), dtype=np.uint8)
        for row, j in enumerate(items):
            scores = design.item_scores[j]
            score[row, 1 : len(scores) + 1] = scores
            valid[row, 1 : len(scores) + 1] = 1
        offsets = (np.arange(len(items), dtype=np.intp) * 256)[:, None]
        plan.append((items, score.ravel(), valid.ravel(), offsets))
    dim_score = np.full((dims, respondents), np.nan, dtype=np.float64)
    has_dim = np.zeros((dims, respondents), dtype=np.bool_)
    item_n = np.zeros(k, dtype=np.int64)
    item_sum = np.zeros(k, dtype=np.float64)
    for start in range(0, respondents, CHUNK):
        stop = min(start + CHUNK, respondents)
        block = np.ascontiguousarray(codes[start:stop].T)  # items × rows
        for d, (items, score_flat, valid_flat, offsets) in enumerate(plan):
            if not len(items):
                continue
            index = block[items].astype(np.intp)
            index += offsets
            x = score_flat.take(index)
            v = valid_flat.take(index)
            total, count = x.sum(axis=0), v.sum(axis=0, dtype=np.int64)
            item_sum[items] += x.sum(axis=1)
            item_n[items] += v.sum(axis=1, dtype=np.int64)
            answered = count > 0
            has_dim[d, start:stop] = answered
            np.divide(total, count, out=dim_score[d, start:stop], where=answered)
    weight_used = (weights[:, None] * has_dim).sum(axis=0)
    weighted = (weights[:, None] * np.where(has_dim, dim_score, 0.0)).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        composite = weighted / weight_used  # NaN where the respondent answered nothing
    return dim_score, has_dim, composite, item_n, item_sum


def _group_moments(
    values: FloatArray,
    defined: npt.NDArray[np.bool_],
    group_index: IntArray,
    group_count: int,
) -> tuple[IntArray, FloatArray, FloatArray]:
    """n, mean and the sum of squared deviations from the mean, per group, of `values` where
    `defined` (two passes, for accuracy)."""
    g = group_index[defined]
    v = values[defined]
    n = np.bincount(g, minlength=group_count).astype(np.int64)
    sums = np.bincount(g, weights=v, minlength=group_count)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = sums / n
    dev = v - mean[g]
    ss = np.asarray(np.bincount(g, weights=dev * dev, minlength=group_count), dtype=np.float64)
    return n, mean, ss


def _pooled(
    n: IntArray, mean: FloatArray, ss: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    """The moments of all groups together: SS = Σ (SS_g + n_g (mean_g − mean)²)."""
    total = np.array([int(n.sum())], dtype=np.int64)
    some = n > 0
    if not total[0]:
        return total, np.array([np.nan]), np.zeros(1)
    grand = (n[some] * mean[some]).sum() / total[0]
    within = ss[some].sum() + (n[some] * (mean[some] - grand) ** 2).sum()
    return total, np.array([grand]), np.array([within])


def _sd(n: int, ss: float) -> float | None:
    return math.sqrt(ss / (n - 1)) if n >= 2 else None


def _stat(n: int, mean: float, ss: float, population: int | None) -> Stat:
    if n == 0:
        return Stat(n=0, mean=None)
    sd = _sd(n, ss)
    return Stat(
        n=n, mean=float(mean), sd=sd, moe=margin_of_error(sd=sd, n=n, population=population)
    )


def indices_compute(
    *,
    design: Design,
    codes: npt.NDArray[np.uint8],
    group_index: npt.NDArray[np.integer[Any]],
    group_count: int,
    populations: Sequence[int | None],
) -> Results:
    """The indices per group and dimension, overall, for the total and per item (module
    docstring, formulas 1–6). `codes` is respondents × items (uint8), `group_index` each
    respondent's group 0..group_count-1."""
    k = codes.shape[1]
    if k != len(design.item_scores):
        raise ValueError(f"{k} answer columns for {len(design.item_scores)} items")
    if len(populations) != group_count:
        raise ValueError("one population (or None) per group")
    groups = np.asarray(group_index, dtype=np.int64)
    dims = len(design.weights)
    weights = np.asarray(design.weights, dtype=np.float64)

    dim_score, has_dim, composite, item_n, item_sum = _respondent_scores(design, codes, weights)
    has_any: npt.NDArray[np.bool_] = np.asarray(has_dim.any(axis=0))

    known = [p for p in populations if p is not None]
    total_population = sum(known) if len(known) == group_count and group_count else None
    Moments = tuple[IntArray, FloatArray, FloatArray]
    per_dim: list[Moments] = [
        _group_moments(dim_score[d], has_dim[d], groups, group_count) for d in range(dims)
    ]
    composite_moments: Moments = _group_moments(composite, has_any, groups, group_count)

    def results_for(
        dim_moments: list[Moments], comp: Moments, pops: Sequence[int | None]
    ) -> list[GroupResult]:
        comp_n, _comp_mean, comp_ss = comp
        out = []
        for g in range(len(comp_n)):
            dim_stats = tuple(
                _stat(int(n[g]), float(mean[g]), float(ss[g]), pops[g])
                for n, mean, ss in dim_moments
            )
            used = [(weights[d], s.mean) for d, s in enumerate(dim_stats) if s.mean is not None]
            n_g = int(comp_n[g])
            if not used:
                overall = Stat(n=0, mean=None)
            else:
                weighted = sum(w * m for w, m in used) / sum(w for w, _m in used)
                sd_g = _sd(n_g, float(comp_ss[g]))
                overall = Stat(
                    n=n_g,
                    mean=float(weighted),
                    sd=sd_g,
                    moe=margin_of_error(sd=sd_g, n=n_g, population=pops[g]),
                )
            out.append(GroupResult(n=n_g, overall=overall, dimensions=dim_stats))
        return out

    per_group = results_for(per_dim, composite_moments, populations)
    (total,) = results_for(
        [_pooled(*m) for m in per_dim], _pooled(*composite_moments), [total_population]
    )
    items = tuple(
        Stat(n=int(item_n[j]), mean=float(item_sum[j] / item_n[j]) if item_n[j] else None)
        for j in range(k)
    )
    return Results(
        groups=tuple(per_group),
        total=total,
        items=items,
        item_dimension=design.item_dimension,
        total_population=total_population,
    )


# --- what may be shown --------------------------------------------------------------------


@dataclass(frozen=True)
class Visibility:
    """Per group: "shown"; "small" (fewer respondents than the minimum, in the group or in one
    of its dimensions); "complement" (hidden so that a small group cannot be worked out from the
    total minus the shown groups); "empty" (nobody answered). `items`: per item, shown or not."""

    groups: tuple[GroupStatus, ...]
    total_shown: bool
    items: tuple[bool, ...]


def _enough(n: int, min_size: int) -> bool:
    return n == 0 or n >= min_size


def _eligible(result: GroupResult, min_size: int) -> bool:
    return result.n >= min_size and all(_enough(d.n, min_size) for d in result.dimensions)


def visibility_decide(*, results: Results, min_size: int) -> Visibility:
    """Which groups, total and items may be shown, for groups of at least `min_size`.

    A group is shown when it has at least `min_size` respondents and each of its dimensions
    has either none or at least `min_size`. The total is shown on the same condition. While
    the total is shown, the hidden groups taken together must also satisfy it — otherwise the
    total minus the shown groups would give a small group's figures — so the smallest shown
    group (the first, on a tie) is hidden as well, until they do. Items are shown with the
    total only, and a dimension's items all or none (each with none or >= `min_size` answers),
    so that no thin item follows from the dimension's index and its other items."""
    status: list[GroupStatus] = []
    for g in results.groups:
        if g.n == 0:
            status.append("empty")
        else:
            status.append("shown" if _eligible(g, min_size) else "small")
    total_shown = _eligible(results.total, min_size)

    def hidden_enough() -> bool:
        hidden = [g for g, s in zip(results.groups, status, strict=True) if s != "shown"]
        if not _enough(sum(g.n for g in hidden), min_size):
            return False
        dims = len(results.total.dimensions)
        return all(_enough(sum(g.dimensions[d].n for g in hidden), min_size) for d in range(dims))

    while total_shown and not hidden_enough():
        shown = [i for i, s in enumerate(status) if s == "shown"]
        if not shown:
            total_shown = False
            break
        smallest = min(shown, key=lambda i: (results.groups[i].n, i))
        status[smallest] = "complement"

    items = [False] * len(results.items)
    if total_shown:
        item_dims = results.item_dimension
        thin = {
            item_dims[j] for j, item in enumerate(results.items) if not _enough(item.n, min_size)
        }
        items = [item_dims[j] not in thin for j in range(len(results.items))]
    return Visibility(groups=tuple(status), total_shown=total_shown, items=tuple(items))
