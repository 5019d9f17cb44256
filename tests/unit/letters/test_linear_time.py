"""Every regular expression that sees uploaded text runs in linear time, and so does the whole reader.

The patterns are found by introspection: every compiled pattern held at module level (alone or
in a tuple, list or dict) by the letter reader's modules and the other modules that apply
patterns to uploaded text.  A pattern added later is covered without touching this file.

Each pattern is fed adversarial text built from its own structure: strings it matches
(witnesses), their prefixes (near-matches), repeated back to back or between white space, and
long runs of white space, newlines and punctuation after them.  Each text is timed at a quarter
of a megabyte and at a sixteenth: four times the text may take at most eight times as long
(linear: four; quadratic: sixteen), and a quarter of a megabyte at most a quarter of the time a
megabyte is allowed.  A growth of sixteen shows at these sizes as clearly as at a megabyte, so
the smaller texts catch what a megabyte would, in a quarter of the time.

Times are this process's CPU time, not the wall clock, so a machine busy with other work does not
fail the tests. A reading slowed by other work can only make a text look slower: the smaller size
is read up to three times and the fastest counts, and a text that looks too slow is read again
before it fails.
"""

from __future__ import annotations

import contextlib
import importlib
import re
import time
from collections.abc import Iterator
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wsoa.letters import LetterError, read_letter

try:  # Python 3.11+: the parser behind `re`, for building witnesses from a pattern's structure
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants
    import sre_parse

MODULES = (
    "wsoa.letters.model",
    "wsoa.letters.reader",
    "wsoa.letters.pdf",
    "wsoa.letters.letter2016",
    "wsoa.letters.report2023",
    "wsoa.letters.guard",
    "wsoa.actions.services",
    "wsoa.actions.evidence_files",
)
SIZE = 250_000
# Generous: a linear pattern scans a megabyte in well under a second (three seconds allowed); a quadratic one
# takes minutes.
SECONDS_PER_INPUT = 3.0 * SIZE / 1_000_000
READER_SIZE = 200_000
# The smaller size is read up to this many times and the fastest kept, and a larger reading that looks too slow
# is taken again as often: a reading slowed by other work is not the reader's.
READINGS = 3
# Four times the text, at most this many times the CPU time (linear: 4; quadratic: 16).
GROWTH_LIMIT = 8
# Below this a reading is too short to time reliably, so it counts as this long.
SHORTEST_TIMED_SECONDS = 0.05


def _patterns_in(value, name: str) -> Iterator[tuple[str, re.Pattern]]:
    if isinstance(value, re.Pattern):
        yield name, value
    elif isinstance(value, tuple | list):
        for index, item in enumerate(value):
            yield from _patterns_in(item, f"{name}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _patterns_in(item, f"{name}[{key!r}]")


@cache
def module_patterns() -> tuple[tuple[str, re.Pattern], ...]:
    found = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for attribute, value in vars(module).items():
            if not attribute.startswith("__"):
                found.extend(_patterns_in(value, f"{module_name}.{attribute}"))
    return tuple(found)


# --- Witnesses: strings a pattern matches, from its parse tree ------------------------------


def _class_member(items) -> str:
    for op, arg in items:
        if op == sre_constants.LITERAL:
            return chr(arg)
        if op == sre_constants.RANGE:
            return chr(arg[0])
        if op == sre_constants.CATEGORY:
            return {
                sre_constants.CATEGORY_SPACE: " ",
                sre_constants.CATEGORY_DIGIT: "1",
                sre_constants.CATEGORY_WORD: "a",
                sre_constants.CATEGORY_NOT_SPACE: "a",
                sre_constants.CATEGORY_NOT_DIGIT: "a",
                sre_constants.CATEGORY_NOT_WORD: " ",
            }.get(arg, "a")
        if op == sre_constants.NEGATE:
            return "\u00e9"  # outside the usual negated classes ([^\W_], [^.], ...)
    return "a"


def _witnesses(parsed, limit: int = 4) -> list[str]:
    """Up to `limit` strings built by walking the pattern: each branch once, repeats at their least (or once)."""
    results = [""]
    for op, arg in parsed:
        options: list[str]
        if op == sre_constants.LITERAL:
            options = [chr(arg)]
        elif op == sre_constants.NOT_LITERAL:
            options = ["a" if arg != ord("a") else "b"]
        elif op == sre_constants.ANY:
            options = ["a"]
        elif op == sre_constants.IN:
            options = [_class_member(arg)]
        elif op == sre_constants.BRANCH:
            options = [w for branch in arg[1] for w in _witnesses(branch, 2)]
        elif op == sre_constants.SUBPATTERN:
            options = _witnesses(arg[-1], limit)
        elif op == sre_constants.ATOMIC_GROUP:
            options = _witnesses(arg, limit)
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _high, item = arg
            inner = _witnesses(item, 2)
            options = [w * max(low, 1) for w in inner] + ([""] if low == 0 else [])
        else:  # anchors, look-arounds, back references: they add no characters
            options = [""]
        results = [r + o for r in results for o in options][:limit]
    return results or [""]


def adversarial_texts(pattern: re.Pattern, size: int = SIZE) -> Iterator[tuple[str, str]]:
    """About `size` characters each: white space runs, and the pattern's witnesses and near-matches repeated or
    trailed."""
    for name, unit in (("spaces", " "), ("newlines", "\n"), ("space-newline", " \n"), ("letters", "a")):
        yield name, unit * (size // len(unit))
    witnesses = [w for w in _witnesses(sre_parse.parse(pattern.pattern, pattern.flags)) if w.strip()]
    for number, witness in enumerate(list(dict.fromkeys(witnesses))[:2]):
        near = witness[:-1] or witness
        for label, unit, tail in (
            ("whole-repeated", witness, ""),
            ("whole-repeated-on-lines", witness + " \n", ""),
            ("near-match-repeated", near + " ", ""),
            ("near-match-then-spaces", near, " "),
            ("near-match-then-newlines", near, "\n"),
        ):
            if tail:
                yield f"w{number}-{label}", unit + tail * size
            else:
                yield f"w{number}-{label}", unit * (size // len(unit) + 1)


def run_everything(pattern: re.Pattern, text: str) -> None:
    for _ in pattern.finditer(text):
        pass
    pattern.fullmatch(text)
    pattern.split(text, maxsplit=1)


def test_the_introspection_finds_the_readers_patterns():
    names = {name for name, _ in module_patterns()}
    assert "wsoa.letters.report2023._REPORT_MARKER" in names
    assert any(name.startswith("wsoa.letters.report2023._HEADINGS[") for name in names)
    assert "wsoa.actions.services._SENTENCE_END" in names


def scanning_time(pattern: re.Pattern, text: str) -> float:
    started = time.process_time()
    run_everything(pattern, text)
    return time.process_time() - started


def slowness(pattern: re.Pattern, text: str, smaller: str) -> str | None:
    """Why `pattern` is not linear on `text` (with `smaller`, a quarter as long, for the growth), or None."""
    larger = scanning_time(pattern, text)
    if larger < SHORTEST_TIMED_SECONDS:  # too quick to time: under a second for a megabyte even if quadratic
        return None
    quicker = min(scanning_time(pattern, smaller) for _ in range(READINGS))
    for _ in range(READINGS - 1):  # a reading that looks too slow is taken again: other work may have slowed it
        if larger <= SECONDS_PER_INPUT and larger < GROWTH_LIMIT * quicker:
            return None
        larger = min(larger, scanning_time(pattern, text))
    if larger > SECONDS_PER_INPUT:
        return f"{larger:.2f} s for {len(text):,} characters"
    if larger >= GROWTH_LIMIT * quicker:
        return f"{quicker:.3f} s, then {larger:.3f} s for four times the text"
    return None


@pytest.mark.parametrize(("name", "pattern"), module_patterns(), ids=[name for name, _ in module_patterns()])
def test_each_pattern_runs_in_linear_time_on_adversarial_text(name, pattern):
    slow = []
    texts = zip(adversarial_texts(pattern), adversarial_texts(pattern, SIZE // 4), strict=True)
    for (label, text), (_, smaller) in texts:
        why = slowness(pattern, text, smaller)
        if why:
            slow.append(f"{label}: {why}")
    assert not slow, f"{name} ({pattern.pattern!r}) is slow on: {', '.join(slow)}"


def test_the_growth_check_catches_a_quadratic_pattern():
    quadratic = re.compile(r"a*b")  # from each "a" it scans every "a" after it, looking for the "b"
    # Long enough to time even on a fast machine (about 0.16 s here): a shorter text counts as too quick to time.
    assert slowness(quadratic, "a" * 16_000, "a" * 4_000) is not None
    assert slowness(re.compile(r"ab"), "a" * SIZE, "a" * (SIZE // 4)) is None


def test_the_witnesses_really_match_their_pattern():
    # Witnesses only help if they reach deep into a pattern: most of them should match it outright.
    matched = total = 0
    for _, pattern in module_patterns():
        for witness in _witnesses(sre_parse.parse(pattern.pattern, pattern.flags)):
            total += 1
            matched += pattern.search(witness) is not None
    assert matched >= 0.6 * total


# --- The whole reader on a megabyte --------------------------------------------------------------

READER_UNITS = (
    "\n",
    " \n",
    "SEND\n\n",
    "Area SEND inspection of ",
    "Area SEND inspection of Testshire\n",
    "Area SEND inspection report: ",
    "a Area SEND inspection report: ",
    "  \t Area SEND inspection report;",
    "| a |\n",
    "| Responsible body | a |\n",
    "|",
    "- a\n",
    "\u2022 Leaders should act\n",
    "Main findings\n",
    "Areas for improvement\n\n| Areas for improvement |\n| Leaders should improve plans |\n",
    "Joint local area SEND inspection in ",
    "Between 4 and 8 November 2019 ",
    "1 to 5 May 2023 ",
    "inspection dates: ",
    "within approximately ",
    "a written statement of action is required ",
    "Leaders know the area well.\n",
    "well-",
    "-",
    ":",
    "a\n",
)


def reading_time(unit: str, size: int) -> float:
    """CPU seconds to read `size` characters of `unit` repeated, after a heading the reader looks for."""
    text = "SEND\n" + unit * (size // len(unit))
    started = time.process_time()
    with contextlib.suppress(LetterError):
        read_letter(text)
    return max(time.process_time() - started, SHORTEST_TIMED_SECONDS)


def growth(unit: str) -> float:
    quicker = min(reading_time(unit, READER_SIZE // 4) for _ in range(READINGS))
    larger = reading_time(unit, READER_SIZE)
    for _ in range(READINGS - 1):  # a reading that looks too slow is taken again: other work may have slowed it
        if larger / quicker < GROWTH_LIMIT:
            break
        larger = min(larger, reading_time(unit, READER_SIZE))
    return larger / quicker


@pytest.mark.parametrize("unit", READER_UNITS)
def test_the_reader_takes_time_in_proportion_to_one_repeated_fragment(unit):
    assert growth(unit) < GROWTH_LIMIT


@settings(max_examples=12, deadline=None)
@given(st.lists(st.sampled_from(READER_UNITS), min_size=1, max_size=4))
def test_the_reader_takes_time_in_proportion_to_mixed_fragments(units):
    assert growth("".join(units)) < GROWTH_LIMIT


def test_the_growth_check_catches_a_quadratic_reader(monkeypatch):
    # It rescans everything before each point, as a backtracking pattern would; often enough that even the smaller
    # text takes longer than the shortest time a reading counts as (which would hide the growth).
    def quadratic_reader(text):
        return sum(text.count("a", 0, end) for end in range(0, len(text), 5))

    monkeypatch.setattr(f"{__name__}.read_letter", quadratic_reader)
    assert growth("a\n") > GROWTH_LIMIT
