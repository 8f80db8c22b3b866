"""Site search (issue 14) in headless Chromium, on the real site built with its index.

One browser and one tab for most questions, to keep the suite fast. Without Chromium or
Playwright these tests skip, saying why; in CI (CI=true) they fail instead.
"""

import gzip
import html
import json
import re
import urllib.parse
from collections import defaultdict

import pytest

import gates
from conftest import REPO, expect
from sitegen.content import load_pages
from sitegen.data import load_centres
from sitegen.search import load_search_terms

TOGGLE = ".app-site-search--header .app-site-search__toggle"
BOX = "#site-search-input"
STATUS = "#site-search-status"
RESULTS = "#site-search-panel .app-site-search__result"
# One search's download, gzipped as hosts send it (Pagefind's own files come gzipped already):
# the 100 kB the search was designed to. Pagefind 1.4's script (10 kB) and WebAssembly (56 kB) are the
# same for any site; our results script is 4 kB, this site's index 17 kB, and the passages of the
# 5 results shown 0.2 to 2 kB each: about 90 kB today.
SEARCH_DOWNLOAD_BUDGET = 100_000


@pytest.fixture(scope="module")
def tab(browser, site_url):
    """One tab on a guidance page, recording every request after the page has loaded."""
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB")
    page = context.new_page()
    page.console_seen = []
    page.on("console", lambda m: page.console_seen.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: page.console_seen.append(str(error)))
    page.goto(site_url + "about/", wait_until="networkidle")
    yield page
    context.close()


# Each result's link, title, sections and passage, read in one call (each call to the browser costs a few ms).
READ_RESULTS = """(items) => items.map((item) => {
  const link = item.querySelector('a')
  return [link.getAttribute('href'), link.innerText,
          [...item.querySelectorAll('.app-site-search__section')].map((e) => e.innerText),
          item.querySelector('.app-site-search__excerpt').innerText]
})"""


def search_for(page, query):
    """Type a query into the header's search and press Enter; return [(href, title, section, passage)] once
    results show. (Enter searches at once; typing alone waits for a pause: test_search_works_with_the_keyboard_alone.)"""
    if page.locator(BOX).is_hidden():
        page.click(TOGGLE)
    if page.input_value(BOX) != query:  # the same words again would find the results already shown
        page.fill(BOX, query)
        page.press(BOX, "Enter")
    page.wait_for_function("([status, q]) => document.querySelector(status).textContent.includes(`“${q}”`)",
                           arg=[STATUS, query], timeout=20_000)
    return [tuple(result) for result in page.locator(RESULTS).evaluate_all(READ_RESULTS)]


# search_for() for each query, in one call to the browser: the words go in with an input event and the
# form is sent as Enter sends it; each query's results are read once the status names it, or are null
# after 20 seconds without.
SEARCH_ALL = f"""async ([box, status, results, queries]) => {{
  const input = document.querySelector(box), found = []
  const answer = async (query) => {{
    for (const started = performance.now(); !document.querySelector(status).textContent.includes(`“${{query}}”`);
         await new Promise((resolve) => setTimeout(resolve, 5)))
      if (performance.now() - started > 20000) return null
    return ({READ_RESULTS})([...document.querySelectorAll(results)])
  }}
  for (const query of queries) {{
    input.value = query
    input.dispatchEvent(new InputEvent('input', {{ bubbles: true, inputType: 'insertText', data: query }}))
    input.form.requestSubmit()
    found.push(await answer(query))
  }}
  return found
}}"""


def search_all(page, queries):
    """Search for each query in turn as search_for() does, in one call to the browser; return
    {query: [(href, title, section, passage)]}, None where no results showed within 20 seconds."""
    if page.locator(BOX).is_hidden():
        page.click(TOGGLE)
    found = page.evaluate(SEARCH_ALL, [BOX, STATUS, RESULTS, queries])
    return {query: results and [tuple(result) for result in results] for query, results in zip(queries, found)}


def path_of(href):
    """The path of a result's link, without its #section."""
    return urllib.parse.urlsplit(href).path


RIGHT_PAGES = [
    ("travel", "/travel-costs/"),
    ("Camidge", "/alk-positive-inc-programme/"),
    ("train fares", "/travel-costs/"),
    ("refused", "/nhs-second-opinion/"),
    ("is it free", "/nhs-second-opinion/"),
    ("can my wife come with me", "/travel-costs/"),
    ("what should I bring to the appointment", "/preparing/"),
    ("will it delay my treatment", "/preparing/"),
    ("who are you", "/about/"),
    ("large print", "/accessibility/"),
    ("can my daughter come", "/travel-costs/"),
    ("how much is a private consultation", "/private-second-opinion/"),
    ("how do I get my medical records", "/preparing/"),
    ("can I ask for a second opinion", "/second-opinions-explained/"),
    ("will it offend my oncologist", "/second-opinions-explained/"),
]


def centres_by_town():
    """Each name a reader may use for a centre's town ("Londonderry / Derry" is two), and its centres' ids."""
    centres, _, _ = load_centres(REPO)
    towns = defaultdict(set)
    for centre in centres:
        for town in centre.town.split(" / "):
            towns[town].add(centre.id)
    return sorted(towns.items())


def town_question(town):
    """What a reader might ask about a town."""
    return f"is there a specialist in {town}?"


def published_pages():
    """The real site's published pages, as the build loads them."""
    pages, _ = load_pages(REPO)
    return pages


def indexed_pages():
    """Every indexed page's title and URL (the search page itself is not indexed)."""
    return [(page.title, "/" + page.url) for page in published_pages() if page.template != "search"]


def words_readers_use():
    """Every (page URL, words) pair in data/search.yaml, read as the build reads it."""
    pages = published_pages()
    terms, _ = load_search_terms(REPO, pages)
    return [("/" + page.url, words) for page in pages for words in terms.get(page.source, ())]


def ways_of_typing(words):
    """The words alone, as a question, and in capitals."""
    return [words, f"{words}?", words.upper()]


def section_headings():
    """(heading text, page URL, the heading's id) for every section heading of every indexed page."""
    return [(html.unescape(re.sub(r"<[^>]+>", "", text)), "/" + page.url, ident)
            for page in published_pages() if page.template != "search"
            for ident, text in re.findall(r'<h2 id="([^"]+)">(.*?)</h2>', page.body)]


def every_question():
    """Each query the tests in TestQuestionsReadersAsk check."""
    return ([query for query, _ in RIGHT_PAGES] + [town_question(town) for town, _ in centres_by_town()]
            + [title for title, _ in indexed_pages()] + [heading for heading, _, _ in section_headings()]
            + [query for _, words in words_readers_use() for query in ways_of_typing(words)])


@pytest.fixture(scope="class")
def found(tab):
    """{query: results} for every question TestQuestionsReadersAsk checks."""
    return search_all(tab, every_question())


class TestQuestionsReadersAsk:
    """Questions chosen by rule from the site's own data: every centre's town, every page's title,
    every entry of data/search.yaml. They run whole on one worker, asked in one call to the browser."""

    @pytest.mark.parametrize("query, expected", RIGHT_PAGES)
    def test_a_question_finds_the_right_page_first(self, found, query, expected):
        results = found[query]
        assert results, f"no results for {query!r}"
        assert path_of(results[0][0]) == expected, f"{query!r} found {[r[0] for r in results]}"
        assert results[0][1] and results[0][3], "each result needs a title and a passage"

    @pytest.mark.parametrize("town, ids", centres_by_town())
    def test_a_question_about_any_centre_town_finds_a_centre_there_first(self, found, town, ids):
        hrefs = [href for href, *_ in found[town_question(town)] or []]
        assert hrefs and hrefs[0] in {f"/find-a-centre/#centre-{i}" for i in ids}, f"{town_question(town)!r} found {hrefs}"

    @pytest.mark.parametrize("title, url", indexed_pages())
    def test_a_page_title_finds_that_page_first(self, found, title, url):
        hrefs = [path_of(href) for href, *_ in found[title] or []]
        assert hrefs[:1] == [url], f"{title!r} found {hrefs}"

    def test_a_result_for_a_section_heading_leads_to_that_section(self, found):
        """A page found by the words of one of its headings links to that heading (or to the page's top, from
        its title document), never to an earlier section the words also touch."""
        wrong, leading = [], 0
        for heading, url, ident in section_headings():
            links = [href for href, *_ in found[heading] or [] if path_of(href) == url]
            wrong += [f"{heading!r} led to {links[0]}" for link in links[:1] if link not in (url, f"{url}#{ident}")]
            leading += links[:1] == [f"{url}#{ident}"]
        assert len(section_headings()) >= 40 and not wrong, "\n".join(wrong)
        assert leading >= len(section_headings()) // 2, "most headings lead to their own section"

    @pytest.mark.parametrize("url, words", words_readers_use())
    def test_the_words_readers_use_find_their_page_alone_and_in_a_question(self, found, url, words):
        for query in ways_of_typing(words):
            hrefs = [path_of(href) for href, *_ in found[query] or []]
            assert url in hrefs[:3], f"{query!r} found {hrefs}"


def test_a_question_no_page_has_every_word_of_lists_pages_with_some_of_them(tab):
    query = "can I get help with train fares to Leeds?"
    results = search_for(tab, query)
    assert path_of(results[0][0]) == "/travel-costs/", [r[0] for r in results]
    assert tab.locator(STATUS).inner_text().startswith(f"No page has every word of “{query}”. ")
    assert "with some of the words “help train fares leeds”" in tab.locator(STATUS).inner_text()
    assert "/find-a-centre/#centre-leeds-st-james" in [href for href, *_ in results]


def test_a_result_shows_the_title_the_section_and_the_passage_with_the_words_marked(tab):
    search_for(tab, "Camidge")
    first = tab.locator(RESULTS).first
    assert first.locator("a").inner_text() == "ALK Positive Inc second opinion programme (USA)"
    assert first.locator(".app-site-search__section").inner_text().startswith("Section: ")
    assert first.locator("a").get_attribute("href").startswith("/alk-positive-inc-programme/#")
    assert first.locator("mark").first.inner_text().lower().startswith("camidge")


def test_a_town_finds_its_centre_on_the_find_a_centre_page(tab, site_url):
    results = search_for(tab, "Leeds")
    hrefs = [href for href, *_ in results]
    leeds = [href for href in hrefs if href.startswith("/find-a-centre/#centre-leeds")]
    assert leeds, f"'Leeds' found {hrefs}"
    assert any("Leeds" in title for _, title, *_ in results)
    card = tab.context.new_page()
    try:
        card.goto(site_url + leeds[0][1:], wait_until="load")
        assert card.locator(urllib.parse.urlsplit(leeds[0]).fragment.join(["#", ""])).is_visible()
    finally:
        card.close()


def test_no_match_says_so_and_suggests_browsing_or_contacting_us(tab):
    search_for(tab, "zzyzx")
    status = tab.locator(STATUS)
    assert status.inner_text().startswith("No pages match “zzyzx”.")
    links = {a.inner_text(): a.get_attribute("href") for a in status.locator("a").all()}
    assert links.get("browse every page of this guide") == "/search/"
    assert links.get("contact us") == "/contact/"
    assert tab.locator(RESULTS).count() == 0


def site_words(built_site):
    """The guide's words, most used first, as the build writes them for search."""
    return json.loads((built_site / "pagefind" / "site-words.json").read_text(encoding="utf-8"))


def swap_middle(word):
    """A word with the two letters in its middle swapped: 'referral' → 'refreral'."""
    middle = len(word) // 2
    return word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]


def test_a_word_misspelt_is_searched_as_the_guides_word_spelt_most_like_it(tab, built_site):
    """"refferal" found nothing, and "acessibility" found pages without it. Each of the guide's 40 most used words
    of 7 letters or more, two letters swapped, is searched as the word it was made from, and the status says so."""
    words = site_words(built_site)
    made = [(swap_middle(w), w) for w in words if len(w) >= 7][:40]
    typos = [(typo, w) for typo, w in made if typo not in words and not any(o.startswith(typo) for o in words)]
    wrong = []
    for typo, word in typos:
        results = search_for(tab, typo)
        status = tab.locator(STATUS).inner_text()
        if not results or not status.startswith(f"No pages match “{typo}”. ") or f"“{word}”" not in status:
            wrong.append(f"{typo!r}: {status!r}")
    assert len(typos) >= 30 and not wrong, "\n".join(wrong)
    assert [path_of(href) for href, *_ in search_for(tab, "acessibility")][:1] == ["/accessibility/"]


def search_status(tab, query):
    """The status after searching for `query`."""
    search_for(tab, query)
    return tab.locator(STATUS).inner_text()


def test_a_real_word_the_guide_does_not_use_is_not_searched_as_another(tab):
    """"refund" is one letter from no word of the guide (two from "refuse"), and "son" is shorter than all of them."""
    assert search_status(tab, "refund").startswith("No pages match “refund”. Check the spelling")
    assert "“son”" in search_status(tab, "son") and "No pages match" not in search_status(tab, "can my son come")


def place_link(tab):
    """The status's link to Find a centre, as (text, href), or None."""
    links = tab.locator(STATUS + " a[href*='?near=']")
    return (links.first.inner_text(), links.first.get_attribute("href")) if links.count() else None


def test_a_town_or_postcode_searched_for_leads_to_the_centres_nearest_it(tab, built_site, site_url):
    """Readers type where they live into search. The 30 most populous towns whose names are no word of the guide,
    alone and in a question, lead to Find a centre for that place; the link finds it there."""
    from finder_answers import places
    words = site_words(built_site)
    towns = [p for p in sorted(places(), key=lambda p: -int(p["population"])) if p["kind"] == "town" and p["county"]
             and all(w not in words and not any(o.startswith(w) for o in words) for w in re.findall(r"[a-z]+", p["name"].lower()))][:30]
    wrong = []
    for town in towns:
        for query in (town["name"], f"train fares from {town['name']}"):
            search_for(tab, query)
            found = place_link(tab)
            if not found or found[0] != f"Find the centres nearest to {town['name']}" or not found[1].startswith("/find-a-centre/?near="):
                wrong.append(f"{query!r}: {found}")
    assert len(towns) == 30 and not wrong, "\n".join(wrong)
    for query in ("LS1 4AP", "ls14ap"):
        search_for(tab, query)
        assert place_link(tab) == ("Find the centres nearest to LS1 4AP", "/find-a-centre/?near=LS1%204AP")
    for query in ("refund", "hotel", "Leeds", "travel costs", "Wales", "Jersey"):
        search_for(tab, query)
        assert place_link(tab) is None, query
    search_for(tab, towns[0]["name"])
    tab.locator(STATUS + " a[href*='?near=']").click()
    expect(tab.locator("#finder-results-heading")).to_have_text(re.compile(f"^Centres nearest to {re.escape(towns[0]['name'])}, "))
    tab.goto(site_url + "about/", wait_until="networkidle")


def spelling_distance(a, b):
    """Letters to change, add, remove or swap to turn a into b (as static/js/spelling.js counts them)."""
    rows = [list(range(len(b) + 1))] + [[i] + [0] * len(b) for i in range(1, len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def test_a_town_spelt_like_a_word_of_the_guide_is_never_searched_as_that_word(tab, built_site):
    """"Derby" was searched as "derry" (a centre in Northern Ireland) and "Hull" as "full". Every one-word name of
    the 400 most populous towns that the guide does not have, but is one or two letters from a word it has, is
    searched as typed and leads to Find a centre."""
    from finder_answers import places
    words = site_words(built_site)
    names = [name for p in sorted(places(), key=lambda p: -int(p["population"]))[:400] if p["kind"] == "town" for name in p["names"]]
    towns = [name for name in names if re.fullmatch(r"[A-Za-z]+", name) and name.lower() not in words
             and not any(o.startswith(name.lower()) for o in words)]
    close = [town for town in towns if any(spelling_distance(town.lower(), w) <= (1 if len(town) <= 7 else 2) for w in words)]
    wrong = []
    for town in close:
        search_for(tab, town)
        status = tab.locator(STATUS).inner_text()
        if re.search(r"results? for “(?!" + re.escape(town) + "”)", status) or not place_link(tab):
            wrong.append(f"{town!r}: {status!r}")
    assert {"Derby", "Hull"} <= set(close) and not wrong, "\n".join(wrong)


def test_results_are_announced_in_a_live_region_and_the_box_is_labelled(tab):
    search_for(tab, "travel")
    assert tab.locator(STATUS).get_attribute("role") == "status"
    assert tab.locator(STATUS).inner_text().endswith("for “travel” (the best matches first)") or \
        "results for “travel”" in tab.locator(STATUS).inner_text()
    assert tab.locator("label[for='site-search-input']").inner_text() == "Search this guide"
    assert tab.locator(TOGGLE).get_attribute("aria-expanded") == "true"


def test_axe_finds_no_violations_with_results_open_and_nothing_scrolls_sideways(tab):
    gates.require_node_tools()
    search_for(tab, "second opinion")
    assert tab.locator(RESULTS).count() > 1
    faults = gates.axe_faults(tab) + gates.narrow_faults(tab) + gates.focus_faults(tab)
    assert not faults, "\n".join(faults)


def test_search_controls_and_results_are_44_px_targets(tab):
    search_for(tab, "travel")
    controls = [TOGGLE, BOX, "#site-search-panel .app-site-search__button", f"{RESULTS} a"]
    small = [f"{selector}: {round(box['width'])}×{round(box['height'])}" for selector in controls
             for box in [tab.locator(selector).first.bounding_box()] if box["width"] < 44 or box["height"] < 44]
    assert not small, small


def test_search_works_with_the_keyboard_alone(browser, site_url):
    context = browser.new_context(viewport=gates.DESKTOP, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site_url + "privacy/", wait_until="networkidle")
        for _ in range(12):  # the skip link, the home link, the quick links, then Search
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.app-site-search__toggle')"):
                break
        assert page.evaluate("document.activeElement.textContent.trim()") == "Search this guide"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "site-search-input"
        page.keyboard.type("train fares")
        page.wait_for_function("() => document.querySelector('#site-search-status').textContent.includes('train fares')")
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.closest('.app-site-search__result') !== null")
        page.keyboard.press("ArrowUp")
        assert page.evaluate("document.activeElement.id") == "site-search-input"
        page.keyboard.press("Escape")
        assert page.locator("#site-search-panel").is_hidden()
        assert page.evaluate("document.activeElement.matches('.app-site-search__toggle')")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # the Search button
        page.keyboard.press("Tab")  # the first result
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert urllib.parse.urlsplit(page.url).path == "/travel-costs/"
    finally:
        context.close()


def test_the_index_loads_only_when_a_search_starts_and_nothing_leaves_the_site(browser, site_url):
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB")
    page = context.new_page()
    requests, phase = [], ["load"]
    page.on("requestfinished", lambda request: requests.append((request, phase[0])))
    try:
        page.goto(site_url + "travel-costs/", wait_until="networkidle")
        page.click(TOGGLE)
        page.wait_for_timeout(300)
        assert not [r.url for r, _ in requests if "/pagefind/" in r.url], "the index loaded before any search"
        phase[0] = "search"
        search_for(page, "travel")
        searched = [r for r, when in requests if when == "search"]
        assert any("/pagefind/wasm." in r.url for r in searched) and any("/pagefind/index/" in r.url for r in searched)
        origin = urllib.parse.urlsplit(site_url)[:2]
        assert [r.url for r, _ in requests if urllib.parse.urlsplit(r.url)[:2] != origin] == []
        stored = {k: v for k, v in page.evaluate(gates.STORAGE_SCRIPT).items() if v}
        assert stored == {} and context.cookies() == []
    finally:
        context.close()


def test_one_search_downloads_less_than_the_budget(browser, site_url):
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB")
    page = context.new_page()
    requests = []
    try:
        page.goto(site_url + "about/", wait_until="networkidle")
        page.on("requestfinished", lambda request: requests.append(request))
        search_for(page, "second opinion")
        sizes = {r.url: gzipped_size(r.response().body()) for r in requests}
        total = sum(sizes.values())
        assert total <= SEARCH_DOWNLOAD_BUDGET, f"one search downloads {total:,} bytes gzipped: {sizes}"
    finally:
        context.close()


def gzipped_size(body):
    """Bytes as a host sends them: gzip-compressed, unless the file is compressed already."""
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body))


def test_search_logs_no_errors(tab):
    search_for(tab, "private")
    assert tab.console_seen == []


def test_the_search_page_runs_the_search_in_its_address(browser, site_url):
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site_url + "search/?q=refused", wait_until="networkidle")
        page.wait_for_function("() => document.querySelector('#search-page-status').textContent.includes('refused')")
        first = page.locator("#search-page-panel .app-site-search__result a").first.get_attribute("href")
        assert path_of(first) == "/nhs-second-opinion/"
    finally:
        context.close()


@pytest.mark.parametrize("query", ["travel costs " * 200, " ".join(f"word{n}" for n in range(400))], ids=["found", "not-found"])
def test_a_long_search_or_a_link_to_one_is_quoted_in_part(browser, site_url, query):
    """The status, a live region that screen readers read out, repeats at most 100 characters of the search."""
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(site_url + "search/?q=" + urllib.parse.quote(query), wait_until="networkidle")
        page.wait_for_function("() => document.querySelector('#search-page-status').textContent.includes('…”')")
        status = page.locator("#search-page-status").text_content()
        assert f"“{query.strip()[:99]}…”" in status and len(status) < 400, status
    finally:
        context.close()


def test_without_javascript_search_is_a_link_to_a_page_that_lists_every_page(browser, site_url, built_site):
    context = browser.new_context(viewport=gates.PHONE, locale="en-GB", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "about/")
        link = page.locator(".app-site-search--header a.app-site-search__link")
        assert link.is_visible() and link.get_attribute("href") == "/search/"
        assert page.locator(BOX).is_hidden()
        link.click()
        assert page.locator("h1").inner_text() == "Search this guide"
        assert page.locator("main").get_by_text("Search needs JavaScript").is_visible()
        listed = {a.get_attribute("href") for a in page.locator("main .app-page-index a").all()}
        every_page = {gates.page_name(built_site, p) for p in gates.site_pages(built_site)} - {"/404.html", "/search/"}
        assert listed == every_page
    finally:
        context.close()


def test_the_little_words_of_a_question_are_left_out(tab):
    question = search_for(tab, "how much does it cost?")
    assert tab.locator(STATUS).inner_text().endswith("for “how much does it cost?” (the best matches first)")
    assert "/private-second-opinion/" in [path_of(href) for href, *_ in question]
    assert question == search_for(tab, "cost")


def test_enter_straight_after_typing_shows_the_results_once(tab):
    search_for(tab, "travel")  # the index and results script are loaded
    tab.fill(BOX, "")
    tab.evaluate("""() => {
        window.listsShown = 0
        const results = document.querySelector('#site-search-panel .js-site-search-results')
        new MutationObserver((changes) => { window.listsShown += changes.flatMap((c) => [...c.addedNodes]).filter((n) => n.nodeName === 'OL').length })
            .observe(results, { childList: true })
    }""")
    tab.locator(BOX).press_sequentially("hospital")  # each key starts a search that waits for a pause
    tab.press(BOX, "Enter")
    tab.wait_for_function("() => document.querySelector('#site-search-status').textContent.includes('“hospital”')")
    tab.wait_for_timeout(600)  # longer than the pause a typed search waits for
    assert tab.evaluate("window.listsShown") == 1, "the typed search must not show its results again after Enter"
