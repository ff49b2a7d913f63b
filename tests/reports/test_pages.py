"""Every rendered report read as an official would: a document in one language, no technical
output, maps of Vietnam that name Hoàng Sa and Trường Sa, and embedded maps that draw every time
in Chromium (network blocked) at 1280 px and 390 px.

The reports are rendered once per test run from the shipped data (the session fixture
``report_matrix`` of ``tests/conftest.py``: ``reports/`` when stamped as rendered from the current
tree, else :func:`cdskit.reports.render_all` into a temporary folder, or ``CDSKIT_RENDERED_REPORTS``
when it names a folder rendered from the current tree).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("mirror", "web_assets")]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "pages"
FORBIDDEN = ("/tmp", "NaN", "<NA>", "rows ×", "dtype", "Traceback", "Error:")
ARCHIPELAGOS = {
    "vi": ("Quần đảo Hoàng Sa", "Quần đảo Trường Sa"),
    "en": ("Hoang Sa Archipelago", "Truong Sa Archipelago"),
}
LOADS = 10
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def rendered(report_matrix) -> dict:
    """Every report of ``reports.toml``: the folder, manifest entries and render failures."""
    return report_matrix


def _pages(rendered) -> list[tuple[dict, Path]]:
    found = []
    for entry in rendered["reports"]:
        page = rendered["out"] / f"{entry['name']}.html"
        if page.is_file():
            found.append((entry, page))
    return found


#: Elements without an end tag.
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"})


class _Text(HTMLParser):
    """Visible text of a page (no script or style), headings, and inline frame documents."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.headings: list[str] = []
        self.frames: list[str] = []
        self.body: list[str] = []  # text outside the collapsed technical block
        self.prose: list[str] = []  # the page's own words: not the titles of the sources cited
        self._cited: list[bool] = []  # open elements, True inside a list of sources or notes
        self._technical = 0
        self._skip = 0
        self._heading = 0
        self._current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            classes = dict(attrs).get("class") or ""
            cited = any(name in classes for name in ("cdskit-footnotes", "cdskit-sources"))
            self._cited.append(cited or (bool(self._cited) and self._cited[-1]))
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "details":
            self._technical += 1
        if tag in ("h1", "h2", "h3", "th", "caption", "summary", "dt"):
            self._heading += 1
            self._current = []
        if tag == "iframe":
            self.frames += [value for name, value in attrs if name == "srcdoc" and value]

    def handle_endtag(self, tag):
        if tag not in _VOID and self._cited:
            self._cited.pop()
        if tag in ("script", "style"):
            self._skip -= 1
        if tag == "details" and self._technical:
            self._technical -= 1
        if tag in ("h1", "h2", "h3", "th", "caption", "summary", "dt") and self._heading:
            self._heading -= 1
            heading = " ".join("".join(self._current).split())
            if heading:
                self.headings.append(heading)

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)
            if not self._technical:
                self.body.append(data)
                if not (self._cited and self._cited[-1]):
                    self.prose.append(data)
            if self._heading:
                self._current.append(data)


def _read(path_or_text: str | Path) -> _Text:
    text = (
        path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    )
    parser = _Text()
    parser.feed(text)
    return parser


def test_every_report_renders(rendered):
    assert rendered["failures"] == {}
    assert _pages(rendered), "no report page was rendered"


def test_no_page_shows_technical_output(rendered):
    for entry, page in _pages(rendered):
        parsed = _read(page)
        frames = [_read(frame) for frame in parsed.frames]
        for document in ["".join(parsed.text)] + ["".join(frame.text) for frame in frames]:
            for token in FORBIDDEN:
                assert token not in document, f"{entry['name']}: {token!r} on the page"
        for document in ["".join(parsed.body)] + ["".join(frame.body) for frame in frames]:
            assert not re.search(r"\b\d{4}-(H[12]|Q[1-4])\b", document), (
                f"{entry['name']}: a period code instead of words"
            )


def _found(heading: str, text: str, headings: list[str]) -> bool:
    if len(heading.split()) > 1:
        return heading in text
    return len(heading) > 3 and heading in headings


def test_each_page_speaks_only_its_own_language(rendered):
    pages = {entry["name"]: (entry, page) for entry, page in _pages(rendered)}
    pairs = [(name, f"{name}-en") for name in pages if f"{name}-en" in pages]
    assert pairs, "no report has an English twin"
    for vi_name, en_name in pairs:
        vi, en = _read(pages[vi_name][1]), _read(pages[en_name][1])
        assert pages[vi_name][0]["language"] == "vi" and pages[en_name][0]["language"] == "en"
        shared = set(vi.headings) & set(en.headings)  # names, numbers: the same in both
        # the titles of cited sources are quoted as published, in their own language
        vi_text, en_text = " ".join(vi.prose), " ".join(en.prose)
        # A heading of several words must not appear anywhere in the other page; a single word
        # (which may be part of a name, "Tỉnh Lạng Sơn") must not be one of its headings.
        english = [h for h in set(en.headings) - shared if _found(h, vi_text, vi.headings)]
        vietnamese = [h for h in set(vi.headings) - shared if _found(h, en_text, en.headings)]
        assert english == [], f"{vi_name} shows English headings"
        assert vietnamese == [], f"{en_name} shows Vietnamese headings"
        for heading in ("Thông tin kỹ thuật", "Nguồn số liệu", "Bảng số liệu"):
            assert heading not in en_text
        assert "Technical details" not in vi_text


def _national_map_reports(rendered):
    for entry, page in _pages(rendered):
        parameters = entry.get("parameters", {})
        if "indicator" in parameters and not parameters.get("provinces"):
            yield entry, page


def test_national_maps_name_hoang_sa_and_truong_sa_on_both_twins(rendered):
    checked = 0
    for entry, page in _national_map_reports(rendered):
        names = ARCHIPELAGOS[entry["language"]]
        frames = _read(page).frames
        assert frames, f"{entry['name']}: no embedded map"
        for name in names:
            assert any(name in html.unescape(frame) for frame in frames), (entry["name"], name)
        svgs = list((rendered["out"] / entry["name"]).glob("*.svg"))
        assert svgs, f"{entry['name']}: no static twin"
        svg = svgs[0].read_text(encoding="utf-8")
        for name in names:
            assert f"<!-- {name} -->" in svg, (entry["name"], name)
        checked += 1
    assert checked >= 2


# --- In Chromium ------------------------------------------------------------------------------


_MAP_STATE = """() => {
  const paths = [...document.querySelectorAll('path.leaflet-interactive')];
  const drawn = paths.filter(p => { const r = p.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && !/NaN/.test(p.getAttribute('d') || ''); }).length;
  const legend = document.querySelector('.cdskit-legend');
  legend.scrollIntoView({block: 'nearest'});
  const box = legend.getBoundingClientRect();
  const inside = [[0.5, 0.5], [0.05, 0.05], [0.95, 0.05], [0.05, 0.95], [0.95, 0.95]];
  const uncovered = inside.every(([fx, fy]) => {
    const top = document.elementFromPoint(box.left + fx * box.width, box.top + fy * box.height);
    return !!top && legend.contains(top);
  });
  const apart = other => { const o = other.getBoundingClientRect();
    return o.bottom <= box.top || o.top >= box.bottom ||
           o.right <= box.left || o.left >= box.right; };
  const provenance = JSON.parse(document.getElementById('cdskit-provenance').textContent);
  // the units with or without a figure, and the grey neighbours drawn for context
  const units = provenance.units + (provenance.context_units || []).length;
  return {drawn, units, uncovered, visible: box.width > 0 && box.height > 0,
    clear: apart(document.querySelector('.cdskit-footer')) &&
           apart(document.querySelector('.cdskit-title'))};
}"""


#: The text of every table cell on the page that runs over its cell.
_SPILLED_CELLS = """() => [...document.querySelectorAll('table td, table th')]
  .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
  .map(cell => cell.textContent.trim().slice(0, 40))"""


def _settled_map_state(frame) -> dict:
    """Return the map's state once it is drawn and laid out, or as it is after 5 s.

    The map fits itself when its frame is laid out; rather than a fixed pause, wait until every
    unit is drawn and the panels are in place, and report the state found either way.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    settled = (
        f"() => {{ const s = ({_MAP_STATE})(); "
        "return s.drawn === s.units && s.visible && s.uncovered && s.clear; }"
    )
    try:
        frame.wait_for_function(settled, timeout=5_000, polling=100)
    except PlaywrightTimeout:
        pass  # the assertions below say what is wrong
    return frame.evaluate(_MAP_STATE)


def _opened_offline(browser, width: int, own: str):
    """A tab of ``width`` px that opens ``own`` only, and the errors and requests it records.

    Any other request (a web font, a tile server, a script from the web) is blocked and listed.
    """
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url == own or url.startswith(("data:", "about:")):
            request_route.continue_()
        else:
            requests.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return page, errors, requests


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_opens_offline_and_its_map_draws_every_time(rendered, browser, width):
    """Each page is opened ``LOADS`` times in one tab (a new document, frame and map each time:
    a reader opening the file again); the map must be drawn and laid out after every load."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for entry, page_path in _pages(rendered):
        has_map = bool(_read(page_path).frames)
        own = page_path.as_uri()
        page, errors, requests = _opened_offline(browser, width, own)
        try:
            for load in range(LOADS):
                where = f"{entry['name']} at {width} px, load {load + 1}"
                page.goto(own)
                # a new document each time: nothing left by the previous load
                assert page.evaluate("() => window.cdskitTestLoad === undefined"), where
                if has_map:
                    frame = page.frame_locator("iframe").first
                    # a drawn unit (Leaflet writes "M0 0" for a unit outside the view)
                    drawn = frame.locator('path.leaflet-interactive:not([d="M0 0"])')
                    drawn.first.wait_for(timeout=10_000)
                    state = _settled_map_state(page.frames[1])
                    assert state["drawn"] == state["units"], (where, state)
                    assert state["visible"] and state["uncovered"], (where, state)
                    assert state["clear"], (where, state)
                assert errors == [], (where, errors)
                assert requests == [], (where, requests)
                if load == 0:
                    # no word of a table runs over its cell (a phone shows the whole table)
                    spilled = page.evaluate(_SPILLED_CELLS)
                    assert spilled == [], (where, spilled)
                    page.screenshot(
                        path=str(ARTIFACTS / f"{entry['name']}-{width}.png"), full_page=True
                    )
                page.evaluate("() => { window.cdskitTestLoad = true; }")
        finally:
            page.close()


def test_published_notebooks_carry_no_path_of_the_machine_that_ran_them(rendered):
    """The .ipynb beside each page names its folder relative to the reports, nothing above."""
    import tempfile

    from cdskit import paths

    machine = {str(paths.project_root()), tempfile.gettempdir(), "ipykernel_", ".work/"}
    leaks = {}
    for entry in rendered["reports"]:
        notebook = rendered["out"] / f"{entry['name']}.ipynb"
        if notebook.is_file():
            text = notebook.read_text(encoding="utf-8")
            found = sorted(part for part in machine if part in text)
            if found:
                leaks[notebook.name] = found
    assert rendered["reports"], "no report was rendered"
    assert not leaks, leaks
