"""Charts for dashboards (issue #7 point 5, ARCHITECTURE.md "UI"): the numbers of a chart as one
object, drawn by Chart.js from a JSON block (no inline script) and always followed by a table of
the same numbers, so the page reads without JavaScript and with a screen reader.

In a view: `chart = Chart(id="skor", title=_("Skor per tahun"), kind="line", labels=[…],
series=[Series(_("SPI"), [71.5, None, 79.06])])`; in the template:
`{% include "core/_chart.html" with chart=chart %}` (the page loads Chart.js with
`{% include "core/_chart_scripts.html" %}` once, in `{% block extra_body %}`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

Number = int | float | Decimal | None


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[Number]
    # Drawn as a line over bars (e.g. a target), in a mixed bar chart.
    as_line: bool = False


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    labels: Sequence[str]
    series: Sequence[Series]
    kind: Literal["bar", "line", "horizontalBar", "doughnut"] = "bar"
    unit: str = ""  # shown in the table header and the tooltip, e.g. "%" or "poin"
    y_max: float | None = None  # e.g. 100 for indices on 0-100
    label_header: str = ""  # the table's first column header (default: empty)
    notes: Sequence[str] = field(default_factory=tuple)
    # Drill-down: per label, the address of the list behind it (or None), within the viewer's
    # permissions (issue #8); the table's label cell links there.
    links: Sequence[str | None] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        for s in self.series:
            if len(s.values) != len(self.labels):
                raise ValueError(
                    f"series {s.label!r}: {len(s.values)} values, {len(self.labels)} labels"
                )

    @property
    def data_id(self) -> str:
        return f"{self.id}-data"

    @property
    def is_empty(self) -> bool:
        return not self.labels or all(v is None for s in self.series for v in s.values)

    @property
    def rows(self) -> list[tuple[str, list[Number]]]:
        """The table of the same numbers: one row per label, one column per series."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.labels)]

    @property
    def linked_rows(self) -> list[tuple[str, list[Number], str | None]]:
        """`rows` with each label's drill-down address (None where there is none)."""
        links = list(self.links) + [None] * (len(self.labels) - len(self.links))
        return [(label, values, links[i]) for i, (label, values) in enumerate(self.rows)]

    def config(self) -> dict[str, Any]:
        """What static/js/charts.js reads (json_script-escaped into the page)."""

        def plain(v: Number) -> float | int | None:
            return float(v) if isinstance(v, Decimal) else v

        return {
            "kind": self.kind,
            "labels": [str(x) for x in self.labels],
            "series": [
                {"label": str(s.label), "values": [plain(v) for v in s.values], "line": s.as_line}
                for s in self.series
            ],
            "unit": str(self.unit),
            "yMax": self.y_max,
        }
