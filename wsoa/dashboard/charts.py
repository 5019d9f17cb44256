"""Charts as accessible SVG markup, made from plain numbers on the server.

Each chart is an <svg role="img"> named by its <title> and described in full by its <desc>; every bar
segment carries a text label (R 2, A 1, ...) and a pattern, so colour is never the only cue; each line has
its own dash pattern, marker shape and a direct label. The page shows the same numbers in a table beside
the chart: nothing is only in the chart. No scripts, no inline styles (the CSP allows neither).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

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
