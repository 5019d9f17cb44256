"""Plain-English presentation of dates and inspection facts, shared by pages and exports."""

from __future__ import annotations

from datetime import date

from .vocabulary import DIRECTION_NAMES

OUTCOME_LABELS = {
    1: "Typically positive experiences and outcomes",
    2: "Inconsistent experiences and outcomes",
    3: "Widespread and/or systemic failings",
}

FRAMEWORK_NAMES = {
    "2016": "Joint local area SEND inspection (2016 framework)",
    "2023": "Area SEND inspection (2023 framework)",
}


def long_date(value: date | None) -> str:
    """GOV.UK style: 4 November 2019."""
    if value is None:
        return "Not known"
    return f"{value.day} {value:%B %Y}"


def long_date_range(start: date | None, end: date | None) -> str:
    if start is None or end is None:
        return long_date(start or end)
    if start == end:
        return long_date(start)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {long_date(end)}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {long_date(end)}"
    return f"{long_date(start)} to {long_date(end)}"


def framework_name(framework: str) -> str:
    return FRAMEWORK_NAMES.get(framework, framework)


def outcome_summary(framework: str, wsoa_required: bool, outcome: int | None) -> str:
    if framework == "2023":
        if outcome in OUTCOME_LABELS:
            return f"Outcome {outcome}: {OUTCOME_LABELS[outcome].lower()}"
        return "Outcome not known"
    return "Written statement of action required" if wsoa_required else "No written statement of action"


def months_phrase(months: int | None) -> str:
    if months is None:
        return "Not stated"
    if months % 12 == 0:
        years = months // 12
        return f"Within about {years} year{'s' if years != 1 else ''}"
    return f"Within {months} months"


def in_context(source_text: str, start: int, end: int, margin: int = 300) -> tuple[str, str, str]:
    """Text before, the finding itself, and text after, trimmed to whole words at the edges."""
    start = max(0, min(start, len(source_text)))
    end = max(start, min(end, len(source_text)))
    before = source_text[max(0, start - margin) : start]
    after = source_text[end : end + margin]
    if start - margin > 0 and " " in before:
        before = "…" + before.split(" ", 1)[1]
    if end + margin < len(source_text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "…"
    return before, source_text[start:end], after


def number_text(value: float) -> str:
    """A measured value as people write it: 1,234 or 62.5, never 62.50000001 or 60.0."""
    rounded = round(value, 2)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.2f}".rstrip("0")


def measure_text(value: float | None, unit: str = "") -> str:
    """A value with its unit: 62.5% or 14 days ("%" sits against the number, other units after a space)."""
    if value is None:
        return "Not set"
    number = number_text(value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def register_filters(app) -> None:
    app.add_template_filter(measure_text)
    app.add_template_global(DIRECTION_NAMES, "direction_names")
    app.add_template_filter(long_date)
    app.add_template_filter(long_date_range)
    app.add_template_filter(framework_name)
    app.add_template_filter(months_phrase)
    app.add_template_global(outcome_summary)
    app.add_template_global(in_context)


def highlighted_segments(source_text: str, spans: list[tuple[int, int]]) -> list[tuple[str, int | None]]:
    """Split the text into (piece, finding number or None) so each finding's span can be marked.

    Spans are taken in order; one that overlaps the previous is trimmed rather than dropped.
    """
    segments: list[tuple[str, int | None]] = []
    position = 0
    for number, (start, end) in enumerate(spans, start=1):
        start, end = max(start, position), min(end, len(source_text))
        if start >= end:
            continue
        if start > position:
            segments.append((source_text[position:start], None))
        segments.append((source_text[start:end], number))
        position = end
    if position < len(source_text):
        segments.append((source_text[position:], None))
    return segments
