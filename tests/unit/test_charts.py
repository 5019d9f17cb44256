"""The charts' SVG: accessible names, full descriptions, text labels, and nothing unescaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from wsoa.dashboard.charts import ProgressPoint, RagBar, completion_svg, rag_by_weakness_svg

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
