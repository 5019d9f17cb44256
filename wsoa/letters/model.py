"""Plain data produced by the letter reader.

Nothing here imports Flask: the reader is used by the web app, the CLI, the
benchmarks and the tests alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..refusal import Refusal

FRAMEWORK_2016 = "2016"
FRAMEWORK_2023 = "2023"

# Finding kinds. The first four come from 2016-framework letters, the last
# three from 2023-framework reports.
MAIN_FINDING = "main_finding"
STRENGTH = "strength"
AREA_FOR_DEVELOPMENT = "area_for_development"
SIGNIFICANT_WEAKNESS = "significant_weakness"
PRIORITY_ACTION = "priority_action"
AREA_FOR_IMPROVEMENT = "area_for_improvement"
NARRATIVE = "narrative"

FINDING_KINDS = (
    MAIN_FINDING,
    STRENGTH,
    AREA_FOR_DEVELOPMENT,
    SIGNIFICANT_WEAKNESS,
    PRIORITY_ACTION,
    AREA_FOR_IMPROVEMENT,
    NARRATIVE,
)

# The three questions a 2016-framework letter answers.
SECTION_IDENTIFYING = "identifying"
SECTION_MEETING = "meeting"
SECTION_IMPROVING = "improving"
SECTIONS_2016 = (SECTION_IDENTIFYING, SECTION_MEETING, SECTION_IMPROVING)


class LetterError(Refusal):
    """The input is not an inspection letter or report the reader understands.

    The message says, in plain English, what was missing or wrong.
    """


# The white space characters of ASCII other than the space itself.
_ASCII_BREAKS = bytes(code for code in range(128) if chr(code).isspace() and code != 0x20)


def normalise_whitespace(text: str) -> str:
    """Collapse every run of white space to one space and trim the ends.

    The reader calls this on every line and block, so it is kept cheap: str.split() knows the same
    white space as the regex `\\s`, and text already normal (single spaces inside, no other white space)
    comes back as it is.  Other white space is looked for by deleting it from the bytes of ASCII text
    (a table lookup a byte), and elsewhere with `isprintable` (every white space but the space is unprintable).
    """
    if text.isascii():
        other_space = len(text.encode("ascii").translate(None, _ASCII_BREAKS)) != len(text)
    else:
        other_space = not text.isprintable()
    if not other_space and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


@dataclass(frozen=True)
class Finding:
    """One finding as the inspectors wrote it.

    `text` is whitespace-normalised; `start`/`end` index the letter's
    `source_text` so a page can show the finding in context.  For a 2016
    letter `section` is one of SECTIONS_2016 or None; for a 2023 report's
    narrative findings it names the report section heading.
    """

    kind: str
    section: str | None
    text: str
    start: int
    end: int
    responsible_body: str | None = None


@dataclass(frozen=True)
class PassageWarning:
    """A warning about one passage of the letter: `source_text[start:end]` is what a person should check.

    Its message is also in `Letter.warnings`, which lists every warning.
    """

    message: str
    start: int
    end: int

    def concerns(self, finding: Finding) -> bool:
        return self.start < finding.end and finding.start < self.end


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date


@dataclass(frozen=True)
class Letter:
    framework: str
    local_area: str
    letter_date: date | None
    inspection_start: date | None
    inspection_end: date | None
    wsoa_required: bool
    findings: tuple[Finding, ...]
    source_text: str
    warnings: tuple[str, ...] = ()
    # 2023-framework reports only.
    outcome: int | None = None
    priority_action_plan_required: bool = False
    previous_inspection: DateRange | None = None
    monitoring_inspection_within_months: int | None = None
    next_full_inspection_within_months: int | None = None
    local_authority: str | None = None
    integrated_care_board: str | None = None
    # Warnings that concern one passage (a finding, a table row), with where it is.
    passage_warnings: tuple[PassageWarning, ...] = ()

    def findings_of(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def warnings_about(self, finding: Finding) -> list[str]:
        """The messages of the passage warnings that concern this finding."""
        return [w.message for w in self.passage_warnings if w.concerns(finding)]
