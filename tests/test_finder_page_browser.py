"""The Find a centre page itself, in a real browser: suggestions as the reader types, the
first screen on a phone, layout shift, printing, and the page without JavaScript.

The place-finding answers are tested in test_finder_browser.py; here the questions are
whether a person can reach and use the search, with a keyboard, a screen reader, a finger or
a printer. Each test loads the page as few times as it can.
"""

import io
import re
import urllib.parse

import pytest

import gates
from conftest import REPO, expect
from sitegen.data import load_centres

BOX = "#finder-near"
LISTBOX = ".app-combobox__listbox"
OPTIONS = f"{LISTBOX} [role=option]"
HEADING = "#finder-results-heading"
SUBMIT = ".js-finder-form button[type=submit]"  # the header's site search is a search form too
ANNOUNCED = re.compile(r"^\d+ places? found, use up and down arrows to choose$")
PHONE = {"width": 390, "height": 844}
INDEX = "/finder/"

# Adds up the layout shifts the page makes, as Chrome's cumulative layout shift does: shifts
# within half a second of the reader's own input are expected and left out.
CLS_SCRIPT = """
window.appLayoutShift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.appLayoutShift += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture(scope="module")
def finder_url(site_url):
    """The Find a centre page of the real site."""
    return site_url + "find-a-centre/"


@pytest.fixture
def phone(browser):
    """A phone-sized touch screen whose pages measure layout shift."""
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True)
    context.add_init_script(CLS_SCRIPT)
    page = context.new_page()
    page.requested = []
    page.on("request", lambda request: page.requested.append(request.url))
    yield page
    context.close()


def index_requests(page):
    """The place index files the page has asked for."""
    return [url for url in page.requested if is_index(url)]


def is_index(url):
    """Whether a URL is one of the place index files (not the finder's scripts under js/finder/)."""
    return urllib.parse.urlsplit(url).path.startswith(INDEX)


def layout_shift(page):
    """The layout shift so far, once the page has had time to settle."""
    page.wait_for_timeout(300)
    return page.evaluate("window.appLayoutShift")


def status_text(page):
    """What the combobox's live region says now."""
    return page.locator(f"{BOX} ~ [role=status]").text_content()


def active_option(page):
    """The text of the option aria-activedescendant points at, or None."""
    active = page.locator(BOX).get_attribute("aria-activedescendant")
    return page.locator(f"#{active}").text_content() if active else None


def nearest_centre(name):
    """The real centre with this name."""
    loaded, _, _ = load_centres(REPO)
    return next(c for c in loaded if c.name == name)


# --- Suggestions as the reader types ---------------------------------------------------

def test_suggestions_load_on_focus_and_work_by_keyboard_and_screen_reader(phone, finder_url):
    gates.require_node_tools()
    phone.goto(finder_url, wait_until="networkidle")
    assert index_requests(phone) == [], "no place index is fetched when the page loads"
    box = phone.get_by_role("combobox", name="Postcode or town")
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_attribute("aria-autocomplete", "list")
    with phone.expect_request(lambda request: is_index(request.url)):
        box.focus()

    phone.keyboard.type("Le")
    listbox = phone.get_by_role("listbox", name="Suggestions for Postcode or town")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    options = listbox.get_by_role("option")
    labels = options.all_text_contents()
    assert 1 < len(labels) <= 8 and all(re.search(r"\ble", label, re.I) for label in labels), labels
    expect(options.first).to_have_attribute("aria-selected", "false")
    expect(phone.locator(f"{BOX} ~ [role=status]")).to_have_text(ANNOUNCED)
    assert status_text(phone).startswith(f"{len(labels)} places found")
    assert gates.axe_faults(phone) == [], "no WCAG 2.2 AA violations with the list open"

    phone.keyboard.press("ArrowDown")
    assert active_option(phone) == labels[0]
    expect(options.first).to_have_attribute("aria-selected", "true")
    phone.keyboard.press("ArrowDown")
    assert active_option(phone) == labels[1]
    expect(options.first).to_have_attribute("aria-selected", "false")
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowUp")
    assert active_option(phone) is None, "Up from the first option goes back to the box"
    expect(box).to_be_focused()
    phone.keyboard.press("ArrowUp")
    phone.keyboard.press("ArrowDown")
    assert active_option(phone) == labels[0], "Up in the box stays there; Down goes to the first option"

    phone.keyboard.press("ArrowDown")
    phone.keyboard.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("Le")
    expect(box).to_be_focused()
    assert phone.locator(HEADING).is_hidden(), "Escape does not search"

    phone.keyboard.press("ArrowDown")  # opens the list again, on its first option
    expect(listbox).to_be_visible()
    phone.keyboard.press("Enter")
    expect(phone.locator(HEADING)).to_have_text(f"Centres nearest to {labels[0]}")
    expect(phone.locator(HEADING)).to_be_focused()
    expect(box).to_have_value(labels[0])
    expect(listbox).to_be_hidden()


def test_the_list_can_be_ignored_left_with_tab_or_tapped(phone, finder_url):
    phone.goto(finder_url)
    box = phone.get_by_role("combobox", name="Postcode or town")
    box.focus()
    phone.keyboard.type("Leeds")
    expect(phone.locator(LISTBOX)).to_be_visible()
    phone.keyboard.press("Enter")  # no option chosen: the form searches for what was typed
    expect(phone.locator(HEADING)).to_have_text("Centres nearest to Leeds, England")

    box.fill("")
    box.focus()
    phone.keyboard.type("Man")
    expect(phone.locator(LISTBOX)).to_be_visible()
    phone.keyboard.press("Tab")
    expect(phone.locator("#finder-nation")).to_be_focused()
    expect(phone.locator(LISTBOX)).to_be_hidden()
    expect(box).to_have_value("Man")

    box.fill("")
    box.focus()
    phone.keyboard.type("Xq")
    phone.wait_for_timeout(700)  # longer than the announcement's pause
    expect(phone.locator(LISTBOX)).to_be_hidden()
    assert status_text(phone) == "", "nothing is announced when nothing matches"

    box.fill("")
    box.focus()
    phone.keyboard.type("Bri")
    second = phone.locator(OPTIONS).nth(1)
    label = second.text_content()
    second.tap()
    expect(phone.locator(HEADING)).to_have_text(f"Centres nearest to {label}")
    expect(box).to_have_value(label)

    box.fill("")
    box.focus()
    phone.keyboard.type("Gla")
    first = phone.locator(OPTIONS).first
    label = first.text_content()
    first.click()  # a mouse: pressing the option must not close the list before the click lands
    expect(phone.locator(HEADING)).to_have_text(f"Centres nearest to {label}")


def test_the_list_fits_at_320px_and_200_percent_text_with_big_targets(browser, finder_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(finder_url)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.locator(BOX).focus()
    page.keyboard.type("Ne")
    expect(page.locator(LISTBOX)).to_be_visible()
    page.keyboard.press("ArrowDown")
    listbox = page.locator(LISTBOX).bounding_box()
    assert listbox["x"] >= 0 and listbox["x"] + listbox["width"] <= 320, listbox
    for option in page.locator(OPTIONS).all():
        size = option.bounding_box()
        assert size["height"] >= 44 and size["width"] >= 44, size
        assert size["x"] >= 0 and size["x"] + size["width"] <= 320, size
    focus = page.locator(OPTIONS).first.evaluate("el => getComputedStyle(el).backgroundColor")
    plain = page.locator(OPTIONS).nth(1).evaluate("el => getComputedStyle(el).backgroundColor")
    assert focus != plain, "the active option stands out"
    context.close()


# --- First screen, layout shift and print ----------------------------------------------

def test_the_search_is_in_the_first_screen_and_nothing_jumps(phone, finder_url, tmp_path):
    phone.goto(finder_url, wait_until="networkidle")
    shot = tmp_path / "first-screen-390x844.png"
    phone.screenshot(path=str(shot))
    assert shot.stat().st_size > 0
    for name, selector in (("search box", BOX), ("Find centres button", SUBMIT)):
        box = phone.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], f"the {name} is at {box}"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"the {name} is at {box}"
    assert layout_shift(phone) <= 0.02, "the page does not jump while it loads"

    # The postcode's districts load while it is typed, so the answer comes straight after Enter,
    # within the half second in which the reader expects the page to change.
    with phone.expect_response(lambda response: "/finder/districts.json" in response.url, timeout=5_000):
        phone.locator(BOX).fill("M20 4BX")
    phone.locator(BOX).press("Enter")
    expect(phone.locator(HEADING)).to_have_text("Centres nearest to M20 4BX")
    assert layout_shift(phone) <= 0.02, "the page does not jump when results appear"

    before = layout_shift(phone)  # a control: the measure does see a shift the reader did not cause
    phone.evaluate("document.querySelector('#finder-results-heading').before(document.createElement('hr'))")
    assert layout_shift(phone) > before


def test_a_restored_search_loads_without_jumping_and_prints_on_few_pages(phone, finder_url, tmp_path):
    from pypdf import PdfReader

    phone.goto(finder_url + "?near=M20+4BX", wait_until="networkidle")
    expect(phone.locator(HEADING)).to_have_text("Centres nearest to M20 4BX")
    assert layout_shift(phone) <= 0.02, "results shown from the address do not move what is on screen"

    nearest = nearest_centre(phone.locator(".js-finder-results-list .app-centre-card__name").first.text_content())
    pdf = phone.pdf(format="A4", print_background=False)
    (tmp_path / "results.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert len(reader.pages) <= 3, f"a results page prints on {len(reader.pages)} A4 pages"
    assert "Centres nearest to M20 4BX" in text
    assert nearest.postcode in text and nearest.address.split(",")[0] in text, "the nearest centre's address"
    if nearest.phone:
        assert nearest.phone in text, "the nearest centre's phone number"
    assert "All centres, by nation" not in text, "not the full list"
    assert "Open to everyone, wherever you live" not in text, "not the programme cards"
    assert "google.com/maps" not in text, "not the long map links"


# --- Without JavaScript ----------------------------------------------------------------

def test_without_javascript_the_plain_form_leads_to_every_centre(browser, finder_url):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(finder_url)
    box = page.get_by_role("textbox", name="Postcode or town")
    expect(box).to_be_visible()
    expect(page.locator("[role=combobox]")).to_have_count(0)
    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    # Chromium's script switch leaves <noscript> unrendered, so check the note is there to show.
    note = page.locator("form[role=search] noscript .app-finder-search__no-script")
    expect(note).to_have_text(re.compile(r"^Your browser is not running JavaScript.*every centre, listed by nation\.$"))
    box.fill("Leeds")
    box.press("Enter")
    page.wait_for_url(re.compile(r"\?near=Leeds.*#all-centres$"))
    heading = page.get_by_role("heading", name="All centres, by nation")
    expect(heading).to_be_in_viewport()
    context.close()
