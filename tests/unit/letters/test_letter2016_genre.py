"""The 2016 letter reader on small synthetic letters: one quirk of the genre per test."""

from __future__ import annotations

import re
from datetime import date

import pytest

from wsoa.letters.letter2016 import read_letter_2016
from wsoa.letters.model import (
    AREA_FOR_DEVELOPMENT,
    MAIN_FINDING,
    SECTION_IDENTIFYING,
    SECTION_IMPROVING,
    SECTION_MEETING,
    SIGNIFICANT_WEAKNESS,
    STRENGTH,
    Letter,
    LetterError,
    normalise_whitespace,
)

SECTION_HEADINGS = {
    SECTION_IDENTIFYING: "The effectiveness of the local area in identifying children and young people's "
    "special educational needs and/or disabilities",
    SECTION_MEETING: "The effectiveness of the local area in meeting the needs of children and young people "
    "with special educational needs and/or disabilities",
    SECTION_IMPROVING: "The effectiveness of the local area in improving outcomes for children and young "
    "people with special educational needs and/or disabilities",
}
PAGE_BREAK = "\n\n\n\n\n\n"
WSOA_OPENING = (
    "As a result of the findings of this inspection, Her Majesty's Chief Inspector (HMCI) has determined "
    "that a Written Statement of Action is required because of significant areas of weakness in the local "
    "area's practice."
)
WSOA_CLOSING = (
    "The inspection raises significant concerns about the effectiveness of the local area.\n\n"
    "The local area is required to produce and submit a Written Statement of Action to Ofsted that explains "
    "how the local area will tackle the following areas of significant weakness:\n\n"
    "- Urgently improve the quality of EHC plans.\n"
    "- Evaluate the impact of the reforms."
)
_BULLET_AT_LINE_START = re.compile(
    r"^[ \t\u00a0]*(?:[-\u2013*o\u00b7](?=\s)|[\u2022\u25a0-\u25ff\uf0b7])", re.M
)


def strip_bullets(text: str) -> str:
    """Drop the bullet glyph at the start of each line, as a reader of the page would."""
    return _BULLET_AT_LINE_START.sub("", text)


def bullets(*items: str, glyph: str = "-") -> str:
    return "\n".join(f"{glyph} {item}" for item in items)


def make_letter(
    *,
    letter_date: str | None = "17 December 2019",
    title: str | None = "Joint local area SEND inspection in Wandsworth",
    dates: str = "Between 4 November 2019 and 8 November 2019",
    opening_area: str = "Wandsworth",
    opening_extra: str | None = None,
    main_heading: str | None = "Main findings",
    main: str | None = None,
    strengths_heading: str = "Strengths",
    areas_heading: str = "Areas for development",
    strengths: dict[str, str] | None = None,
    areas: dict[str, str] | None = None,
    sections: tuple[str, ...] = tuple(SECTION_HEADINGS),
    after_lists: str | None = None,
    newline: str = "\n",
) -> str:
    """A short letter in the published layout; every part can be replaced or left out (None)."""
    strengths = strengths or {}
    areas = areas or {}
    parts = [
        "Ofsted\nAgora\n6 Cumberland Place\nNottingham\nNG1 6HJ\n\nT 0300 123 1231\nenquiries@ofsted.gov.uk",
        letter_date,
        "Ms A Person\nDirector of Children's Services\nTown Hall",
        "Dear Ms Person",
        title,
        f"{dates}, Ofsted and the Care Quality Commission (CQC) conducted a joint inspection of the local "
        f"area of {opening_area} to judge the effectiveness of the area in implementing the reforms.",
        opening_extra,
        "This letter outlines our findings from the inspection.",
        main_heading,
        main if main is not None else bullets("Leaders are ambitious.", "Waiting times are too long."),
    ]
    for section in sections:
        parts += [
            SECTION_HEADINGS[section],
            strengths_heading,
            strengths.get(section, bullets(f"Strength one in {section}.", f"Strength two in {section}.")),
            areas_heading,
            areas.get(section, bullets(f"Area one in {section}.", f"Area two in {section}.")),
        ]
    parts += [
        after_lists,
        "Yours sincerely",
        "A Inspector\nHer Majesty's Inspector",
        "Cc: Department for Education",
    ]
    return "\n\n".join(part for part in parts if part is not None).replace("\n", newline)


def texts_of(letter: Letter, kind: str, section: str | None = None) -> list[str]:
    return [f.text for f in letter.findings if f.kind == kind and (section is None or f.section == section)]


def areas_in(letter: Letter, section: str = SECTION_IDENTIFYING) -> list[str]:
    return texts_of(letter, AREA_FOR_DEVELOPMENT, section)


def read_with_identifying_areas(block: str) -> Letter:
    return read_letter_2016(make_letter(areas={SECTION_IDENTIFYING: block}))


# --- Who, when and whether ------------------------------------------------------


def test_a_plain_letter_reads_without_warnings():
    letter = read_letter_2016(make_letter())
    assert letter.framework == "2016"
    assert letter.local_area == "Wandsworth"
    assert (letter.letter_date, letter.inspection_start, letter.inspection_end) == (
        date(2019, 12, 17),
        date(2019, 11, 4),
        date(2019, 11, 8),
    )
    assert letter.wsoa_required is False
    assert letter.warnings == ()


@pytest.mark.parametrize(
    ("title", "area"),
    [
        ("Joint local area SEND inspection in Wandsworth", "Wandsworth"),
        ("Joint area SEND inspection in Islington", "Islington"),
        ("Joint local area SEND inspection in City of London", "City of London"),
        (
            "Joint local area special educational needs and/or disabilities (SEND) inspection in "
            "Bath and North East Somerset",
            "Bath and North East Somerset",
        ),
        ("JOINT LOCAL AREA SEND INSPECTION IN HARROW", "HARROW"),
    ],
)
def test_the_local_area_comes_from_the_title_line(title, area):
    assert read_letter_2016(make_letter(title=title, opening_area="somewhere else")).local_area == area


def test_a_title_wrapped_onto_two_lines_still_names_the_area():
    letter = read_letter_2016(
        make_letter(title="Joint local area SEND inspection in Bath and North East\nSomerset")
    )
    assert letter.local_area == "Bath and North East Somerset"


def test_without_a_title_the_local_area_comes_from_the_opening_paragraph():
    assert read_letter_2016(make_letter(title=None, opening_area="Harrow")).local_area == "Harrow"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("17 December 2019", date(2019, 12, 17)),
        ("17th December 2019", date(2019, 12, 17)),
        ("1st Sept 2020", date(2020, 9, 1)),
        ("3 Sept. 2020", date(2020, 9, 3)),
        ("22 Jul 2019", date(2019, 7, 22)),
        ("December 17, 2019", date(2019, 12, 17)),
        ("  17\u00a0December\t2019  ", date(2019, 12, 17)),
    ],
)
def test_the_letter_date_is_the_first_line_holding_only_a_date(line, expected):
    assert read_letter_2016(make_letter(letter_date=line)).letter_date == expected


def test_a_letter_date_inside_the_letterhead_line_is_found():
    letter = read_letter_2016(make_letter(letter_date="Ofsted Agora Nottingham NG1 6HJ 17 December 2019"))
    assert letter.letter_date == date(2019, 12, 17)


def test_a_missing_letter_date_is_none_with_a_warning():
    letter = read_letter_2016(make_letter(letter_date=None))
    assert letter.letter_date is None
    assert letter.warnings == ("No letter date was found.",)


@pytest.mark.parametrize(
    ("sentence", "start", "end"),
    [
        ("Between 4 November 2019 and 8 November 2019", date(2019, 11, 4), date(2019, 11, 8)),
        ("Between 4 and 8 November 2019", date(2019, 11, 4), date(2019, 11, 8)),
        ("From 4 to 8 November 2019", date(2019, 11, 4), date(2019, 11, 8)),
        ("Between 4th and 8th November 2019", date(2019, 11, 4), date(2019, 11, 8)),
        ("Between 30 September and 4 October 2019", date(2019, 9, 30), date(2019, 10, 4)),
        ("Between 30 December and 3 January 2020", date(2019, 12, 30), date(2020, 1, 3)),
        ("Between 30 December 2019 and 3 January 2020", date(2019, 12, 30), date(2020, 1, 3)),
        ("Between 4\u20138 November 2019", date(2019, 11, 4), date(2019, 11, 8)),
        ("Between 4 November 2019 and\n8 November 2019", date(2019, 11, 4), date(2019, 11, 8)),
    ],
)
def test_the_inspection_dates_come_from_the_opening_sentence(sentence, start, end):
    letter = read_letter_2016(make_letter(dates=sentence))
    assert (letter.inspection_start, letter.inspection_end) == (start, end)


def test_a_written_statement_of_action_is_required_when_the_letter_says_so_and_lists_weaknesses():
    letter = read_letter_2016(make_letter(opening_extra=WSOA_OPENING, after_lists=WSOA_CLOSING))
    assert letter.wsoa_required is True
    assert texts_of(letter, SIGNIFICANT_WEAKNESS) == [
        "Urgently improve the quality of EHC plans.",
        "Evaluate the impact of the reforms.",
    ]
    assert {f.section for f in letter.findings_of(SIGNIFICANT_WEAKNESS)} == {None}
    assert letter.warnings == ()


def test_weaknesses_written_as_fragments_without_full_stops_stay_separate_findings():
    fragments = WSOA_CLOSING.split("\n\n- ")[0] + "\n\n" + bullets(
        "the timeliness and quality of EHC plans", "leaders' understanding of the area", "waiting times for therapy."
    )
    letter = read_letter_2016(make_letter(after_lists=fragments))
    assert texts_of(letter, SIGNIFICANT_WEAKNESS) == [
        "the timeliness and quality of EHC plans",
        "leaders' understanding of the area",
        "waiting times for therapy.",
    ]


def test_the_list_of_significant_weaknesses_alone_means_a_written_statement_is_required():
    assert read_letter_2016(make_letter(after_lists=WSOA_CLOSING)).wsoa_required is True


def test_the_concerns_paragraph_ends_the_areas_for_development_without_joining_them():
    letter = read_letter_2016(make_letter(after_lists=WSOA_CLOSING))
    assert areas_in(letter, SECTION_IMPROVING) == ["Area one in improving.", "Area two in improving."]


def test_a_letter_saying_no_written_statement_is_required_does_not_require_one():
    not_required = "HMCI has determined that a Written Statement of Action is not required."
    letter = read_letter_2016(make_letter(opening_extra=not_required))
    assert letter.wsoa_required is False
    assert letter.findings_of(SIGNIFICANT_WEAKNESS) == []


def test_a_negative_elsewhere_in_the_sentence_does_not_cancel_the_requirement():
    required = (
        "HMCI has determined that a Written Statement of Action is required because leaders have not "
        "acted quickly enough."
    )
    letter = read_letter_2016(make_letter(opening_extra=required, after_lists=WSOA_CLOSING))
    assert letter.wsoa_required is True
    assert letter.warnings == ()


def test_a_required_written_statement_without_listed_weaknesses_is_flagged():
    letter = read_letter_2016(make_letter(opening_extra=WSOA_OPENING))
    assert letter.wsoa_required is True
    assert any("no areas of significant weakness were listed" in warning for warning in letter.warnings)


# --- Headings ------------------------------------------------------------------------


@pytest.mark.parametrize("heading", ["Main findings", "Main Findings", "MAIN FINDINGS", "Main findings:"])
def test_main_findings_heading_variants(heading):
    letter = read_letter_2016(make_letter(main_heading=heading))
    assert texts_of(letter, MAIN_FINDING) == ["Leaders are ambitious.", "Waiting times are too long."]


def test_main_findings_have_no_section():
    assert {f.section for f in read_letter_2016(make_letter()).findings_of(MAIN_FINDING)} == {None}


@pytest.mark.parametrize(
    "heading",
    ["Areas for development", "Areas for improvement", "Areas For Development", "AREAS FOR IMPROVEMENT"],
)
def test_areas_for_development_heading_variants(heading):
    letter = read_letter_2016(make_letter(areas_heading=heading))
    assert areas_in(letter, SECTION_MEETING) == ["Area one in meeting.", "Area two in meeting."]


@pytest.mark.parametrize("heading", ["Strengths", "STRENGTHS", "Strengths:"])
def test_strengths_heading_variants(heading):
    letter = read_letter_2016(make_letter(strengths_heading=heading))
    assert texts_of(letter, STRENGTH, SECTION_IMPROVING) == [
        "Strength one in improving.",
        "Strength two in improving.",
    ]


def test_each_section_heading_sets_the_section_of_the_findings_under_it():
    letter = read_letter_2016(make_letter())
    for section in SECTION_HEADINGS:
        assert texts_of(letter, STRENGTH, section) == [
            f"Strength one in {section}.",
            f"Strength two in {section}.",
        ]
        assert areas_in(letter, section) == [f"Area one in {section}.", f"Area two in {section}."]


def test_a_section_heading_with_a_curly_apostrophe_is_recognised():
    curly = make_letter().replace(
        "children and young people's special", "children and young people\u2019s special"
    )
    assert areas_in(read_letter_2016(curly)) == ["Area one in identifying.", "Area two in identifying."]


def test_a_missing_section_is_flagged():
    letter = read_letter_2016(make_letter(sections=(SECTION_IDENTIFYING, SECTION_IMPROVING)))
    assert letter.warnings == ("The section on meeting needs was not found.",)


def test_a_section_without_areas_for_development_is_flagged():
    letter = read_letter_2016(make_letter(areas={SECTION_MEETING: ""}))
    assert letter.warnings == ("No areas for development were found in the section on meeting needs.",)


def test_yours_sincerely_ends_the_last_list():
    letter = read_letter_2016(make_letter())
    assert areas_in(letter, SECTION_IMPROVING)[-1] == "Area two in improving."
    assert not any("Inspector" in f.text or "Department" in f.text for f in letter.findings)


# --- Bullets and page breaks ---------------------------------------------------------------


@pytest.mark.parametrize("glyph", ["-", "\u25a0", "\u2022", "\u25fc", "\u25aa", "*", "o", "\uf0b7", "\u2013"])
def test_each_bullet_glyph_starts_a_finding(glyph):
    letter = read_with_identifying_areas(bullets("First area.", "Second area.", glyph=glyph))
    assert areas_in(letter) == ["First area.", "Second area."]


def test_a_list_mixing_glyphs_is_still_one_list():
    block = "\u25a0 First area.\n- Second area.\n\u2022 Third area."
    assert areas_in(read_with_identifying_areas(block)) == ["First area.", "Second area.", "Third area."]


def test_bullets_under_a_section_heading_without_a_list_heading_are_flagged():
    letter = read_letter_2016(make_letter(strengths_heading=""))
    assert letter.findings_of(STRENGTH) == []
    assert "A bullet point outside any list of findings was not read: 'Strength one in identifying.'." in (
        letter.warnings
    )


def test_a_symbol_bullet_may_touch_its_text():
    assert areas_in(read_with_identifying_areas("\u2022First area.\n\u2022Second area.")) == [
        "First area.",
        "Second area.",
    ]


def test_a_bullet_glyph_alone_on_its_line_belongs_to_the_next_line():
    assert areas_in(read_with_identifying_areas("\u2022\nFirst area.\n\u2022\nSecond area.")) == [
        "First area.",
        "Second area.",
    ]


def test_a_page_break_inside_a_sentence_continues_the_finding():
    block = f"- Leaders acknowledge that a priority is to{PAGE_BREAK}widen the offer further.\n- Second area."
    assert areas_in(read_with_identifying_areas(block)) == [
        "Leaders acknowledge that a priority is to widen the offer further.",
        "Second area.",
    ]


def test_a_continuation_carrying_a_bullet_glyph_is_not_a_new_finding():
    block = (
        f"- This card is available to pupils to allow them{PAGE_BREAK}"
        "- access to services at a reduced cost. This helps.\n- Second area."
    )
    assert areas_in(read_with_identifying_areas(block)) == [
        "This card is available to pupils to allow them access to services at a reduced cost. This helps.",
        "Second area.",
    ]


def test_a_capitalised_bullet_after_an_unfinished_one_is_a_new_finding_and_is_flagged():
    letter = read_with_identifying_areas("- The first area has no full stop\n- Second area.")
    assert areas_in(letter) == ["The first area has no full stop", "Second area."]
    assert len(letter.warnings) == 1
    assert "does not end with a full stop" in letter.warnings[0]


def test_a_paragraph_between_bullets_continues_the_finding_before_it():
    block = "- Only 80% of assessments are on time.\n\nThis means that some children wait.\n\n- Second area."
    assert areas_in(read_with_identifying_areas(block)) == [
        "Only 80% of assessments are on time. This means that some children wait.",
        "Second area.",
    ]


def test_a_paragraph_after_the_last_bullet_is_not_a_finding_and_is_flagged():
    letter = read_with_identifying_areas(bullets("First area.") + "\n\nA closing remark by the inspectors.")
    assert areas_in(letter) == ["First area."]
    assert letter.warnings == (
        "Text after the last bullet point in the areas for development on identifying needs was not read as "
        "a finding: 'A closing remark by the inspectors.'. Check whether it should be one.",
    )


def test_a_paragraph_before_the_first_bullet_is_not_a_finding_and_is_flagged():
    letter = read_with_identifying_areas(
        "More co-production is needed." + PAGE_BREAK + bullets("First area.")
    )
    assert areas_in(letter) == ["First area."]
    assert "before the first bullet point" in letter.warnings[0]


def test_hard_wrapped_lines_of_a_bullet_belong_to_it():
    block = "- Leaders have a plan\n  that is well understood.\n- Second area."
    assert areas_in(read_with_identifying_areas(block)) == [
        "Leaders have a plan that is well understood.",
        "Second area.",
    ]


# --- Sub-lists ------------------------------------------------------------------------------


def test_an_indented_sub_list_after_a_colon_folds_into_its_parent():
    block = (
        "- A review showed that:\n  - leaders understand needs\n  - targets are ambitious.\n- Second area."
    )
    assert areas_in(read_with_identifying_areas(block)) == [
        "A review showed that: leaders understand needs targets are ambitious.",
        "Second area.",
    ]


def test_a_sub_list_continues_across_a_page_break_that_lost_its_indent():
    block = (
        f"- A review showed that:\n  - leaders understand needs\n  - targets are ambitious{PAGE_BREAK}"
        "- views are collated\n- young people are supported.\n- Second area."
    )
    assert areas_in(read_with_identifying_areas(block)) == [
        "A review showed that: leaders understand needs targets are ambitious views are collated "
        "young people are supported.",
        "Second area.",
    ]


def test_an_indented_sub_list_of_full_sentences_folds_into_its_parent():
    block = "\u2022 Parents told us:\n  o Services Are Slow.\n  o Plans Are Late.\n\u2022 Second area."
    assert areas_in(read_with_identifying_areas(block)) == [
        "Parents told us: Services Are Slow. Plans Are Late.",
        "Second area.",
    ]


def test_a_sub_list_ends_at_a_capitalised_bullet_after_a_full_stop():
    block = "- A review showed that:\n- leaders understand needs\n- targets are ambitious.\n- Second area."
    assert areas_in(read_with_identifying_areas(block)) == [
        "A review showed that: leaders understand needs targets are ambitious.",
        "Second area.",
    ]


# --- Characters and line endings ---------------------------------------------------------


def test_curly_and_straight_quotes_are_kept_as_written():
    block = bullets("One parent said \u2018it\u2019s better\u2019.", 'Another said "it\'s slow."')
    assert areas_in(read_with_identifying_areas(block)) == [
        "One parent said \u2018it\u2019s better\u2019.",
        'Another said "it\'s slow."',
    ]


def test_windows_line_endings_read_the_same_as_unix_ones():
    unix = read_letter_2016(make_letter(after_lists=WSOA_CLOSING))
    windows = read_letter_2016(make_letter(after_lists=WSOA_CLOSING, newline="\r\n"))
    assert [(f.kind, f.section, f.text) for f in windows.findings] == [
        (f.kind, f.section, f.text) for f in unix.findings
    ]
    assert windows.warnings == ()


def test_form_feeds_tabs_and_non_breaking_spaces_are_white_space():
    block = "-\tFirst\u00a0area is\f\fcut by a page.\n\u2022\u00a0Second area."
    assert areas_in(read_with_identifying_areas(block)) == ["First area is cut by a page.", "Second area."]


# --- Spans ------------------------------------------------------------------------------------


def test_every_span_maps_back_to_its_finding_in_the_source():
    source = make_letter(
        opening_extra=WSOA_OPENING,
        after_lists=WSOA_CLOSING,
        newline="\r\n",
        areas={
            SECTION_IDENTIFYING: f"\u25a0 It allows them{PAGE_BREAK}- access to services.\n"
            "- A review showed:\n  - leaders know needs.\n\nThis means a lot.\n\n- Last.",
        },
    )
    letter = read_letter_2016(source)
    assert letter.source_text is source
    for finding in letter.findings:
        span = source[finding.start : finding.end]
        assert normalise_whitespace(strip_bullets(span)) == finding.text
        assert span[:1] == finding.text[:1] and span[-1:] == finding.text[-1:]


# --- Not a letter ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("", "no 'Main findings' heading"),
        ("Minutes of the SEND improvement board, 3 March 2021.", "no 'Main findings' heading"),
        (make_letter(main_heading=None), "no 'Main findings' heading"),
        (make_letter(title=None, opening_area="the north"), "no local area"),
        (make_letter(dates="Last autumn"), "no inspection dates"),
        (make_letter(dates="Between 31 February and 4 March 2019"), "no inspection dates"),
        (make_letter(dates="Between 8 November 2019 and 4 November 2019"), "no inspection dates"),
    ],
)
def test_text_that_is_not_a_letter_says_what_is_missing(text, missing):
    with pytest.raises(
        LetterError, match="This does not look like a joint local area SEND inspection letter"
    ) as err:
        read_letter_2016(text)
    assert missing in str(err.value)


def test_every_missing_part_is_named_at_once():
    with pytest.raises(LetterError) as err:
        read_letter_2016("Dear colleague, thank you for your letter.")
    message = str(err.value)
    assert "no 'Main findings' heading" in message
    assert "no local area" in message
    assert "no inspection dates" in message


def test_a_revisit_letter_is_recognised_and_refused():
    revisit = make_letter(title="Joint local area SEND revisit in Wandsworth", main_heading=None)
    with pytest.raises(LetterError, match="revisit letter"):
        read_letter_2016(revisit)
