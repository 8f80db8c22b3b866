"""The centre finder in a real browser (headless Chromium through Playwright), on the real site.

Each test asserts on what a person sees: the first result, the distances, the
messages and where focus goes. The expected nearest centre is worked out here,
in Python, from the same committed tables, so the page is checked against an
independent calculation.
"""

import json
import math
import re
import shutil
import subprocess
import urllib.request

import pytest

import gates
from conftest import REPO, expect
from finder_answers import BOX, ask_all, by_name, districts, ranked
from sitegen.data import load_centres
from sitegen.finder import place_key, place_label, round_population

SHOWN = 10
HEADING = "#finder-results-heading"
RESULT_NAMES = ".js-finder-results-list .app-centre-card__name"
RESULT_DISTANCES = ".js-finder-results-list .app-centre-card__distance"
SUMMARY = "#finder-errors"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- An independent calculation of the right answers -------------------------

def described(distance):
    """What the page should say: under 1 mile; whole miles to 9.5; nearest 5 to 97.5; then nearest 10."""
    if distance < 1:
        return "less than 1 mile, straight line"
    step = 1 if distance < 9.5 else 5 if distance < 97.5 else 10
    rounded = int(math.floor(distance / step + 0.5) * step)
    return f"about {rounded} {'mile' if rounded == 1 else 'miles'}, straight line"


def unique_place(name):
    """The point of the one committed place with this name, as the index keeps it (to a hundredth of a degree)."""
    (row,) = by_name()[place_key(name)]
    return point_of(row)


def point_of(row):
    """A place's point as the page's index keeps it."""
    return round(float(row["lat"]) * 100) / 100, round(float(row["lon"]) * 100) / 100


def heading_name(row):
    """How the results heading names a place: 'Leeds, England', or the full label if its nation has another place of the name."""
    namesakes = [r for r in by_name()[place_key(row["name"])] if r is not row and r["nation"] == row["nation"]]
    return place_label(row) if namesakes else f"{row['name']}, {row['nation']}"


def by_people(name):
    """The places called name, most populous first (as the page's index rounds them)."""
    return sorted(by_name()[place_key(name)], key=lambda r: (-round_population(int(r["population"])), place_label(r)))


# --- Driving the page ---------------------------------------------------------

@pytest.fixture
def finder_url(site_url):
    """The Find a centre page of the real site."""
    return site_url + "find-a-centre/"


@pytest.fixture(scope="module")
def finder_tab(browser):
    """One tab for the tests that only search and read the page: each loads the page afresh in it,
    with the finder's files already in the cache. Tests of downloads, storage or location make a
    fresh browser profile of their own."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda message: tab.problems.append(message.text) if message.type in ("error", "warning") else None)
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    yield tab
    context.close()


@pytest.fixture
def finder(finder_tab, finder_url):
    """The Find a centre page, loaded afresh, with its search form showing; console errors fail the test."""
    finder_tab.problems.clear()
    finder_tab.goto(finder_url)
    expect(finder_tab.locator(BOX)).to_be_visible()
    yield finder_tab
    assert finder_tab.problems == []


def search(page, text):
    """Type into the box and press Enter, as a person would."""
    page.fill(BOX, text)
    page.press(BOX, "Enter")


def expect_results(page, heading, point):
    """Check the heading, the first result and every distance shown against the calculation."""
    expect(page.locator(HEADING)).to_have_text(heading)
    expected = ranked(point)[:SHOWN]
    expect(page.locator(RESULT_NAMES).first).to_have_text(expected[0][1])
    expect(page.locator(RESULT_NAMES)).to_have_text([name for _, name in expected])
    expect(page.locator(RESULT_DISTANCES)).to_have_text([described(d) for d, _ in expected])


def expect_error(page, message):
    """Check an error is shown the GOV.UK way: summary with focus, and a message by the box."""
    summary = page.locator(SUMMARY)
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("There is a problem")
    expect(summary.locator("li a")).to_have_text(message)
    expect(page.locator("#finder-near-error")).to_have_text(f"Error: {message}")
    expect(page.locator(BOX)).to_have_attribute("aria-describedby", "finder-near-hint finder-near-error")
    expect(page.locator(HEADING)).to_be_hidden()
    assert page.title().startswith("Error: ")


def active_id(page):
    """The id of the element that has focus."""
    return page.evaluate("document.activeElement.id")


# --- Searching ----------------------------------------------------------------

@pytest.mark.parametrize("typed, heading, district", [
    ("M20 4BX", "Centres nearest to M20 4BX", "M20"),        # England, full postcode
    ("EH4 2XU", "Centres nearest to EH4 2XU", "EH4"),        # Scotland
    ("CF14 2TL", "Centres nearest to CF14 2TL", "CF14"),     # Wales
    ("BT47 6SB", "Centres nearest to BT47 6SB", "BT47"),     # Northern Ireland
    ("IV2", "Centres nearest to IV2", "IV2"),                # an outward code alone
    ("sw1a1aa", "Centres nearest to SW1A 1AA", "SW1A"),      # lower case, no space
    (" tr1-3lj. ", "Centres nearest to TR1 3LJ", "TR1"),     # stray punctuation
])
def test_a_postcode_finds_the_nearest_centres_with_their_distances(finder, typed, heading, district):
    search(finder, typed)
    expect_results(finder, heading, districts()[district])
    expect(finder.locator(HEADING)).to_be_focused()
    expect(finder.locator(".js-finder-status")).to_have_text("27 centres, nearest first. Showing the nearest 10.")
    assert finder.url.endswith(f"?near={district}"), "only the outward code goes in the address"


@pytest.mark.parametrize("typed, name", [("Leeds", "Leeds, England"), ("inverness", "Inverness, Scotland"), ("DERRY", "Derry, Northern Ireland"),
                                         ("st. andrews", "St Andrews, Scotland"), ("Brighton & Hove", "Brighton and Hove, England"),
                                         ("the Wirral", "Wirral, England")])
def test_a_town_finds_the_centres_nearest_to_it(finder, typed, name):
    search(finder, typed)
    expect_results(finder, f"Centres nearest to {name}", unique_place(typed))


def test_the_first_result_is_the_nearest_centre_for_places_across_the_uk(finder):
    sample = sorted(districts())[::97] + ["ZE2", "TR21", "HS1", "BT74", "LL65", "KW15"]
    towns = [rows[0] for key, rows in sorted(by_name().items()) if len(rows) == 1 and rows[0]["kind"] != "crown"][::400]
    expected = [(f"Centres nearest to {district}", ranked(districts()[district])[0][1]) for district in sample]
    expected += [(f"Centres nearest to {heading_name(town)}", ranked(point_of(town))[0][1]) for town in towns]
    answers = ask_all(finder, sample + [town["name"] for town in towns])
    assert [(a["heading"], a["first"]) if a else None for a in answers] == expected


def test_a_postcode_among_other_words_is_found_as_in_a_pasted_address(finder):
    sample = sorted(districts())[5::97]
    typed = [f"Flat 2, 14 High Street, Sometown, {district} 1AA" for district in sample]
    typed += [f"14 High Street Sometown {district}1AA" for district in sample]
    typed += [f"Sometown {district}" for district in sample] + [f"{district} Sometown" for district in sample]
    shown = [f"{district} 1AA" for district in sample] * 2 + sample * 2
    expected = [(f"Centres nearest to {name}", ranked(districts()[name.split()[0]])[0][1]) for name in shown]
    answers = ask_all(finder, typed)
    assert [(a["heading"], a["first"]) if a else None for a in answers] == expected


# findPlace() in Node, on the built site's index, in a process that a time limit can stop: a query that
# hung the page would hang a browser test with it.
LONG_QUERIES = """
import { readFileSync } from 'node:fs'
const { findPlace, unpackPlaceIndex } = await import(process.argv[1])
const index = unpackPlaceIndex(JSON.parse(readFileSync(process.argv[2], 'utf8')))
const padding = 'city centre '.repeat(40)
const answers = ['Leeds ' + padding, 'Leeds ' + padding + 'x', 'Leeds '.repeat(3000), 'near '.repeat(3000) + 'Leeds'].map((text) => findPlace(index, text))
console.log(JSON.stringify(answers.map((found) => found.place ? found.place.label : found.suggestions.map((s) => s.name))))
"""


def test_a_long_query_or_a_link_to_one_is_answered_at_once(built_site):
    """Words after a name are matched to what says where it is word by word: 'city centre' read two ways at
    each of 40 places made 2 ** 40 ways, which froze the page (and a link with ?near= can carry any words)."""
    gates.require(shutil.which("node"), "Node.js is not installed (apt-get install nodejs)")
    done = subprocess.run(["node", "--input-type=module", "-e", LONG_QUERIES, str(REPO / "static/js/finder/places.js"),
                           str(built_site / "finder/places.json")], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["Leeds, West Yorkshire, England", ["Leeds, West Yorkshire, England"],
                                       ["Leeds, West Yorkshire, England"], "Leeds, West Yorkshire, England"]


def test_results_keep_the_details_of_each_centre(finder):
    search(finder, "M20 4BX")
    first = finder.locator(".js-finder-results-list > li").first
    name = ranked(districts()["M20"])[0][1]
    expect(first.locator("h3")).to_have_text(name)
    expect(first.locator("h4").first).to_have_text("What it offers")
    expect(first.get_by_role("link", name=f"Directions to {name}")).to_have_attribute("href", re.compile(r"^https://www\.google\.com/maps/dir/\?api=1&destination=.*M20\+4BX$"))
    expect(first.locator(".app-centre-card__checked")).to_contain_text("Details last checked:")
    expect(finder.locator("#open-to-everyone")).to_be_visible()
    expect(finder.get_by_role("heading", name="Help with travel costs")).to_be_visible()
    ids = finder.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "copied cards must not repeat ids"


def test_a_nation_filter_narrows_the_results(finder):
    finder.select_option("#finder-nation", label="Wales")
    search(finder, "M20")
    expect(finder.locator(HEADING)).to_have_text("Centres in Wales nearest to M20")
    cards = finder.locator(".js-finder-results-list article")
    expect(cards).to_have_count(3)
    assert set(cards.evaluate_all("cards => cards.map(c => c.dataset.nation)")) == {"Wales"}
    assert finder.url.endswith("?near=M20&nation=wales")
    finder.select_option("#finder-nation", label="All of the UK")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to M20")
    expect(cards).to_have_count(SHOWN)


# --- Questions and errors -------------------------------------------------------

def test_a_shared_place_name_asks_which_one(finder):
    rows = by_people("richmond")
    labels = [place_label(r) for r in rows]
    search(finder, "richmond")
    question = finder.locator("#finder-choices-heading")
    expect(question).to_have_text("Which Richmond do you mean?")
    expect(question).to_be_focused()
    expect(finder.locator(".js-finder-choices-list a")).to_have_text(labels)
    expect(finder.locator(HEADING)).to_be_hidden()
    chosen = rows[-1]
    finder.get_by_role("link", name=labels[-1]).click()
    expect_results(finder, f"Centres nearest to {heading_name(chosen)}", point_of(chosen))
    assert "?near=Richmond%2C+" in finder.url


def test_a_name_with_its_county_or_nation_goes_straight_to_results(finder):
    row = next(r for r in by_name()["newport"] if r["county"] == "Isle of Wight")
    search(finder, "Newport, Isle of Wight")
    expect_results(finder, f"Centres nearest to {place_label(row)}", point_of(row))
    search(finder, "Newport, Wales")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to Newport, Wales")
    expect(finder.locator(".js-finder-results-alternatives")).to_be_hidden()


def test_a_far_bigger_place_is_used_and_the_others_are_offered(finder):
    search(finder, "Newport")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to Newport, Wales")
    others = [place_label(r) for r in by_people("newport")[1:5]]
    alternatives = finder.locator(".js-finder-results-alternatives")
    expect(alternatives).to_have_text(f"Showing Newport, Wales. Did you mean {', '.join(others[:-1])} or {others[-1]}?")
    expect(finder.locator(".js-finder-status")).to_contain_text("Showing Newport, Wales.")
    alternatives.get_by_role("link", name=others[0]).click()
    expect(finder.locator(HEADING)).to_have_text(f"Centres nearest to {others[0]}")
    expect(alternatives).to_be_hidden()


def test_results_have_a_link_to_change_the_place(finder):
    search(finder, "Leeds")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to Leeds, England")
    finder.get_by_role("link", name="Change place").click()
    expect(finder.locator(BOX)).to_be_focused()
    assert finder.evaluate("document.activeElement.selectionEnd - document.activeElement.selectionStart") == len("Leeds")


@pytest.mark.parametrize("typed, message", [
    ("", "Enter a postcode or town"),
    ("QQ1 1AA", "Enter a real postcode, like LS1 4AP, or the name of a town"),
    ("SW1A 1CA", "Enter a real postcode, like LS1 4AP, or the name of a town"),
    ("12345", "Enter a real postcode, like LS1 4AP, or the name of a town"),
    ("Route 66", "Enter a real postcode, like LS1 4AP, or the name of a town"),
    ("Stratford Avon", "We could not find a place called ‘Stratford Avon’. Check the spelling, or enter a postcode"),
    ("Xyzzyville " * 20, f"We could not find a place called ‘{('Xyzzyville ' * 20)[:99]}…’. Check the spelling, or enter a postcode"),
    ("Xyzzyville", "We could not find a place called ‘Xyzzyville’. Check the spelling, or enter a postcode"),
    ("LS", "LS is only the start of a postcode. Enter a full postcode, like LS1 1AA, or its first part, like LS1"),
    ("LS50 1AA", "We could not find LS50 1AA. There is no district LS50 in the LS postcode area. Check the postcode, or enter a town"),
    ("ZY1 1AA", "We could not find the postcode ZY1 1AA. Check it, or enter the name of a town"),
])
def test_a_query_we_cannot_answer_gets_a_clear_error_and_the_box_stays_usable(finder, typed, message):
    search(finder, typed)
    expect_error(finder, message)
    expect(finder.locator(BOX)).to_have_value(typed)
    search(finder, "Leeds")
    expect_results(finder, "Centres nearest to Leeds, England", unique_place("Leeds"))
    expect(finder.locator(SUMMARY)).to_be_hidden()
    expect(finder.locator("#finder-near-error")).to_be_hidden()
    assert not finder.title().startswith("Error")


@pytest.mark.parametrize("typed, message", [
    ("JE2 3AB", "JE2 3AB is a Jersey postcode. Jersey is outside the area this finder covers"),
    ("gy1 1aa", "GY1 1AA is a Guernsey postcode. Guernsey is outside the area this finder covers"),
    ("IM1", "IM1 is an Isle of Man postcode. The Isle of Man is outside the area this finder covers"),
    ("Isle of Man", "The Isle of Man is outside the area this finder covers"),
    ("jersey", "Jersey is outside the area this finder covers"),
    ("St Helier, Jersey", "St Helier is on Jersey, which is outside the area this finder covers"),
    ("Channel Islands", "The Channel Islands are outside the area this finder covers"),
])
def test_places_outside_the_data_point_to_the_charity(finder, typed, message):
    search(finder, typed)
    expect_error(finder, message)
    help_text = finder.locator(f"{SUMMARY} .app-error-summary__description")
    expect(help_text).to_have_text("Contact us and we can help you find a centre.")
    expect(help_text.get_by_role("link", name="Contact us")).to_have_attribute("href", "/contact/")


# --- The reader's location --------------------------------------------------------

def location_page(browser, finder_url, **options):
    """Open the finder in a new context with geolocation options; return (context, page)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB", **options)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(finder_url)
    page.requests = requests
    return context, page


def test_my_location_finds_the_nearest_centres_and_never_leaves_the_page(browser, finder_url):
    here = (53.3811, -1.4701)  # Sheffield city centre
    context, page = location_page(browser, finder_url, permissions=["geolocation"],
                                  geolocation={"latitude": here[0], "longitude": here[1]})
    page.get_by_role("button", name="Use my location").click()
    expect_results(page, "Centres nearest to your location", here)
    expect(page.locator(HEADING)).to_be_focused()
    assert page.url == finder_url, "the reader's location is never put in the address"
    assert not any("53.38" in url or "1.47" in url for url in page.requests)
    context.close()


def test_a_denied_location_says_so_and_the_box_still_works(browser, finder_url):
    context, page = location_page(browser, finder_url)  # no permission given
    page.get_by_role("button", name="Use my location").click()
    expect_error(page, "We could not use your location because your browser did not allow it. Enter a postcode or town instead")
    search(page, "EH4 2XU")
    expect_results(page, "Centres nearest to EH4 2XU", districts()["EH4"])
    context.close()


@pytest.mark.parametrize("code, message", [
    (2, "We could not find your location. Enter a postcode or town instead"),
    (3, "Finding your location took too long. Try again, or enter a postcode or town"),
])
def test_a_failed_location_request_says_what_happened(browser, finder_url, code, message):
    context = browser.new_context(locale="en-GB")
    context.add_init_script(f"navigator.geolocation.getCurrentPosition = (ok, fail) => setTimeout(() => fail({{code: {code}}}), 800)")
    page = context.new_page()
    page.goto(finder_url)
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_role("button", name="Finding your location…")).to_be_visible()
    expect(page.locator(".js-finder-status")).to_have_text("Finding your location…")
    expect_error(page, message)
    expect(page.get_by_role("button", name="Use my location")).to_be_visible()
    context.close()


@pytest.mark.parametrize("where, message", [
    ((48.8566, 2.3522), "Your location seems to be outside the UK, so we cannot tell which centres are nearest. Enter a postcode or town instead"),
    ((54.15, -4.48), "Jersey, Guernsey and the Isle of Man are outside the area this finder covers"),
])
def test_a_location_outside_the_data_gets_a_message(browser, finder_url, where, message):
    context, page = location_page(browser, finder_url, permissions=["geolocation"],
                                  geolocation={"latitude": where[0], "longitude": where[1]})
    page.get_by_role("button", name="Use my location").click()
    expect_error(page, message)
    context.close()


def test_the_location_button_is_not_offered_without_geolocation(browser, finder_url):
    context = browser.new_context()
    context.add_init_script("delete Navigator.prototype.geolocation")
    page = context.new_page()
    page.goto(finder_url)
    expect(page.locator(BOX)).to_be_visible()
    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    context.close()


def test_the_finder_stops_with_a_warning_when_its_markup_is_incomplete(browser, finder_url):
    context = browser.new_context()
    page = context.new_page()
    warnings = []
    page.on("console", lambda message: warnings.append(message.text) if message.type == "warning" else None)

    def without_results_list(route):
        html = route.fetch().text().replace("js-finder-results-list", "")
        route.fulfill(body=html, content_type="text/html; charset=utf-8")

    page.route(finder_url, without_results_list)
    page.goto(finder_url)
    page.wait_for_load_state("load")
    expect(page.locator(".js-finder-form")).to_have_attribute("action", "#all-centres")  # the plain form, leading to the list
    expect(page.locator("[role=combobox]")).to_have_count(0)
    assert warnings == ["app-centre-finder: no element matches .js-finder-results-list, so the search is not shown"]
    expect(page.locator("#all-centres")).to_be_visible()
    context.close()


# --- Privacy and loading -----------------------------------------------------------

def test_no_index_is_loaded_until_a_search_and_nothing_leaves_the_site(page, finder_url, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(finder_url)
    expect(page.locator(BOX)).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert not [url for url in requests if url.startswith(site_url + "finder/")], "no index before the reader starts to search"
    search(page, "M20 4BX")
    expect(page.locator(HEADING)).to_have_text("Centres nearest to M20 4BX")
    index = [url.removeprefix(site_url).partition("?v=")[0] for url in requests if url.startswith(site_url + "finder/")]
    assert sorted(index) == ["finder/districts.json", "finder/places.json"], "focusing the box loads the places; a postcode the districts"
    search(page, "Leeds")
    expect(page.locator(HEADING)).to_have_text("Centres nearest to Leeds, England")
    search(page, "LS1")
    expect(page.locator(HEADING)).to_have_text("Centres nearest to LS1")
    index = [url.removeprefix(site_url).partition("?v=")[0] for url in requests if url.startswith(site_url + "finder/")]
    assert sorted(index) == ["finder/districts.json", "finder/places.json"], "each file is fetched once"
    assert all(url.startswith(site_url) for url in requests), [u for u in requests if not u.startswith(site_url)]
    assert not any("4BX" in url.upper() for url in requests), "the full postcode is never sent"


def test_the_districts_load_while_a_postcode_is_typed_and_not_for_a_town(page, finder_url, site_url):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(finder_url)
    page.locator(BOX).press_sequentially("Leed")
    expect(page.get_by_role("option", name=re.compile("^Leeds"))).to_be_visible()
    page.locator(BOX).fill("Leeds, England")
    page.wait_for_timeout(300)
    index = [url.removeprefix(site_url).partition("?v=")[0] for url in requests if url.startswith(site_url + "finder/")]
    assert index == ["finder/places.json"], "a town's name needs only the places"
    with page.expect_request(lambda request: "/finder/districts.json" in request.url, timeout=5_000):
        page.locator(BOX).fill("LS1 4")  # not yet searched: the districts come while the postcode is typed


def test_without_javascript_every_centre_and_programme_is_listed_with_working_links(browser, finder_url, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(finder_url)
    expect(page.locator(".js-finder-form")).to_have_attribute("action", "#all-centres")  # the plain form, leading to the list
    expect(page.get_by_role("button", name="Use my location")).to_be_hidden()
    loaded, programmes, _ = load_centres(REPO)
    for centre in loaded:
        card = page.locator(f"#centre-{centre.id}")
        expect(card.locator(".app-centre-card__name")).to_have_text(centre.name)
        expect(card).to_contain_text(centre.postcode)
        expect(card.get_by_role("link", name=f"Directions to {centre.name}")).to_have_attribute(
            "href", re.compile(r"^https://www\.google\.com/maps/dir/\?api=1&destination=.+" + centre.postcode.replace(" ", r"\+") + "$"))
    for programme in programmes:
        expect(page.locator(f"#programme-{programme.id} h3")).to_have_text(programme.name)
    hrefs = page.locator("main a[href]").evaluate_all("links => links.map(a => a.href)")
    for href in hrefs:
        if href.startswith(site_url):
            with NO_PROXY.open(href.split("#")[0]) as response:
                assert response.status == 200, href
        else:
            assert re.match(r"^(https://[^\s/]+\.[a-z]{2,}|mailto:[^@\s]+@[^@\s]+|tel:\+?[0-9]{10,13}$)", href), href
    assert not [url for url in requests if url.startswith(site_url + "finder/")], "no index without the script"
    context.close()


# --- Keyboard, history and accessibility --------------------------------------------

def test_everything_works_with_a_keyboard_alone(finder):
    for _ in range(80):
        finder.keyboard.press("Tab")
        if active_id(finder) == "finder-near":
            break
    assert active_id(finder) == "finder-near", "the box can be reached with Tab"
    finder.keyboard.type("richmond")
    finder.keyboard.press("Enter")
    expect(finder.locator("#finder-choices-heading")).to_be_focused()
    finder.keyboard.press("Tab")
    first_choice = finder.locator(".js-finder-choices-list a").first
    expect(first_choice).to_be_focused()
    finder.keyboard.press("Enter")
    expect(finder.locator(HEADING)).to_be_focused()
    expect(finder.locator(HEADING)).to_have_text(re.compile(r"^Centres nearest to Richmond, "))
    finder.keyboard.press("Tab")
    expect(finder.get_by_role("link", name="Change place")).to_be_focused()
    finder.keyboard.press("Tab")
    assert finder.evaluate("document.activeElement.closest('.js-finder-results-list') !== null"), "Tab goes on into the results"
    finder.focus(BOX)
    finder.keyboard.press("Tab")
    assert active_id(finder) == "finder-nation"
    finder.keyboard.press("ArrowDown")  # All of the UK → England
    expect(finder.locator(HEADING)).to_have_text(re.compile(r"^Centres in England nearest to Richmond, "))
    finder.focus(BOX)
    finder.keyboard.press("Control+A")
    finder.keyboard.type("Xyzzyville")
    finder.keyboard.press("Enter")
    expect(finder.locator(SUMMARY)).to_be_focused()
    finder.keyboard.press("Tab")
    finder.keyboard.press("Enter")
    expect(finder.locator(BOX)).to_be_focused()
    assert "#" not in finder.url


def test_the_location_button_works_from_the_keyboard(browser, finder_url):
    here = (55.8642, -4.2518)  # Glasgow
    context, page = location_page(browser, finder_url, permissions=["geolocation"],
                                  geolocation={"latitude": here[0], "longitude": here[1]})
    page.focus("#finder-nation")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Use my location")).to_be_focused()
    page.keyboard.press("Enter")
    expect_results(page, "Centres nearest to your location", here)
    context.close()


def test_a_restored_address_shows_the_same_search(page, finder_url):
    page.goto(finder_url + "?near=M20")
    expect_results(page, "Centres nearest to M20", districts()["M20"])
    expect(page.locator(BOX)).to_have_value("M20")
    page.goto(finder_url + "?near=m20+4bx&nation=england")
    expect(page.locator(HEADING)).to_have_text("Centres in England nearest to M20 4BX")
    expect(page.locator("#finder-nation")).to_have_value("england")
    assert page.url.endswith("?near=M20&nation=england"), "the full postcode is taken out of the address"


def test_back_and_forward_move_between_searches(finder, finder_url):
    search(finder, "M20")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to M20")
    search(finder, "Leeds")
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to Leeds, England")
    finder.go_back()
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to M20")
    expect(finder.locator(BOX)).to_have_value("M20")
    finder.go_back()
    expect(finder.locator(HEADING)).to_be_hidden()
    expect(finder.locator(BOX)).to_have_value("")
    expect(finder.locator("#centre-christie-manchester .app-centre-card__distance")).to_be_hidden()
    finder.go_forward()
    expect_results(finder, "Centres nearest to M20", districts()["M20"])
    finder.get_by_role("link", name="All centres, by nation").click()
    finder.go_back()
    expect(finder.locator(HEADING)).to_have_text("Centres nearest to M20")


def test_no_accessibility_violations_before_and_after_a_search(finder):
    gates.require_node_tools()
    assert gates.axe_faults(finder) == []
    search(finder, "M20 4BX")
    expect(finder.locator(HEADING)).to_be_visible()
    assert gates.axe_faults(finder) == []
    search(finder, "Richmond")
    expect(finder.locator("#finder-choices-heading")).to_be_visible()
    assert gates.axe_faults(finder) == []
    search(finder, "Newcastle")
    expect(finder.locator(".js-finder-results-alternatives")).to_be_visible()
    assert gates.axe_faults(finder) == []
    search(finder, "Edinbrugh")
    expect(finder.locator(f"{SUMMARY} .app-error-summary__description a")).to_have_text(["Edinburgh"])
    assert gates.axe_faults(finder) == []
    search(finder, "QQ1 1AA")
    expect(finder.locator(SUMMARY)).to_be_visible()
    assert gates.axe_faults(finder) == []


def test_the_page_reflows_at_320px_and_controls_are_big_enough(browser, finder_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(finder_url)
    search(page, "Xyzzyville")
    expect(page.locator(SUMMARY)).to_be_visible()
    search(page, "Richmond")
    expect(page.locator("#finder-choices-heading")).to_be_visible()
    controls = [BOX, "#finder-nation", ".js-finder-form button[type=submit]", ".js-finder-locate", ".js-finder-choices-list a"]
    for selector in controls:
        box = page.locator(selector).first.bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, (selector, box)
    search(page, "M20 4BX")
    expect(page.locator(HEADING)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.focus(".js-finder-form button[type=submit]")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).backgroundColor") == "rgb(255, 221, 0)", "focus is visible"
    context.close()


# --- The script's rules, checked against Python's -------------------------------------

def test_place_names_are_compared_the_same_way_in_python_and_the_browser(finder, site_url):
    names = [row["name"] for rows in by_name().values() for row in rows]
    names += ["Saint Ives", "St. Ives", "King’s Lynn", "Ynys Môn", " Stoke -- on - Trent ", "ÉLY", "Brighton & Hove",
              "Brighton&Hove", "the Wirral", "THE BOLDONS", "The", "the the", "Theale", "Co. Down", "Bangor Co Down", "constructor", "__proto__"]
    keys = finder.evaluate("async ([url, names]) => { const m = await import(url); return names.map(m.placeKey) }",
                           [site_url + "js/finder/places.js", names])
    assert keys == [place_key(name) for name in names]


def test_distances_are_rounded_by_the_stated_rules(finder, site_url):
    samples = [0.2, 0.99, 1.0, 1.49, 1.5, 9.49, 9.5, 12.4, 12.5, 97.4, 97.5, 104.9, 105, 612.3]
    shown = finder.evaluate("async ([url, miles]) => { const m = await import(url); return miles.map(m.describeDistance) }",
                            [site_url + "js/finder/rank.js", samples])
    assert shown == [described(m) for m in samples]
    assert shown[:4] == ["less than 1 mile, straight line", "less than 1 mile, straight line",
                         "about 1 mile, straight line", "about 1 mile, straight line"]
    assert shown[6:9] == ["about 10 miles, straight line", "about 10 miles, straight line", "about 15 miles, straight line"]
    assert shown[-1] == "about 610 miles, straight line"


def test_a_slow_index_download_says_it_is_searching(page, finder_url):
    held = []
    page.route("**/finder/districts.json*", lambda route: held.append(route))
    page.goto(finder_url)
    search(page, "M20 4BX")
    expect(page.locator(".js-finder-status")).to_have_text("Searching…")
    held[0].continue_()
    expect(page.locator(HEADING)).to_have_text("Centres nearest to M20 4BX")
    expect(page.locator(".js-finder-status")).to_have_text("27 centres, nearest first. Showing the nearest 10.")
