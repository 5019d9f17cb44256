"""Charts as accessible SVG markup, made from plain numbers on the server.

Each chart is an <svg role="img"> named by its <title> and described in full by its <desc>; every bar
segment carries a text label (R 2, A 1, ...) and a pattern, so colour is never the only cue; each line has
its own dash pattern, marker shape and a direct label. The page shows the same numbers in a table beside
the chart: nothing is only in the chart. No scripts, no inline styles (the CSP allows neither).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from ..formatting import long_date, measure_text, number_text

WIDTH = 640
FONT = 'font-family="GDS Transport, arial, sans-serif"'
BLACK = "#0b0c0c"
GREY = "#505a5f"
LIGHT_GREY = "#b1b4b6"


@dataclass(frozen=True)
class RagBar:
    label: str  # e.g. "Weakness 1"
    red: int
    amber: int
    green: int
    not_rated: int

    @property
    def total(self) -> int:
        return self.red + self.amber + self.green + self.not_rated


# (key, legend name, letter on the bar, fill colour, pattern id suffix)
SEGMENTS = (
    ("red", "Red: off track", "R", "#d4351c", "hatch"),
    ("amber", "Amber: at risk", "A", "#f47738", "dots"),
    ("green", "Green: on track", "G", "#00703c", "solid"),
    ("not_rated", "Not rated", "–", "#ffffff", "blank"),
)


def _attr(text: object) -> str:
    return escape(str(text), quote=True)


def _patterns(prefix: str) -> str:
    """Fills: red hatched, amber dotted, green solid, not rated white; each with a dark outline on the bar."""
    return (
        "<defs>"
        f'<pattern id="{prefix}-hatch" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)">'
        '<rect width="8" height="8" fill="#d4351c"/><rect width="3" height="8" fill="#ffffff" opacity="0.45"/>'
        "</pattern>"
        f'<pattern id="{prefix}-dots" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#f47738"/><circle cx="4" cy="4" r="1.6" fill="#0b0c0c"/>'
        "</pattern>"
        f'<pattern id="{prefix}-solid" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#00703c"/>'
        "</pattern>"
        f'<pattern id="{prefix}-blank" width="8" height="8" patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        "</pattern>"
        "</defs>"
    )


def _bar_sentence(bar: RagBar) -> str:
    return (
        f"{bar.label}: {bar.red} red, {bar.amber} amber, {bar.green} green, {bar.not_rated} not rated "
        f"({bar.total} action{'' if bar.total == 1 else 's'})."
    )


def rag_by_weakness_svg(bars: Sequence[RagBar], chart_id: str = "rag-chart", title: str | None = None) -> str:
    """Horizontal stacked bars, one per tracked finding: red, amber, green and not rated actions."""
    title = title or "RAG rating of actions by finding"
    desc = " ".join(_bar_sentence(bar) for bar in bars) or "There are no actions to show."
    right_gap, row, top = 90, 40, 80
    # Room for the longest label ("Area for development 13") at about 9 px a character.
    label_width = max(110, 9 * max((len(bar.label) for bar in bars), default=0) + 10)
    plot_width = WIDTH - label_width - right_gap
    height = top + row * max(1, len(bars)) + 10
    most = max((bar.total for bar in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        _patterns(chart_id),
    ]
    # Legend: a swatch with the same pattern, the letter used on the bars and the name.
    for index, (_, name, letter, _, pattern) in enumerate(SEGMENTS):
        x, y = (index % 2) * 300, 4 + (index // 2) * 30
        parts.append(
            f'<rect x="{x}" y="{y}" width="22" height="22" fill="url(#{chart_id}-{pattern})" '
            f'stroke="{BLACK}" stroke-width="1"/>'
            f'<text x="{x + 28}" y="{y + 17}" {FONT} font-size="15" fill="{BLACK}">'
            f"{escape(letter)} = {escape(name)}</text>"
        )
    for index, bar in enumerate(bars):
        y = top + index * row
        parts.append(
            f'<text x="0" y="{y + 20}" {FONT} font-size="16" fill="{BLACK}">{escape(bar.label)}</text>'
        )
        offset = label_width
        for key, name, letter, _, pattern in SEGMENTS:
            count = getattr(bar, key)
            if not count:
                continue
            width = plot_width * count / most
            parts.append(
                f'<rect x="{offset:.1f}" y="{y}" width="{width:.1f}" height="28" '
                f'fill="url(#{chart_id}-{pattern})" stroke="{BLACK}" stroke-width="1">'
                f"<title>{escape(bar.label)}: {count} {escape(name.split(':')[0].lower())}</title></rect>"
            )
            label = f"{letter} {count}"
            if width >= 8 * len(label) + 8:
                centre = offset + width / 2
                box = 8 * len(label) + 4
                parts.append(
                    f'<rect x="{centre - box / 2:.1f}" y="{y + 5}" width="{box}" height="18" fill="#ffffff"/>'
                    f'<text x="{centre:.1f}" y="{y + 19}" text-anchor="middle" {FONT} font-size="14" '
                    f'fill="{BLACK}">{escape(label)}</text>'
                )
            offset += width
        parts.append(
            f'<text x="{offset + 6:.1f}" y="{y + 20}" {FONT} font-size="15" fill="{BLACK}">'
            f"{bar.total} total</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class ProgressPoint:
    month_end: date
    planned: int
    completed: int


def _ticks(most: int) -> list[int]:
    if most <= 5:
        return list(range(0, max(most, 1) + 1))
    step = next(s for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000) if most / s <= 6)
    top = -(-most // step) * step
    return list(range(0, top + 1, step))


def _month_label(day: date) -> str:
    return f"{day:%b %Y}"


def completion_svg(
    points: Sequence[ProgressPoint], chart_id: str = "completion-chart", title: str | None = None
) -> str:
    """Cumulative actions due (the plan: dashed line, squares) and completed (solid line, circles) by month."""
    title = title or "Actions completed against the plan, month by month"
    if points:
        last = points[-1]
        desc = (
            f"From {_month_label(points[0].month_end)} to {_month_label(last.month_end)}. "
            f"By the end of {_month_label(last.month_end)}, {last.planned} actions were due under the plan "
            f"and {last.completed} were complete. "
            + " ".join(f"{_month_label(p.month_end)}: {p.planned} due, {p.completed} complete." for p in points)
        )
    else:
        desc = "No action has a due date or has been completed yet."
    left, right, top, bottom = 48, 130, 40, 48
    height = 320
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    most = max([p.planned for p in points] + [p.completed for p in points] + [1])
    ticks = _ticks(most)
    top_value = ticks[-1] or 1
    count = max(1, len(points) - 1)

    def xy(index: int, value: int) -> tuple[float, float]:
        return left + plot_w * index / count, top + plot_h - plot_h * value / top_value

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        # Legend
        f'<line x1="0" y1="16" x2="30" y2="16" stroke="#1d70b8" stroke-width="3" stroke-dasharray="7 4"/>'
        f'<rect x="11" y="12" width="8" height="8" fill="#1d70b8"/>'
        f'<text x="36" y="21" {FONT} font-size="15" fill="{BLACK}">Planned: actions due (dashed, squares)</text>'
        f'<line x1="330" y1="16" x2="360" y2="16" stroke="{BLACK}" stroke-width="3"/>'
        f'<circle cx="345" cy="16" r="4.5" fill="{BLACK}"/>'
        f'<text x="366" y="21" {FONT} font-size="15" fill="{BLACK}">Completed (solid, circles)</text>',
    ]
    for tick in ticks:
        _, y = xy(0, tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{LIGHT_GREY}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{y + 5:.1f}" text-anchor="end" {FONT} font-size="14" fill="{BLACK}">{tick}</text>'
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{BLACK}" '
        'stroke-width="1"/>'
    )
    label_every = max(1, -(-len(points) // 6))
    for index, point in enumerate(points):
        if index % label_every == 0 or index == len(points) - 1:
            x, _ = xy(index, 0)
            parts.append(
                f'<text x="{x:.1f}" y="{top + plot_h + 22}" text-anchor="middle" {FONT} font-size="14" '
                f'fill="{BLACK}">{escape(_month_label(point.month_end))}</text>'
            )
    if points:
        for key, colour, dash, marker in (
            ("planned", "#1d70b8", ' stroke-dasharray="7 4"', "square"),
            ("completed", BLACK, "", "circle"),
        ):
            coords = [xy(i, getattr(p, key)) for i, p in enumerate(points)]
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="3"{dash}/>')
            for x, y in coords:
                if marker == "square":
                    parts.append(f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>')
                else:
                    parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>')
        last_x, planned_y = xy(len(points) - 1, points[-1].planned)
        _, completed_y = xy(len(points) - 1, points[-1].completed)
        if abs(planned_y - completed_y) < 18:  # keep the two direct labels apart
            planned_y, completed_y = min(planned_y, completed_y) - 9, max(planned_y, completed_y) + 9
        parts.append(
            f'<text x="{last_x + 10:.1f}" y="{planned_y + 5:.1f}" {FONT} font-size="15" fill="{BLACK}">'
            f"Planned: {points[-1].planned}</text>"
            f'<text x="{last_x + 10:.1f}" y="{completed_y + 5:.1f}" {FONT} font-size="15" fill="{BLACK}">'
            f"Completed: {points[-1].completed}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class MeasureSeries:
    """An action's success measure: its dated values (oldest first) and, as numbers, its baseline and target."""

    points: Sequence[tuple[date, float]]
    baseline: float | None
    target: float | None
    unit: str = ""
    better_words: str = "Higher is better"


def _value_ticks(low: float, high: float) -> list[float]:
    """About five round steps covering low to high (1, 2, 2.5 or 5 times a power of ten)."""
    span = (high - low) or abs(high) or 1.0
    magnitude = 10 ** math.floor(math.log10(span / 5))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if span / (m * magnitude) <= 5)
    first = math.floor(low / step) * step
    count = math.ceil(round((high - first) / step, 9))
    return [round(first + index * step, 10) for index in range(max(count, 1) + 1)]


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _labelled(xs: list[float], room: float = 100) -> list[int]:
    """Which points get their date written under them: the first and the last always, others where they have
    room (dates are about 90 px wide)."""
    chosen: list[int] = []
    for index, x in enumerate(xs):
        if not chosen or x - xs[chosen[-1]] >= room:
            chosen.append(index)
    last = len(xs) - 1
    if xs and chosen[-1] != last:
        if len(chosen) > 1 and xs[last] - xs[chosen[-1]] < room:
            chosen.pop()
        chosen.append(last)
    return chosen


def measure_svg(series: MeasureSeries, chart_id: str = "measure-chart", title: str | None = None) -> str:
    """The measured values over time (solid line, circles), with the baseline (dotted) and the target (dashed)
    drawn across the chart and labelled by name and number at its right."""
    title = title or "Measured values against the baseline and target"
    shown = lambda value: measure_text(value, series.unit)  # noqa: E731
    points = sorted(series.points)
    words = []
    if series.baseline is not None or series.target is not None:
        words.append(
            f"Baseline {shown(series.baseline) if series.baseline is not None else 'not set'}, "
            f"target {shown(series.target) if series.target is not None else 'not set'}; "
            f"{series.better_words.lower()}."
        )
    if points:
        words.append(
            f"{len(points)} value{'s' if len(points) != 1 else ''} from {long_date(points[0][0])} to "
            f"{long_date(points[-1][0])}: "
            + "; ".join(f"{long_date(day)}: {shown(value)}" for day, value in points)
            + "."
        )
    else:
        words.append("No values recorded yet.")
    left, right, top, bottom = 64, 150, 48, 48
    height = 340
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    numbers = [value for _, value in points] + [v for v in (series.baseline, series.target) if v is not None]
    ticks = _value_ticks(min([0.0, *numbers]), max([0.0, *numbers]))
    low, high = ticks[0], ticks[-1]
    first_day = points[0][0] if points else None
    days = (points[-1][0] - first_day).days if points else 0

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * (value - low) / ((high - low) or 1)

    def x_of(day: date) -> float:
        return left + plot_w / 2 if not days else left + plot_w * (day - first_day).days / days

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(" ".join(words))}</desc>',
        # Legend: each line told apart by its dashes and markers, not only its colour.
        f'<line x1="0" y1="16" x2="30" y2="16" stroke="{BLACK}" stroke-width="3"/>'
        f'<circle cx="15" cy="16" r="4.5" fill="{BLACK}"/>'
        f'<text x="36" y="21" {FONT} font-size="15" fill="{BLACK}">Measured (solid, circles)</text>'
        f'<line x1="250" y1="16" x2="280" y2="16" stroke="{GREY}" stroke-width="3" stroke-dasharray="2 4"/>'
        f'<text x="286" y="21" {FONT} font-size="15" fill="{BLACK}">Baseline (dotted)</text>'
        f'<line x1="440" y1="16" x2="470" y2="16" stroke="#1d70b8" stroke-width="3" stroke-dasharray="10 5"/>'
        f'<text x="476" y="21" {FONT} font-size="15" fill="{BLACK}">Target (dashed)</text>',
    ]
    for tick in ticks:
        y = y_of(tick)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{LIGHT_GREY}" stroke-width="1"/>'
            f'<text x="{left - 8}" y="{y + 5:.1f}" text-anchor="end" {FONT} font-size="14" fill="{BLACK}">'
            f"{escape(number_text(tick))}</text>"
        )
    parts.append(
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{BLACK}" '
        'stroke-width="1"/>'
    )
    xs = [x_of(day) for day, _ in points]
    for index in _labelled(xs):
        parts.append(
            f'<text x="{xs[index]:.1f}" y="{top + plot_h + 22}" text-anchor="middle" {FONT} font-size="14" '
            f'fill="{BLACK}">{escape(_day_label(points[index][0]))}</text>'
        )
    line_labels = []
    for name, value, colour, dash in (
        ("Baseline", series.baseline, GREY, "2 4"),
        ("Target", series.target, "#1d70b8", "10 5"),
    ):
        if value is None:
            continue
        y = y_of(value)
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{colour}" stroke-width="3" '
            f'stroke-dasharray="{dash}"/>'
        )
        line_labels.append([y, f"{name}: {shown(value)}"])
    if len(line_labels) == 2 and abs(line_labels[0][0] - line_labels[1][0]) < 18:  # keep the labels apart
        upper, lower = sorted(line_labels, key=lambda label: label[0])
        upper[0], lower[0] = upper[0] - 9, lower[0] + 9
    for y, text in line_labels:
        parts.append(
            f'<text x="{left + plot_w + 10}" y="{y + 5:.1f}" {FONT} font-size="15" fill="{BLACK}">{escape(text)}</text>'
        )
    if points:
        coords = [(x, y_of(value)) for x, (_, value) in zip(xs, points, strict=True)]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{BLACK}" stroke-width="3"/>')
        for (x, y), (day, value) in zip(coords, points, strict=True):
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{BLACK}">'
                f"<title>{escape(long_date(day))}: {escape(shown(value))}</title></circle>"
            )
        x, y = coords[-1]
        latest = f"Latest: {shown(points[-1][1])}"
        box = 8 * len(latest) + 8
        # Above or below the last point, whichever is further from the baseline and target lines.
        lines = [line_y for line_y, _ in line_labels] or [y + 100]
        baseline_y = max((y - 15, y + 25), key=lambda at: min(abs(at - 5 - line_y) for line_y in lines))
        parts.append(
            f'<rect x="{x - box:.1f}" y="{baseline_y - 15:.1f}" width="{box}" height="20" fill="#ffffff"/>'
            f'<text x="{x - 4:.1f}" y="{baseline_y:.1f}" text-anchor="end" {FONT} font-size="15" fill="{BLACK}">'
            f"{escape(latest)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)
