"""The structural check catches what axe lets through."""

from __future__ import annotations

import pytest

from tests.browser.checks import check_structure

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
