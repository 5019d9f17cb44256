from dataclasses import dataclass

from wsoa.inspections.grouping import group_findings


@dataclass
class F:
    kind: str
    section: str | None
    text: str = ""


def test_weaknesses_come_before_development_areas_before_main_findings_before_strengths():
    groups = group_findings([F("strength", "meeting"), F("main_finding", None),
                             F("area_for_development", "meeting"), F("significant_weakness", None)])
    assert [g.kind for g in groups] == ["significant_weakness", "area_for_development", "main_finding", "strength"]


def test_the_three_2016_sections_keep_the_letters_order_whatever_order_they_arrive_in():
    groups = group_findings([F("strength", "improving"), F("strength", "identifying"), F("strength", "meeting")])
    assert [g.section_title for g in groups] == ["Identifying needs", "Meeting needs", "Improving outcomes"]


def test_findings_keep_their_order_within_a_group():
    first, second = F("area_for_development", "meeting", "one"), F("area_for_development", "meeting", "two")
    assert group_findings([first, second])[0].findings == [first, second]


def test_2023_narrative_sections_keep_the_order_they_first_appear_in():
    groups = group_findings([F("narrative", "What is it like"), F("narrative", "What is effective"),
                             F("priority_action", None)])
    assert [(g.kind, g.section) for g in groups] == [
        ("priority_action", None), ("narrative", "What is it like"), ("narrative", "What is effective")]
