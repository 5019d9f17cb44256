"""The structural check catches what axe lets through, and the keyboard walk catches focus that cannot be seen."""

from __future__ import annotations

import pytest

from tests.browser.checks import check_keyboard, check_structure

SOUND = """<main><h1>Title</h1><h2>Part</h2>
<fieldset><legend>How is it going?</legend><input type="radio" id="r" name="r"><label for="r">Well</label></fieldset>
<table><caption>Numbers</caption><tr><td>1</td></tr></table></main>"""


def test_a_sound_page_passes(page):
    page.set_content(SOUND)
    check_structure(page)


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        ("<main><h1>T</h1><fieldset><legend></legend><input type='radio' aria-label='x'></fieldset></main>",
         "fieldset with no legend"),
        ("<main><h1>T</h1><fieldset><input type='radio' aria-label='x'></fieldset></main>", "fieldset with no legend"),
        ("<main><h1>T</h1><input type='text' name='unnamed'></main>", "control with no label"),
        ("<main><h1>T</h1><h3>Too deep</h3></main>", "heading level skipped"),
        ("<main><h1>T</h1><div style='width:300px'><table><tr><td style='min-width:2000px'>wide</td></tr></table>"
         "</div></main>", "table wider than its container"),
    ],
)
def test_a_page_with_a_structural_fault_fails(page, broken, problem):
    page.set_content(broken)
    with pytest.raises(AssertionError, match=problem):
        check_structure(page)


HEADER = "<a class='govuk-skip-link' href='#main'>Skip to main content</a><header><a href='/'>Home</a>"


@pytest.mark.parametrize("header_links", [0, 20])  # reached in the first few Tabs, or after several readings
def test_a_page_whose_focus_can_be_seen_passes_the_keyboard_walk(page, header_links):
    links = "".join(f"<a href='/{number}'>Link {number}</a>" for number in range(header_links))
    page.set_content(f"{HEADER}{links}</header><main id='main'><h1>T</h1><a href='/x'>In the page</a></main>")
    check_keyboard(page)


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        (f"<style>header a:focus {{ outline: none }}</style>{HEADER}</header><main id='main'><a href='/x'>X</a></main>",
         "focus not visible"),
        ("<header><a href='/'>Home</a></header><main id='main'><a href='/x'>X</a></main>", "first Tab reached"),
        (f"{HEADER}</header><main id='main'><h1>Nothing to reach</h1></main>", "Tab left the page"),
        (HEADER + "<a href='/'>Again</a>" * 45 + "</header><main id='main'><a href='/x'>X</a></main>",
         "40 Tabs did not reach"),
    ],
)
def test_a_page_whose_focus_is_lost_or_unseen_fails_the_keyboard_walk(page, broken, problem):
    page.set_content(broken)
    with pytest.raises(AssertionError, match=problem):
        check_keyboard(page)
