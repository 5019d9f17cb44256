"""What every page in a browser journey must pass: axe-core (WCAG 2.x A and AA), one h1 matching the title,
valid HTML as served, a sound structure (axe passes a fieldset with no legend: every fieldset has a legend
with words, every control a label, no heading level skipped, no table wider than its container), and
keyboard focus that starts at the skip link and stays visible.

axe and the keyboard walk are the slow checks (about a second a page), and a journey often comes back to a page
it has seen: they run once per test process for each page structure (every element with its attributes, and
whether each piece of text is there, the words and per-request values aside). A page that shows anything new,
such as an error summary, a banner, a tag or another row, has a new structure and is checked again; the quick
checks run on every page."""

from __future__ import annotations

import hashlib

import html5lib
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

SERVICE_NAME = "Track your SEND inspection response"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
_axe = Axe()
# Digests of the page structures axe, and the keyboard walk, have passed in this test process.
_passed_axe: set[str] = set()
_passed_keyboard: set[str] = set()


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


# Records what each Tab reaches as it happens (focusin), so the walk needs no round trip to the page per Tab.
_START_FOCUS_TRAIL = f"""
() => {{
  const describe = {_FOCUS_VISIBLE.strip()};
  if (!window.__focusTrailListener) {{
    window.__focusTrailListener = () => window.__focusTrail.push(describe());
    document.addEventListener('focusin', window.__focusTrailListener, true);
  }}
  document.activeElement && document.activeElement.blur();
  document.body.setAttribute('tabindex', '-1'); document.body.focus(); document.body.removeAttribute('tabindex');
  window.scrollTo(0, 0);
  window.__focusTrail = [];
  // How many Tabs should reach <main>: the visible controls before it, in document order, and one more.
  const main = document.querySelector('main');
  const controls = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  return main ? [...document.querySelectorAll(controls)].filter((el) =>
    (main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) && !main.contains(el) && !el.disabled
    && el.getAttribute('tabindex') !== '-1' && el.checkVisibility({{visibilityProperty: true}})).length + 1 : 1;
}}
"""


def check_keyboard(page: Page, max_tabs: int = 40) -> None:
    """From the top of the page, Tab reaches the skip link first, then (through the header) the page's own
    controls in <main>; every focused element is visible with a focus indicator."""
    # The Tabs expected to reach <main> are pressed before the trail is read, then one at a time: never more, as a
    # test goes on from where the walk leaves the focus.
    at_once = page.evaluate(_START_FOCUS_TRAIL)
    pressed = 0
    while pressed <= max_tabs:
        for _ in range(max(1, min(at_once - pressed, max_tabs + 1 - pressed))):
            page.keyboard.press("Tab")
            pressed += 1
        trail = page.evaluate("() => window.__focusTrail")
        first = trail[0] if trail else None
        assert first and "govuk-skip-link" in first["classes"], f"{page.url}: first Tab reached {first}"
        assert first["visible"] and first["indicated"], f"{page.url}: skip link focus not visible: {first}"
        for focused in trail[1:]:
            assert focused, f"{page.url}: Tab left the page before reaching the main content"
            assert focused["visible"] and focused["indicated"], f"{page.url}: focus not visible on {focused}"
            if focused["inMain"]:
                return
        # Tab out of the page (into the browser) moves focus to nothing in it, so nothing is recorded.
        assert len(trail) >= pressed, f"{page.url}: Tab left the page before reaching the main content"
    raise AssertionError(f"{page.url}: {max_tabs} Tabs did not reach the main content")


# The page's structure at this window size: each element with its attributes, and a mark for each piece of text
# that is there. Left out: the words, and what differs from request to request or row to row without changing what
# axe and the keyboard meet (form values such as the CSRF token, the CSP nonce, links' addresses, dates' machine
# values).
_STRUCTURE = """
() => {
  const out = [];
  const unshaped = ['value', 'nonce', 'src', 'action', 'datetime'];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { if (node.textContent.trim()) out.push('~'); return; }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const attributes = [];
    for (const attribute of node.attributes) {
      const name = attribute.name;
      let value = attribute.value;
      if (unshaped.includes(name) || name.startsWith('data-')) value = '';
      else if (name === 'href' && !value.startsWith('#')) value = '';
      attributes.push(name + '=' + JSON.stringify(value));
    }
    out.push('<' + node.tagName + ' ' + attributes.join(' ') + '>');
    for (const child of node.childNodes) walk(child);
    out.push('</>');
  };
  walk(document.documentElement);
  return window.innerWidth + 'x' + window.innerHeight + out.join('');
}
"""


def page_structure(page: Page) -> str:
    return hashlib.sha256(page.evaluate(_STRUCTURE).encode()).hexdigest()


def check_page(page: Page, recorder: PageRecorder, keyboard: bool = True) -> str:
    """Run every check on the page now showing; returns its h1."""
    page.wait_for_load_state("load")
    h1 = check_outline(page)
    check_html(recorder, page)
    check_structure(page)
    structure = page_structure(page)
    if structure not in _passed_axe:
        check_axe(page)
        _passed_axe.add(structure)
    if keyboard and structure not in _passed_keyboard:
        check_keyboard(page)
        _passed_keyboard.add(structure)
    recorder.checked.append(h1)
    return h1
