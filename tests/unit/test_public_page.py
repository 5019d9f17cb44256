"""The public progress page's snapshot and differences (wsoa/public/page.py), from facts built by hand.

The plan below is lopsided on purpose: weakness 1 has two actions (one retired), weakness 2 shares an action with
weakness 1, weakness 3 has none, and there is one area for development; every person has a different name and
every piece of evidence a different review state, so a rule applied to the wrong thing shows.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from wsoa.inspections.key_dates import KeyDate
from wsoa.public.page import (
    SHOW_COMMENTS,
    SHOW_NAMES,
    SHOW_PROGRESS_NOTES,
    ActionFacts,
    Choices,
    CommentFacts,
    EvidenceFacts,
    FindingFacts,
    LatestUpdate,
    PageFacts,
    build_snapshot,
    choice_groups,
    default_choices,
    differences,
    fingerprint,
    group_summary,
    is_empty,
    iso_long_date,
    slug_for,
)

TODAY = date(2026, 1, 15)
W1, W2, W3, D1 = (
    FindingFacts(11, "significant_weakness", 1, "the timeliness of EHC plans"),
    FindingFacts(12, "significant_weakness", 2, "waiting times for therapy"),
    FindingFacts(13, "significant_weakness", 3, "the lack of a strategy"),
    FindingFacts(14, "area_for_development", 4, "information shared between services"),
)
PLANS = ActionFacts(
    id=101,
    reference="1.1",
    title="Clear the backlog of plans",
    status="in_progress",
    finding_ids=(11,),
    rag="amber",
    rag_reason="Recruitment slow",
    start_date=date(2025, 4, 1),
    due_date=date(2025, 12, 1),
    lead="Olu Adebayo",
    partners=("Sam Reed",),
    organisations=("Westmarsh Voices",),
    milestones_done=1,
    milestones_total=3,
    latest_update=LatestUpdate(date(2025, 12, 20), "Two caseworkers recruited", "Train them", 40),
    comments=(CommentFacts(date(2026, 1, 2), "Priya Shah", "Met the forum"),),
    evidence=(
        EvidenceFacts(901, "impact", "Caseload counts", date(2025, 12, 1), "accepted", "caseloads.csv"),
        EvidenceFacts(902, "activity", "Draft rota", date(2025, 11, 1), "awaiting_review", "rota.docx"),
    ),
)
RETIRED = ActionFacts(id=102, reference="1.2", title="Spare", status="retired", finding_ids=(11,))
SHARED = ActionFacts(
    id=103, reference="2.1", title="Joint therapy service", status="not_started", finding_ids=(11, 12), lead="Priya"
)
DEVELOPMENT = ActionFacts(
    id=104, reference="4.1", title="Share health advice", status="complete", finding_ids=(14,), rag="green"
)
FACTS = PageFacts(
    area="Westmarsh",
    framework="2016",
    inspected_from=date(2025, 2, 3),
    inspected_to=date(2025, 2, 7),
    key_dates=(
        KeyDate("wsoa_deadline", "Written statement of action due", date(2025, 6, 20), True, "Set by a manager."),
        KeyDate("revisit", "Revisit expected", date(2026, 12, 20), False, "An estimate."),
    ),
    findings=(W1, W2, W3, D1),
    actions=(PLANS, RETIRED, SHARED, DEVELOPMENT),
)
EVERYTHING = Choices(
    finding_ids=frozenset({11, 12, 13, 14}),
    action_ids=frozenset({101, 102, 103, 104}),
    evidence_ids=frozenset({901, 902}),
)


def snapshot(choices: Choices = EVERYTHING, facts: PageFacts = FACTS, on: date = TODAY) -> dict:
    return build_snapshot(facts, choices, on)


def findings_in(shot: dict) -> dict[str, dict]:
    return {finding["label"]: finding for group in shot["groups"] for finding in group["findings"]}


def references_under(shot: dict, label: str) -> list[str]:
    return [action["reference"] for action in findings_in(shot)[label]["actions"]]


def action_in(shot: dict, reference: str) -> dict:
    for finding in findings_in(shot).values():
        for action in finding["actions"]:
            if action["reference"] == reference:
                return action
    raise KeyError(reference)


# -- What goes in -------------------------------------------------------------------------------------------


def test_only_the_chosen_findings_are_published_weaknesses_before_areas_for_development():
    shot = snapshot(replace(EVERYTHING, finding_ids=frozenset({14, 12})))
    assert [(group["title"], [f["label"] for f in group["findings"]]) for group in shot["groups"]] == [
        ("Areas of significant weakness", ["Weakness 2"]),
        ("Areas for development", ["Area for development 4"]),
    ]
    assert [group["judged"] for group in shot["groups"]] == [True, False]


def test_a_summary_replaces_the_finding_text_and_a_blank_one_falls_back_to_it_capitalised():
    shot = snapshot(replace(EVERYTHING, summaries={11: "Plans take too long.", 12: "   "}))
    assert findings_in(shot)["Weakness 1"]["summary"] == "Plans take too long."
    assert findings_in(shot)["Weakness 2"]["summary"] == "Waiting times for therapy"


def test_a_retired_action_is_never_published_even_when_chosen():
    assert references_under(snapshot(), "Weakness 1") == ["1.1", "2.1"]


def test_an_action_not_chosen_is_left_out_even_under_a_chosen_finding():
    shot = snapshot(replace(EVERYTHING, action_ids=frozenset({103})))
    assert references_under(shot, "Weakness 1") == ["2.1"]
    assert references_under(shot, "Area for development 4") == []


def test_an_action_answering_two_chosen_findings_appears_under_each():
    shot = snapshot()
    assert "2.1" in references_under(shot, "Weakness 1") and "2.1" in references_under(shot, "Weakness 2")
    assert references_under(shot, "Weakness 3") == []


def test_evidence_is_published_only_when_chosen_and_accepted():
    assert [item["id"] for item in action_in(snapshot(), "1.1")["evidence"]] == [901]
    assert action_in(snapshot(replace(EVERYTHING, evidence_ids=frozenset({902}))), "1.1")["evidence"] == []


def test_progress_and_rating_are_published_in_words():
    action = action_in(snapshot(), "1.1")
    assert (action["status_words"], action["rag_words"], action["percent_complete"]) == (
        "In progress",
        "Amber: at risk",
        40,
    )
    assert (action["milestones_done"], action["milestones_total"], action["due"]) == (1, 3, "2025-12-01")
    assert action_in(snapshot(), "2.1")["rag_words"] == "Not rated yet"
    assert action_in(snapshot(), "4.1")["rag_words"] == "Green: on track"


def test_by_default_an_action_is_published_as_exactly_this_and_nothing_about_people():
    assert action_in(snapshot(), "1.1") == {
        "reference": "1.1",
        "title": "Clear the backlog of plans",
        "status": "in_progress",
        "status_words": "In progress",
        "rag": "amber",
        "rag_words": "Amber: at risk",
        "start": "2025-04-01",
        "due": "2025-12-01",
        "percent_complete": 40,
        "milestones_done": 1,
        "milestones_total": 3,
        "organisations": ["Westmarsh Voices"],
        "evidence": [
            {
                "id": 901,
                "kind": "impact",
                "description": "Caseload counts",
                "as_at": "2025-12-01",
                "file_name": "caseloads.csv",
                "link": None,
            }
        ],
    }


def test_the_snapshot_says_whose_page_it_is_the_inspection_and_the_day_it_was_published():
    shot = snapshot()
    assert {key: value for key, value in shot.items() if key not in ("groups", "key_dates")} == {
        "format": 1,
        "area": "Westmarsh",
        "framework": "2016",
        "inspected": {"from": "2025-02-03", "to": "2025-02-07"},
        "updated_on": "2026-01-15",
        "shown": [],
    }


def test_a_status_or_rating_without_words_in_the_vocabulary_is_published_as_it_is():
    odd = replace(PLANS, status="paused", rag="blue")
    action = action_in(snapshot(facts=replace(FACTS, actions=(odd,))), "1.1")
    assert (action["status_words"], action["rag_words"]) == ("paused", "blue")


def test_key_dates_keep_their_working():
    assert snapshot()["key_dates"][1] == {
        "name": "Revisit expected",
        "when": "2026-12-20",
        "explanation": "An estimate.",
    }


# -- What stays out unless chosen ---------------------------------------------------------------------------


@pytest.mark.parametrize("shown", [frozenset(), frozenset({SHOW_PROGRESS_NOTES, SHOW_COMMENTS})])
def test_no_persons_name_is_published_unless_names_are_chosen(shown):
    text = json.dumps(snapshot(replace(EVERYTHING, shown=shown)))
    for name in ("Olu Adebayo", "Sam Reed", "Priya"):
        assert name not in text


def test_chosen_names_show_each_actions_lead_and_partners():
    action = action_in(snapshot(replace(EVERYTHING, shown=frozenset({SHOW_NAMES}))), "1.1")
    assert (action["lead"], action["partners"]) == ("Olu Adebayo", ["Sam Reed"])
    assert "comments" not in action and "rag_reason" not in action


def test_progress_notes_and_the_reason_for_the_rating_only_when_chosen():
    assert "Recruitment slow" not in json.dumps(snapshot())
    action = action_in(snapshot(replace(EVERYTHING, shown=frozenset({SHOW_PROGRESS_NOTES}))), "1.1")
    assert action["rag_reason"] == "Recruitment slow"
    assert action["latest_update"] == {
        "on": "2025-12-20",
        "done": "Two caseworkers recruited",
        "next_steps": "Train them",
    }


def test_comments_only_when_chosen_and_their_authors_only_with_names():
    assert "Met the forum" not in json.dumps(snapshot())
    alone = action_in(snapshot(replace(EVERYTHING, shown=frozenset({SHOW_COMMENTS}))), "1.1")
    assert alone["comments"] == [{"on": "2026-01-02", "body": "Met the forum"}]
    named = action_in(snapshot(replace(EVERYTHING, shown=frozenset({SHOW_COMMENTS, SHOW_NAMES}))), "1.1")
    assert named["comments"][0]["author"] == "Priya Shah"


def test_partner_organisations_are_not_people_and_are_shown():
    assert action_in(snapshot(), "1.1")["organisations"] == ["Westmarsh Voices"]


# -- Choices ------------------------------------------------------------------------------------------------


def test_the_default_choice_is_every_weakness_and_its_open_actions_and_nothing_more():
    assert default_choices(FACTS) == Choices(finding_ids=frozenset({11, 12, 13}), action_ids=frozenset({101, 103}))


def test_choices_survive_the_database_and_forget_kinds_of_detail_they_do_not_know():
    choices = replace(EVERYTHING, summaries={12: "Therapy waits"}, shown=frozenset({SHOW_NAMES}))
    assert Choices.from_record(json.loads(json.dumps(choices.to_record()))) == choices
    assert Choices.from_record({"shown": ["names", "home_addresses"]}).shown == frozenset({SHOW_NAMES})
    assert Choices.from_record({"findings": [11]}) == Choices(finding_ids=frozenset({11}))  # older records


def test_nothing_chosen_is_empty_and_so_is_a_snapshot_of_it():
    assert Choices(action_ids=frozenset({101})).is_empty
    assert is_empty(snapshot(Choices(action_ids=frozenset({101}))))
    assert not is_empty(snapshot(Choices(finding_ids=frozenset({13}))))


def test_the_choices_form_offers_each_open_action_once_under_the_first_finding_it_answers():
    published = snapshot(replace(EVERYTHING, action_ids=frozenset({101})))
    groups = choice_groups(FACTS, published)
    offered = {
        entry.finding.label: [(action.reference, words) for action, words in entry.actions]
        for group in groups
        for entry in group.entries
    }
    assert offered == {
        "Weakness 1": [
            ("1.1", "In progress"),
            ("2.1", "Not started; also answers Weakness 2; not on the published page"),
        ],
        "Weakness 2": [],
        "Weakness 3": [],
        "Area for development 4": [("4.1", "Complete; not on the published page")],
    }
    assert [(group.title, group.judged, [entry.finding.label for entry in group.entries]) for group in groups] == [
        ("Areas of significant weakness", True, ["Weakness 1", "Weakness 2", "Weakness 3"]),
        ("Areas for development", False, ["Area for development 4"]),
    ]


def test_the_choices_form_names_every_other_finding_an_action_answers_and_a_status_without_words_as_it_is():
    everywhere = replace(SHARED, status="paused", finding_ids=(11, 12, 14))
    [entry, *_] = choice_groups(replace(FACTS, actions=(everywhere,)), None)[0].entries
    assert [(action.reference, words) for action, words in entry.actions] == [
        ("2.1", "paused; also answers Weakness 2, Area for development 4")
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Westmarsh", "westmarsh"),
        ("Bath and North East Somerset", "bath-and-north-east-somerset"),
        ("Brighton & Hove", "brighton-and-hove"),
        ("St. Helens", "st-helens"),
        ("Ynys Môn", "ynys-mon"),
        ("!!!", "area"),
        ("(Westmarsh)", "westmarsh"),
        ("a" * 99 + " " + "b" * 10, "a" * 99),  # cut to 100 characters, then no hyphen left at the end
    ],
)
def test_an_areas_address_is_readable(name, slug):
    assert slug_for(name) == slug


# -- Reading a snapshot -------------------------------------------------------------------------------------


def test_each_section_says_in_a_sentence_what_it_shows():
    weaknesses, development = snapshot()["groups"]
    assert group_summary(weaknesses) == (
        "3 significant weaknesses are shown here, with 2 actions: 1 not started and 1 in progress."
    )
    assert group_summary(development) == "1 area for development is shown here, with 1 action: 1 complete."
    lonely = snapshot(Choices(finding_ids=frozenset({13})))["groups"][0]
    assert group_summary(lonely) == "1 significant weakness is shown here, with no actions yet."


def test_a_sections_sentence_counts_each_status_in_the_vocabularys_order():
    more = (
        replace(PLANS, id=105, reference="3.1", finding_ids=(13,)),
        replace(DEVELOPMENT, id=106, reference="3.2", finding_ids=(13,)),
    )
    facts = replace(FACTS, actions=FACTS.actions + more)
    shot = snapshot(replace(EVERYTHING, action_ids=EVERYTHING.action_ids | {105, 106}), facts)
    assert group_summary(shot["groups"][0]) == (
        "3 significant weaknesses are shown here, with 4 actions: 1 not started, 2 in progress and 1 complete."
    )


def test_a_section_of_a_kind_without_its_own_words_counts_findings():
    finding = {"label": "Finding 1", "summary": "", "actions": []}
    assert group_summary({"kind": "other", "findings": [finding]}) == "1 finding is shown here, with no actions yet."
    assert group_summary({"kind": "other", "findings": [finding, finding]}).startswith("2 findings are shown here")


def test_dates_in_a_snapshot_read_as_the_pages_write_them():
    assert iso_long_date("2019-11-04") == "4 November 2019"
    assert iso_long_date(None) == "Not known"


# -- Differences --------------------------------------------------------------------------------------------


def test_with_nothing_published_everything_is_new():
    changes = differences(None, snapshot(Choices(finding_ids=frozenset({13, 14}), action_ids=frozenset({104}))))
    assert changes == [
        "Key date added: Written statement of action due, 20 June 2025",
        "Key date added: Revisit expected, 20 December 2026",
        "Weakness 3 added: ‘The lack of a strategy’",
        "Area for development 4 added: ‘Information shared between services’",
        "Action 4.1 ‘Share health advice’ added (complete, Green: on track)",
    ]


def test_a_later_day_with_nothing_else_changed_is_no_difference():
    assert differences(snapshot(on=date(2025, 12, 1)), snapshot()) == []
    assert fingerprint(snapshot(on=date(2025, 12, 1))) == fingerprint(snapshot())


def test_the_fingerprint_does_not_depend_on_the_order_of_keys_which_the_database_does_not_keep():
    shot = snapshot()
    assert fingerprint(dict(reversed(shot.items()))) == fingerprint(shot)


def test_with_notes_and_comments_shown_and_nothing_changed_there_is_no_difference():
    both = replace(EVERYTHING, shown=frozenset({SHOW_PROGRESS_NOTES, SHOW_COMMENTS}))
    assert differences(snapshot(both), snapshot(both)) == []


def test_a_newer_progress_note_and_another_comment_are_told_when_they_are_shown():
    both = replace(EVERYTHING, shown=frozenset({SHOW_PROGRESS_NOTES, SHOW_COMMENTS}))
    later = replace(
        PLANS,
        latest_update=LatestUpdate(date(2026, 1, 10), "Three caseworkers recruited", "Train them", 40),
        comments=(*PLANS.comments, CommentFacts(date(2026, 1, 12), "Sam Reed", "Forum asked for dates")),
    )
    changed = replace(FACTS, actions=(later, RETIRED, SHARED, DEVELOPMENT))
    assert differences(snapshot(both), snapshot(both, changed)) == [
        "Action 1.1 ‘Clear the backlog of plans’: a newer progress note",
        "Action 1.1 ‘Clear the backlog of plans’: 2 comments instead of 1",
    ]


def test_starting_or_stopping_to_show_notes_and_comments_is_told_once_not_action_by_action():
    both = replace(EVERYTHING, shown=frozenset({SHOW_PROGRESS_NOTES, SHOW_COMMENTS}))
    assert differences(snapshot(), snapshot(both)) == [
        "Now shown: the discussion on each action",
        "Now shown: each action's latest progress note and the reason for its rating",
    ]
    assert differences(snapshot(both), snapshot()) == [
        "No longer shown: the discussion on each action",
        "No longer shown: each action's latest progress note and the reason for its rating",
    ]


def test_a_renamed_area_and_a_key_date_explained_differently_are_told():
    renamed = replace(FACTS, area="West Marsh", key_dates=(
        FACTS.key_dates[0], replace(FACTS.key_dates[1], explanation="Ofsted gave notice.")
    ))
    assert differences(snapshot(), snapshot(facts=renamed)) == [
        "The area's name changed from Westmarsh to West Marsh",
        "Key date explained differently: Revisit expected",
    ]


def test_a_date_taken_away_is_told_as_no_date():
    undated = replace(FACTS, actions=(replace(PLANS, due_date=None), RETIRED, SHARED, DEVELOPMENT))
    assert differences(snapshot(), snapshot(facts=undated)) == [
        "Action 1.1 ‘Clear the backlog of plans’: due date changed from 1 December 2025 to no date"
    ]


def test_each_change_to_an_action_is_told_from_old_to_new():
    later = replace(PLANS, rag="red", status="complete", due_date=date(2026, 2, 1), milestones_done=3)
    changed = replace(FACTS, actions=(later, RETIRED, SHARED, DEVELOPMENT))
    assert differences(snapshot(), snapshot(facts=changed)) == [
        "Action 1.1 ‘Clear the backlog of plans’: progress changed from In progress to Complete",
        "Action 1.1 ‘Clear the backlog of plans’: rating changed from Amber: at risk to Red: off track",
        "Action 1.1 ‘Clear the backlog of plans’: due date changed from 1 December 2025 to 1 February 2026",
        "Action 1.1 ‘Clear the backlog of plans’: milestones done changed from 1 to 3",
    ]
    assert fingerprint(snapshot()) != fingerprint(snapshot(facts=changed))


def test_findings_and_actions_taken_off_and_summaries_rewritten_are_told():
    fewer = replace(EVERYTHING, finding_ids=frozenset({11, 13, 14}), summaries={13: "No plan for the area yet."})
    assert differences(snapshot(), snapshot(fewer)) == [
        "Weakness 3: summary changed to ‘No plan for the area yet.’",
        "Weakness 2 removed",
    ]
    gone = replace(EVERYTHING, action_ids=frozenset({101, 103}))
    assert differences(snapshot(), snapshot(gone)) == ["Action 4.1 ‘Share health advice’ removed"]


def test_showing_names_or_not_is_told_once_not_action_by_action():
    named = replace(EVERYTHING, shown=frozenset({SHOW_NAMES}))
    assert differences(snapshot(), snapshot(named)) == [
        "Now shown: the names of the people who lead and partner on each action"
    ]
    assert differences(snapshot(named), snapshot()) == [
        "No longer shown: the names of the people who lead and partner on each action"
    ]


def test_key_dates_moved_and_evidence_added_are_told():
    moved = replace(FACTS, key_dates=(FACTS.key_dates[0], replace(FACTS.key_dates[1], when=date(2026, 9, 1))))
    fewer_files = replace(EVERYTHING, evidence_ids=frozenset())
    assert differences(snapshot(fewer_files), snapshot(facts=moved)) == [
        "Key date changed: Revisit expected, from 20 December 2026 to 1 September 2026",
        "Action 1.1 ‘Clear the backlog of plans’: evidence added, ‘Caseload counts’",
    ]


# Long text is cut in the differences: summaries after 80 characters, action titles and evidence after 60.
EIGHTY = "Families wait too long for a plan, and too few plans are issued within 20 weeks."
MINUTES = "Minutes of the joint commissioning group that agreed the new EHC panel"  # 70 characters


def test_a_summary_of_80_characters_is_quoted_whole_and_a_longer_one_is_cut():
    assert differences(snapshot(), snapshot(replace(EVERYTHING, summaries={13: EIGHTY}))) == [
        f"Weakness 3: summary changed to ‘{EIGHTY}’"
    ]
    longer = replace(EVERYTHING, summaries={13: EIGHTY + " Most wait 30."})
    assert differences(snapshot(), snapshot(longer)) == [
        "Weakness 3: summary changed to "
        "‘Families wait too long for a plan, and too few plans are issued within 20 weeks…’"
    ]


def test_long_action_titles_and_evidence_are_cut_after_60_characters_in_the_differences():
    def with_evidence(item: EvidenceFacts) -> PageFacts:
        return replace(FACTS, actions=(replace(PLANS, title=MINUTES, evidence=(item,)), RETIRED, SHARED, DEVELOPMENT))

    old = EvidenceFacts(905, "activity", MINUTES, date(2025, 11, 1), "accepted")
    new = EvidenceFacts(906, "activity", "Signed m" + MINUTES[1:], date(2025, 12, 1), "accepted")
    chosen = replace(EVERYTHING, evidence_ids=frozenset({905, 906}))
    assert differences(snapshot(chosen, with_evidence(old)), snapshot(chosen, with_evidence(new))) == [
        "Action 1.1 ‘Minutes of the joint commissioning group that agreed the ne…’: evidence added, "
        "‘Signed minutes of the joint commissioning group that agreed…’",
        "Action 1.1 ‘Minutes of the joint commissioning group that agreed the ne…’: evidence removed, "
        "‘Minutes of the joint commissioning group that agreed the ne…’",
    ]
