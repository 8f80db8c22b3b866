"""The shipped guidance: required parts on every page, the charity's facts, nothing invented."""

import re

import pytest
import yaml

from sitegen.content import load_pages
from sitegen.pipeline import gather
from sitegen.problems import WARNING
from sitegen.quality import READING_AGE_TARGET

from conftest import REPO, page_text

PAGES, _ = load_pages(REPO)
GUIDANCE = [p for p in PAGES if p.guidance]
CENTRES = yaml.safe_load((REPO / "data/centres.yaml").read_text())


def html_of(built_site, page):
    """The built HTML of a page."""
    return (built_site / page.url / "index.html").read_text()


def visible_text(html):
    """The page's text, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("page", GUIDANCE, ids=[p.source for p in GUIDANCE])
def test_guidance_page_shows_review_dates_sources_and_a_way_to_get_in_touch(built_site, page):
    html = html_of(built_site, page)
    day = f"{page.last_reviewed.day} {page.last_reviewed:%B %Y}"
    assert f"Page last reviewed: {day}" in html
    assert f"Next review due: {page.next_review.day} {page.next_review:%B %Y}" in html
    assert '<h2 class="app-sources__heading" id="sources-heading">Sources</h2>' in html
    assert re.search(r'class="app-feedback".*?href="/contact/">Contact us</a>', html, re.S)


@pytest.mark.parametrize("page", PAGES, ids=[p.source for p in PAGES])
def test_reading_age_is_at_or_under_target(page):
    assert page.reading_age is None or page.reading_age <= READING_AGE_TARGET


@pytest.mark.parametrize("source", ["private-second-opinion.md", "alk-positive-inc-programme.md", "travel-costs.md"])
def test_pages_about_costs_are_reviewed_every_year(source):
    page = next(p for p in PAGES if p.source == source)
    assert page.review_cycle_months == 12
    assert (page.next_review - page.last_reviewed).days <= 366


# Each fact in the charity's own text (../shared/seed/second-opinions.txt), as the site words it.
CHARITY_FACTS = {
    "free NHS second opinion": ("nhs-second-opinion.md", r"\bfree\b"),
    "can also pay privately": ("private-second-opinion.md", r"pay"),
    "no legal right, rarely refused": ("second-opinions-explained.md", r"(?s)legal right.*rarely say no"),
    "consultant hoped for someone he respects": ("second-opinions-explained.md", r"respect"),
    "ask an ALK+ expert about another approach": ("second-opinions-explained.md", r"ALK.{0,40}expert"),
    "CRUK guidance link": ("second-opinions-explained.md",
                           r"cancerresearchuk\.org/about-cancer/cancer-in-general/treatment/access-to-treatment/different-doctor-second-opinion"),
    "centre closest to where you live": ("index.md", r"closest to where you live"),
    "travel for two can deter": ("travel-costs.md", r"two people"),
    "charity pays all travel for patient and companion": ("travel-costs.md", r"(?s)financial hardship.*pay all the travel costs"),
    "US programme open to members worldwide": ("alk-positive-inc-programme.md", r"(?i)members.{0,60}(world|countr)"),
    "many of our members belong": ("alk-positive-inc-programme.md", r"(?i)many of our members"),
    "panel of ALK+ experts, only Dr Camidge remotely": ("alk-positive-inc-programme.md", r"(?s)panel.*Camidge"),
    "about £750": ("alk-positive-inc-programme.md", r"£750"),
    "US group pays if patient cannot": ("alk-positive-inc-programme.md", r"(?i)(afford|raise the money)"),
    "US treatment may not be available in UK": ("alk-positive-inc-programme.md", r"(?i)cannot get in the UK"),
    "a few UK patients paid anyway": ("alk-positive-inc-programme.md", r"(?i)small number"),
}


@pytest.mark.parametrize("fact", CHARITY_FACTS, ids=list(CHARITY_FACTS))
def test_every_fact_in_the_charitys_text_is_on_the_site(built_site, fact):
    source, pattern = CHARITY_FACTS[fact]
    page = next(p for p in PAGES if p.source == source)
    assert re.search(pattern, html_of(built_site, page)), f"{fact}: not found on {source}"


def test_find_a_centre_lists_every_centre_and_programme_with_working_links(built_site):
    html = (built_site / "find-a-centre/index.html").read_text()
    for centre in CENTRES["centres"]:
        card = re.search(rf'<article class="app-centre-card" id="centre-{centre["id"]}".*?</article>', html, re.S)
        assert card, centre["id"]
        assert centre["postcode"] in card.group(0)
        if centre.get("website"):
            assert f'href="{centre["website"]}"' in card.group(0)
        assert "Directions to" in card.group(0)
    for programme in CENTRES["programmes"]:
        assert f'id="programme-{programme["id"]}"' in html


# Phone numbers the guidance itself may give, each from ../shared/facts/signposting-facts.md.
NUMBERS_FROM_FACTS = {
    "03003301343": "NHS Low Income Scheme (travel-costs.md)",
}
PHONE_NUMBER = re.compile(r"(?<![\d£])0(?: ?\d){9,10}(?!\d)")


def test_no_contact_detail_is_invented(built_site):
    """Phone numbers come only from the data files and the facts files; no email is set yet."""
    text = " ".join(visible_text(p.read_text()) for p in built_site.rglob("*.html"))
    site = yaml.safe_load((REPO / "data/site.yaml").read_text())
    assert not site["contact"].get("email") and not site["contact"].get("phone")
    from_data = {route["phone"].replace(" ", "") for route in site.get("other_help") or () if route.get("phone")}
    shown = {number.replace(" ", "") for number in PHONE_NUMBER.findall(text)}
    assert shown - from_data - set(NUMBERS_FROM_FACTS) == set(), "a phone number appears that no data or facts file gives"
    assert not re.search(r"[\w.-]+@[\w-]+\.[\w.]+", text), "an email address appears on the site"
    assert "mailto:" not in text


def test_no_sentence_says_a_source_told_us_more_than_it_did():
    """The ALK Positive Inc details come only from the charity's own text, so nothing says 'tells us'."""
    files = [*(REPO / "content").glob("*.md"), *(REPO / "data").glob("*.yaml"), *(REPO / "templates").rglob("*.html")]
    said = [f"{path.relative_to(REPO)}: {match.group(0)}" for path in files
            for match in re.finditer(r"(?i)\b(tells|told) us\b", path.read_text(encoding="utf-8"))]
    assert said == []


@pytest.mark.parametrize("name, hint", [
    ("extra.markdown", "to publish it, rename it extra.md (pages end in .md, in small letters)"),
    ("Extra.MD", "to publish it, rename it Extra.md (pages end in .md, in small letters)"),
    ("notes.txt", "to publish it, rename it notes.md (pages end in .md, in small letters)"),
    ("Travel guide.docx", "a document cannot be a page: copy its words into a new .md page (EDITING.md says how)"),
    ("leaflet.PDF", "a document cannot be a page: copy its words into a new .md page (EDITING.md says how)"),
    ("photo.jpg", "pages must end in .md; pictures belong in static/images/"),
])
def test_a_file_that_is_not_a_page_says_what_to_do_with_it(make_project, name, hint):
    root = make_project()
    (root / "content" / name).write_bytes(b"Some words.\n")
    [problem] = [p for p in gather(root).problems if p.path == f"content/{name}"]
    assert (problem.level, problem.message, problem.hint) == (WARNING, "this file is not a page, so it is left out", hint)


def shipped_page_texts():
    return [(path.name, path.read_text(encoding="utf-8")) for path in sorted((REPO / "content").glob("*.md"))]


@pytest.mark.parametrize("fence", ["—", "–", "–––", "----", "- - -", "−−−"])
def test_a_front_matter_line_that_is_not_three_hyphens_is_named_on_every_page(make_project, fence):
    """Word processors turn '---' into a dash; each fence of each shipped page, mistyped, is named at its line."""
    for name, text in shipped_page_texts():
        closing = text.index("\n---\n", 3)
        line = text[:closing].count("\n") + 2
        for mistyped, at, message in ((fence + text[3:], 1, f"the first line is '{fence}', not '---', so the front matter is not read"),
                                      (text[:closing + 1] + fence + text[closing + 4:], line,
                                       f"this line is '{fence}', not '---', so the front matter never ends")):
            root = make_project({"content/about.md": mistyped})
            [problem] = [p for p in gather(root).problems if p.path == "content/about.md"]
            assert (problem.line, problem.message) == (at, message), name
            assert problem.hint == "make it exactly three hyphens: --- (a word processor may have turned them into a dash)"


@pytest.mark.parametrize("change, line, message, hint", [
    (lambda text: "\n\n" + text, 1, "the page starts with an empty line, so its front matter is not read",
     "delete the empty lines, so that '---' is the first line"),
    (lambda text: text.replace("\n---\n", "\n\n", 1), 1, "the front matter that starts here never ends",
     "add a line '---' after its last field, like 'next_review: …'"),
    (lambda text: text[4:], 1, "the page has no front matter",
     "start the file with a line '---', then 'title: …' and 'description: …', then another '---'"),
])
def test_a_missing_front_matter_line_says_which(make_project, change, line, message, hint):
    root = make_project({"content/about.md": change(page_text("About", "Words.\n\nMore words.\n"))})
    [problem] = [p for p in gather(root).problems if p.path == "content/about.md"]
    assert (problem.line, problem.message, problem.hint) == (line, message, hint)


@pytest.mark.parametrize("quotes", ["“”", "‘’", "””"])
def test_a_value_in_curly_quotes_says_to_type_straight_ones(make_project, quotes):
    text = page_text("About").replace("title: About", f"title: {quotes[0]}About us: who we are{quotes[1]}")
    [problem] = [p for p in gather(make_project({"content/about.md": text})).problems if p.path == "content/about.md"]
    assert problem.line == 2 and problem.message.startswith("this is not valid YAML")
    assert problem.hint == "the value is in curly quotes (“ ”), which YAML reads as letters: type straight double quotes (\") instead"
