"""The charts' SVG: accessible names, full descriptions, text labels, and nothing unescaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from wsoa.dashboard.charts import MeasureSeries, ProgressPoint, RagBar, completion_svg, measure_svg, rag_by_weakness_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)  # noqa: S314 - our own markup; also proves it is well-formed XML


def test_rag_chart_is_a_named_image_with_the_numbers_in_words_and_on_the_bars():
    root = parse(rag_by_weakness_svg([RagBar("Weakness 1", 2, 1, 3, 0), RagBar("Weakness <2>", 0, 0, 0, 4)]))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "rag-chart-title rag-chart-desc"
    assert root.find(f"{SVG}title").text == "RAG rating of actions by finding"
    desc = root.find(f"{SVG}desc").text
    assert "Weakness 1: 2 red, 1 amber, 3 green, 0 not rated (6 actions)." in desc
    assert "Weakness <2>: 0 red, 0 amber, 0 green, 4 not rated (4 actions)." in desc
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"R 2", "A 1", "G 3", "– 4"} <= set(texts)  # letters as well as colours
    assert "R = Red: off track" in texts and "6 total" in texts
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert "url(#rag-chart-hatch)" in fills and "url(#rag-chart-dots)" in fills


def test_rag_chart_with_nothing_to_show():
    root = parse(rag_by_weakness_svg([]))
    assert root.find(f"{SVG}desc").text == "There are no actions to show."


def test_completion_chart_lines_are_told_apart_without_colour():
    points = [ProgressPoint(date(2025, 7, 31), 0, 1), ProgressPoint(date(2025, 8, 31), 2, 1),
              ProgressPoint(date(2025, 9, 30), 4, 3)]
    root = parse(completion_svg(points, chart_id="c"))
    assert root.get("aria-labelledby") == "c-title c-desc"
    desc = root.find(f"{SVG}desc").text
    assert "By the end of Sep 2025, 4 actions were due under the plan and 3 were complete." in desc
    assert "Aug 2025: 2 due, 1 complete." in desc
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2 and lines[0].get("stroke-dasharray") and not lines[1].get("stroke-dasharray")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Planned: 4" in texts and "Completed: 3" in texts
    assert len(list(root.iter(f"{SVG}circle"))) >= 3  # completed points are circles; planned are squares


def test_completion_chart_empty():
    root = parse(completion_svg([]))
    assert root.find(f"{SVG}desc").text == "No action has a due date or has been completed yet."


def points_of(root: ET.Element) -> list[ET.Element]:
    """The values' circles (each named by a title), not the legend's."""
    return [circle for circle in root.iter(f"{SVG}circle") if circle.find(f"{SVG}title") is not None]


def test_measure_chart_names_every_value_with_the_baseline_and_target_in_words():
    series = MeasureSeries(
        points=[(date(2025, 12, 31), 55.0), (date(2025, 10, 31), 47.0)],  # given in any order
        baseline=45.0,
        target=60.0,
        unit="%",
        better_words="Higher is better",
    )
    root = parse(measure_svg(series, chart_id="m", title="Plans on time <EHC>"))
    assert root.get("role") == "img" and root.get("aria-labelledby") == "m-title m-desc"
    assert root.find(f"{SVG}title").text == "Plans on time <EHC>"
    assert root.find(f"{SVG}desc").text == (
        "Baseline 45%, target 60%; higher is better. 2 values from 31 October 2025 to 31 December 2025: "
        "31 October 2025: 47%; 31 December 2025: 55%."
    )
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert {"Baseline: 45%", "Target: 60%", "Latest: 55%"} <= set(texts)
    assert {"31 Oct 2025", "31 Dec 2025"} <= set(texts)
    dashes = {line.get("stroke-dasharray") for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "3"}
    assert {"2 4", "10 5"} <= dashes  # baseline dotted, target dashed: told apart without colour
    [line] = root.iter(f"{SVG}polyline")
    xs = [float(point.split(",")[0]) for point in line.get("points").split()]
    assert xs == sorted(xs)  # oldest on the left
    assert [c.find(f"{SVG}title").text for c in points_of(root)] == ["31 October 2025: 47%", "31 December 2025: 55%"]


def test_measure_chart_spaces_values_by_date_and_labels_only_dates_with_room():
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3), date(2026, 6, 30)]
    root = parse(measure_svg(MeasureSeries([(day, 10.0) for day in days], None, None)))
    xs = [float(c.get("cx")) for c in points_of(root)]
    assert xs[1] - xs[0] < 5 and xs[3] - xs[2] > 300  # a day apart, then six months
    labels = [t.text for t in root.iter(f"{SVG}text") if t.text and t.text[0].isdigit() and "20" in t.text[-4:]]
    assert labels == ["1 Jan 2026", "30 Jun 2026"]


def test_measure_chart_with_no_values_yet_still_shows_baseline_and_target():
    root = parse(measure_svg(MeasureSeries([], 120.0, 90.0, "days", "Lower is better")))
    assert root.find(f"{SVG}desc").text == (
        "Baseline 120 days, target 90 days; lower is better. No values recorded yet."
    )
    assert points_of(root) == []
    assert {"Baseline: 120 days", "Target: 90 days"} <= {t.text for t in root.iter(f"{SVG}text")}
