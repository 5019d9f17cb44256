"""What every page in a browser journey must pass: axe-core (WCAG 2.x A and AA), one h1 matching the title,
valid HTML as served, a sound structure (axe passes a fieldset with no legend: every fieldset has a legend
with words, every control a label, no heading level skipped, no table wider than its container), and
keyboard focus that starts at the skip link and stays visible."""

from __future__ import annotations

import html5lib
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERVICE_NAME = "Track your SEND inspection response"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()


class PageRecorder:
    """Keeps the HTML of the last document the server sent, for the validity check."""

    def __init__(self, page: Page) -> None:
        self.last_document = None
        self.checked: list[str] = []
        page.on("response", self._seen)

    def _seen(self, response) -> None:
        if response.request.resource_type == "document" and not 300 <= response.status < 400:
            self.last_document = response


def check_axe(page: Page) -> None:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def check_outline(page: Page) -> str:
    """Exactly one h1; title = h1 – service name, with 'Error: ' first when the page shows an error summary."""
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{page.url}: h1s {headings}"
    h1 = " ".join(headings[0].split())
    has_errors = page.locator(".govuk-error-summary").count() > 0
    expected = ("Error: " if has_errors else "") + f"{h1} – {SERVICE_NAME}"
    assert " ".join(page.title().split()) == expected, f"{page.url}: title {page.title()!r}, expected {expected!r}"
    return h1


_STRUCTURE_PROBLEMS = """
() => {
  const problems = [];
  const visible = (el) => { const box = el.getBoundingClientRect(); return box.width > 0 || box.height > 0; };
  for (const fieldset of document.querySelectorAll('fieldset')) {
    const legend = fieldset.querySelector(':scope > legend');
    if (!legend || !legend.textContent.trim()) {
      problems.push('fieldset with no legend: ' + fieldset.textContent.trim().slice(0, 60));
    }
  }
  for (const control of document.querySelectorAll('input, select, textarea')) {
    if (['hidden', 'submit', 'button'].includes(control.type)) continue;
    const labelled = (control.id && document.querySelector(`label[for="${CSS.escape(control.id)}"]`))
      || control.closest('label') || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
    const name = control.name || control.id || control.outerHTML.slice(0, 60);
    if (!labelled) problems.push('control with no label: ' + name);
  }
  let previous = 0;
  for (const heading of document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')) {
    const level = Number(heading.tagName[1]);
    const words = heading.textContent.trim().slice(0, 40);
    if (previous && level > previous + 1) problems.push(`heading level skipped: h${previous} then h${level} ${words}`);
    previous = level;
  }
  for (const table of document.querySelectorAll('main table')) {
    if (!visible(table)) continue;
    const container = table.parentElement;
    if (table.getBoundingClientRect().right > document.documentElement.clientWidth + 1
        || table.scrollWidth > container.clientWidth + 1) {
      const caption = table.caption ? table.caption.textContent.trim().slice(0, 60) : '';
      problems.push('table wider than its container: ' + caption);
    }
  }
  return problems;
}
"""


def check_structure(page: Page) -> None:
    problems = page.evaluate(_STRUCTURE_PROBLEMS)
    assert not problems, f"{page.url}: " + "; ".join(problems)


def check_html(recorder: PageRecorder, page: Page) -> None:
    """The HTML as served (not the DOM) parses with html5lib in strict mode: no parse errors at all."""
    response = recorder.last_document
    assert response is not None, f"{page.url}: no document response seen"
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        parser.parse(response.text())
    except html5lib.html5parser.ParseError as error:
        raise AssertionError(f"{response.url}: invalid HTML: {error}") from error


_FOCUS_VISIBLE = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(),
    classes: el.className && el.className.baseVal === undefined ? el.className : '',
    text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 60),
    inMain: !!el.closest('main'),
    visible: box.width > 0 && box.height > 0,
    indicated: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
  };
}
"""


def check_keyboard(page: Page, max_tabs: int = 40) -> None:
    """From the top of the page, Tab reaches the skip link first, then (through the header) the page's own
    controls in <main>; every focused element is visible with a focus indicator."""
    page.evaluate(
        "() => { document.activeElement && document.activeElement.blur();"
        " document.body.setAttribute('tabindex', '-1'); document.body.focus();"
        " document.body.removeAttribute('tabindex'); window.scrollTo(0, 0); }"
    )
    page.keyboard.press("Tab")
    first = page.evaluate(_FOCUS_VISIBLE)
    assert first and "govuk-skip-link" in first["classes"], f"{page.url}: first Tab reached {first}"
    assert first["visible"] and first["indicated"], f"{page.url}: skip link focus not visible: {first}"
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        focused = page.evaluate(_FOCUS_VISIBLE)
        assert focused, f"{page.url}: Tab left the page before reaching the main content"
        assert focused["visible"] and focused["indicated"], f"{page.url}: focus not visible on {focused}"
        if focused["inMain"]:
            return
    raise AssertionError(f"{page.url}: {max_tabs} Tabs did not reach the main content")


def check_page(page: Page, recorder: PageRecorder, keyboard: bool = True) -> str:
    """Run every check on the page now showing; returns its h1."""
    page.wait_for_load_state("load")
    h1 = check_outline(page)
    check_html(recorder, page)
    check_structure(page)
    check_axe(page)
    if keyboard:
        check_keyboard(page)
    recorder.checked.append(h1)
    return h1
