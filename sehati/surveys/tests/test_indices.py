"""The survey indices against a table of hand-computed cases (written before the code; law and
maths are tested first). Every expected figure below was worked out on paper from the formulas
in sehati/surveys/indices.py and docs/user-guide/upg-survei.md."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sehati.surveys.indices import (
    Design,
    choice_scores,
    indices_compute,
    likert_scores,
    margin_of_error,
    visibility_decide,
)

L15 = likert_scores(low=1, high=5, reversed=False)  # codes 1..5 -> 0, 25, 50, 75, 100


def run(design: Design, rows: list[tuple[int, list[int]]], groups: int = 1, pops=None):  # type: ignore[no-untyped-def]
    codes = np.array([r for _g, r in rows], dtype=np.uint8).reshape(len(rows), -1)
    group_index = np.array([g for g, _r in rows], dtype=np.int64)
    return indices_compute(
        design=design,
        codes=codes,
        group_index=group_index,
        group_count=groups,
        populations=pops or [None] * groups,
    )


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, abs_tol=1e-3)


def test_item_scales_map_linearly_onto_0_100() -> None:
    assert L15 == (0.0, 25.0, 50.0, 75.0, 100.0)
    assert likert_scores(low=1, high=4, reversed=True) == pytest.approx((100, 200 / 3, 100 / 3, 0))
    assert likert_scores(low=0, high=10, reversed=False)[7] == pytest.approx(70.0)
    # Option scores 0, 2, 5 -> 0, 40, 100 (lowest option 0, highest 100).
    assert choice_scores(option_scores=[0, 2, 5]) == (0.0, 40.0, 100.0)
    assert choice_scores(option_scores=[5, 0]) == (100.0, 0.0)
    with pytest.raises(ValueError, match="sama"):
        choice_scores(option_scores=[3, 3])
    with pytest.raises(ValueError):
        likert_scores(low=5, high=5, reversed=False)


def test_one_dimension_two_items_one_missing_answer() -> None:
    # r1 (5,5): 100; r2 (3,1): mean(50, 0) = 25; r3 (4,-): 75 only; r4 answered nothing.
    design = Design(item_dimension=(0, 0), item_scores=(L15, L15), weights=(1.0,))
    res = run(design, [(0, [5, 5]), (0, [3, 1]), (0, [4, 0]), (0, [0, 0])])
    g = res.groups[0]
    assert g.n == 3  # the empty response does not count
    d = g.dimensions[0]
    assert d.n == 3 and close(d.mean, 66.6667) and close(d.sd, 38.1881)
    assert close(d.moe, 43.2139)  # 1.96 * 38.1881 / sqrt(3)
    assert close(g.overall.mean, 66.6667) and close(g.overall.moe, 43.2139)
    # Items (all respondents): item 1 mean(100, 50, 75) = 75 of 3; item 2 mean(100, 0) = 50 of 2.
    assert [(i.n, round(i.mean or 0, 3)) for i in res.items] == [(3, 75.0), (2, 50.0)]
    assert res.total.n == 3 and close(res.total.overall.mean, 66.6667)


def test_reversed_likert_and_multiple_choice() -> None:
    rev = likert_scores(low=1, high=4, reversed=True)
    design = Design(item_dimension=(0,), item_scores=(rev,), weights=(1.0,))
    res = run(design, [(0, [1]), (0, [4]), (0, [2])])  # answers 1, 4, 2 -> 100, 0, 66.67
    d = res.groups[0].dimensions[0]
    assert close(d.mean, 55.5556) and close(d.sd, 50.9175)
    mc = Design(
        item_dimension=(0,), item_scores=(choice_scores(option_scores=[0, 2, 5]),), weights=(1,)
    )
    res = run(mc, [(0, [1]), (0, [2]), (0, [3]), (0, [3])])  # 0, 40, 100, 100
    d = res.groups[0].dimensions[0]
    assert close(d.mean, 60.0) and close(d.sd, 48.9898)  # sqrt(7200 / 3)


def test_weighted_overall_two_groups_and_the_total() -> None:
    # Dimension A (weight 2) and B (weight 1), one Likert 1..5 item each.
    design = Design(item_dimension=(0, 1), item_scores=(L15, L15), weights=(2.0, 1.0))
    rows = [(0, [5, 3]), (0, [4, 3]), (1, [1, 5])]
    res = run(design, rows, groups=2)
    g0, g1 = res.groups
    assert close(g0.dimensions[0].mean, 87.5) and close(g0.dimensions[1].mean, 50.0)
    assert close(g0.overall.mean, 75.0)  # (2 * 87.5 + 1 * 50) / 3
    # Composite scores 83.33 and 66.67: sd 11.785, moe 1.96 * 11.785 / sqrt(2) = 16.333.
    assert close(g0.overall.sd, 11.7851) and close(g0.overall.moe, 16.3333)
    assert g1.n == 1 and close(g1.overall.mean, 33.3333)  # (2 * 0 + 100) / 3
    assert g1.overall.sd is None and g1.overall.moe is None  # one respondent: no spread
    # Total: A mean(100, 75, 0) = 58.33, B mean(50, 50, 100) = 66.67 -> (2*58.33 + 66.67) / 3.
    t = res.total
    assert t.n == 3 and close(t.dimensions[0].mean, 58.3333) and close(t.overall.mean, 61.1111)


def test_a_skipped_dimension_leaves_the_weights_of_the_others() -> None:
    # r1 answers only A (100); r2 answers A (0) and B (50). A: 50 of 2, B: 50 of 1.
    design = Design(item_dimension=(0, 1), item_scores=(L15, L15), weights=(1.0, 1.0))
    res = run(design, [(0, [5, 0]), (0, [1, 3])])
    g = res.groups[0]
    assert (g.dimensions[0].n, g.dimensions[1].n) == (2, 1)
    assert close(g.overall.mean, 50.0)  # weighted mean of the dimension indices
    # The margin of error comes from the respondents' composite scores 100 and 25.
    assert close(g.overall.sd, 53.0330) and close(g.overall.moe, 73.5)


def test_finite_population_correction() -> None:
    design = Design(item_dimension=(0,), item_scores=(L15,), weights=(1.0,))
    rows = [(0, [5])] * 5 + [(0, [1])] * 5  # 100 ×5, 0 ×5: mean 50, sd 52.705
    plain = run(design, rows).groups[0].dimensions[0]
    assert close(plain.sd, 52.7046) and close(plain.moe, 32.6672)  # 1.96 * 52.705 / sqrt(10)
    # N = 20: × sqrt((20 - 10) / 19) = 0.72548 -> 23.6993.
    assert close(run(design, rows, pops=[20]).groups[0].dimensions[0].moe, 23.6993)
    assert close(run(design, rows, pops=[10]).groups[0].dimensions[0].moe, 0.0)  # a census
    assert close(run(design, rows, pops=[5]).groups[0].dimensions[0].moe, 32.6672)  # N < n
    assert margin_of_error(sd=10.0, n=4, population=None) == pytest.approx(9.8)
    assert margin_of_error(sd=None, n=1, population=None) is None


def test_total_population_is_known_only_when_every_group_s_is() -> None:
    design = Design(item_dimension=(0,), item_scores=(L15,), weights=(1.0,))
    rows = [(0, [5]), (0, [1]), (1, [5]), (1, [1])]
    assert run(design, rows, groups=2, pops=[20, 30]).total_population == 50
    assert run(design, rows, groups=2, pops=[20, None]).total_population is None


def test_codes_beyond_an_item_s_scale_count_as_unanswered() -> None:
    design = Design(item_dimension=(0,), item_scores=(L15,), weights=(1.0,))
    res = run(design, [(0, [9]), (0, [5])])
    assert res.groups[0].n == 1 and close(res.groups[0].overall.mean, 100.0)


def test_no_respondents_at_all() -> None:
    design = Design(item_dimension=(0, 0), item_scores=(L15, L15), weights=(1.0,))
    res = indices_compute(
        design=design,
        codes=np.zeros((0, 2), dtype=np.uint8),
        group_index=np.zeros(0, dtype=np.int64),
        group_count=2,
        populations=[None, None],
    )
    assert res.total.n == 0 and res.total.overall.mean is None
    assert [g.n for g in res.groups] == [0, 0]


# --- what may be shown: the minimum group size and differencing ------------------------------

MIN = 10


def _sizes(ns: list[int], dim_ns: list[list[int]] | None = None):  # type: ignore[no-untyped-def]
    """Results whose group sizes are `ns` (one dimension answered by everyone, unless
    `dim_ns` gives the dimension counts)."""
    design = Design(item_dimension=(0, 1), item_scores=(L15, L15), weights=(1.0, 1.0))
    rows: list[tuple[int, list[int]]] = []
    for g, n in enumerate(ns):
        second = dim_ns[g][1] if dim_ns else n
        rows += [(g, [4, 4 if i < second else 0]) for i in range(n)]
    return run(design, rows, groups=len(ns))


@pytest.mark.parametrize(
    ("ns", "statuses", "total_shown"),
    [
        # One small group and a visible total: the smallest other group is hidden too, or the
        # small group's figures would follow from the total minus the rest.
        ([12, 7, 30], ("complement", "small", "shown"), True),
        ([30, 7, 12], ("shown", "small", "complement"), True),
        ([12, 12, 7], ("complement", "shown", "small"), True),  # a tie: the first one
        # Two small groups: only their sum follows from the total, and 7 + 5 = 12 >= 10.
        ([12, 7, 5, 30], ("shown", "small", "small", "shown"), True),
        ([4, 3], ("small", "small"), False),  # total 7 < 10: nothing at all
        ([0, 15, 20], ("empty", "shown", "shown"), True),
        ([10, 10], ("shown", "shown"), True),  # exactly the minimum is shown
    ],
)
def test_visibility(ns: list[int], statuses: tuple[str, ...], total_shown: bool) -> None:
    vis = visibility_decide(results=_sizes(ns), min_size=MIN)
    assert vis.groups == statuses
    assert vis.total_shown is total_shown


def test_small_groups_whose_sum_is_small_are_topped_up_with_another() -> None:
    # 4 + 3 = 7 < 10 would follow from the total minus the shown groups: hide one more.
    vis = visibility_decide(results=_sizes([4, 3, 40, 25]), min_size=MIN)
    assert vis.groups == ("small", "small", "shown", "complement")
    assert vis.total_shown is True


def test_a_group_with_a_thin_dimension_is_not_shown() -> None:
    # 12 respondents, but only 6 answered the second dimension: its index would describe 6
    # people (and the overall index would give it away), so the whole group is hidden.
    results = _sizes([12, 30, 25], [[12, 6], [30, 30], [25, 25]])
    vis = visibility_decide(results=results, min_size=MIN)
    assert vis.groups == ("small", "shown", "complement")


def test_items_are_shown_only_with_the_total_and_per_whole_dimension() -> None:
    design = Design(item_dimension=(0, 0, 1), item_scores=(L15, L15, L15), weights=(1.0, 1.0))
    rows = [(0, [4, 4 if i < 5 else 0, 4]) for i in range(20)]  # item 2 answered by 5 only
    vis = visibility_decide(results=run(design, rows), min_size=MIN)
    # Item 2 is thin, so item 1 (same dimension) is hidden with it; item 3 is shown.
    assert vis.items == (False, False, True)
    small = visibility_decide(results=run(design, rows[:8]), min_size=MIN)
    assert small.total_shown is False and small.items == (False, False, False)
