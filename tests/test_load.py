"""Loading: YAML with line numbers, front matter, Markdown and links."""

import datetime
import pickle
import random

import pytest

from sitegen.content import TypedLines, load_pages
from sitegen.markdown_rules import page_url, parse_link, published_href, resolve_source
from sitegen import schema, validate
from sitegen.pipeline import gather
from sitegen.data import load_centres, load_site
from sitegen.model import LINK_KINDS
from sitegen.problems import WARNING
from sitegen.validate import check_links
from sitegen.yamlfile import parse_yaml

from conftest import REPO, page_text


def test_yaml_keeps_line_numbers_of_keys():
    data, problems = parse_yaml("a: 1\nitems:\n  - name: x\n    town: y\n", "f.yaml")
    assert problems == []
    assert data.line_of("items") == 2
    assert data["items"][0].line_of("town") == 4


def test_yaml_refuses_duplicate_keys():
    data, problems = parse_yaml("name: a\nname: b\n", "f.yaml")
    assert data is None
    assert str(problems[0]).startswith("f.yaml:2: 'name' appears twice in one group of fields: here and at line 1")


def test_yaml_error_gives_line_column_and_hint():
    _, problems = parse_yaml("title: ok\ndescription: Costs: what to expect\n", "f.yaml")
    assert problems[0].line == 2
    assert "column 19" in problems[0].message
    assert "double quotes" in problems[0].hint


def test_page_urls_are_pretty_and_nest():
    assert page_url("index.md") == ""
    assert page_url("travel-costs.md") == "travel-costs/"
    assert page_url("help/index.md") == "help/"
    assert page_url("help/money.md") == "help/money/"


def test_relative_md_links_resolve_against_the_linking_page():
    assert resolve_source("help/money.md", "../travel-costs.md") == "travel-costs.md"
    assert resolve_source("index.md", "../outside.md") is None
    assert published_href(parse_link("travel-costs.md#who-can-claim", "index.md"), "/sub/") == "/sub/travel-costs/#who-can-claim"
    assert published_href(parse_link("index.md", "help/money.md"), "/") == "/help/"


def test_pages_load_with_front_matter_headings_and_links(make_project):
    body = "Intro.\n\n## Who can claim?\n\nSee [costs](index.md#who-can-claim) and [CRUK](https://www.cancerresearchuk.org).\n"
    root = make_project({"content/costs.md": page_text("Costs", body, order=3)})
    pages, problems = load_pages(root)
    assert problems == []
    costs = next(p for p in pages if p.source == "costs.md")
    assert costs.order == 3
    assert costs.last_reviewed == datetime.date(2026, 11, 1)
    assert "who-can-claim" in costs.headings
    assert [(link.href, link.line) for link in costs.links] == [
        ("index.md#who-can-claim", 16), ("https://www.cancerresearchuk.org", 16)]
    assert 'href="/#who-can-claim"' in costs.body
    assert 'href="https://www.cancerresearchuk.org" rel="noopener"' in costs.body


def test_draft_pages_are_left_out(make_project):
    root = make_project({"content/later.md": page_text("Later", draft="true")})
    pages, _ = load_pages(root)
    assert "later.md" not in [p.source for p in pages]


def test_callouts_and_checklists_get_component_classes(make_project):
    body = '!!! important "Keep your appointments"\n    Go to booked tests.\n\n- Scans\n- Letters\n{: .app-checklist}\n'
    root = make_project({"content/prep.md": page_text("Prep", body)})
    pages, _ = load_pages(root)
    html = next(p for p in pages if p.source == "prep.md").body
    assert '<div class="app-callout app-callout--important">' in html
    assert '<p class="app-callout__title">Keep your appointments</p>' in html
    assert '<ul class="app-checklist">' in html


@pytest.mark.parametrize("body, line, message", [
    ("A claim.[^1]\n", 11, "'[^1]' would show as typed: the site has no footnotes"),
    ("Intro.\n\nSee [the NHS][nhs].\n", 13, "the link '[the NHS][nhs]' would show as typed"),
    ("See [costs] (index.md).\n", 11, "the link '[costs] (index.md)' would show as typed"),
    ("See [costs](index.md\n", 11, "the link '[costs](index.md' would show as typed"),
    ("Intro.\n\n| Cost | Paid |\n|---|\n| Bus | Yes | No |\n", 13, "this table would show as typed, starting '| Cost | Paid |'"),
    ("This is **important.\n", 11, "'**' would show as typed"),
    ("Some **bold** words.\n\n- A list.\n- And **half bold.\n", 14, "'**' would show as typed"),
    ("Intro.\n\nSee https://www.nhs.uk/conditions/lung-cancer/.\n", 13,
     "'https://www.nhs.uk/conditions/lung-cancer/' would show as plain text"),
    ("> Go to www.nhs.uk today.\n", 11, "'www.nhs.uk' would show as plain text"),
    ("- Write to help@example.org.\n", 11, "'help@example.org' would show as plain text, which readers cannot tap or click to write"),
    ("## Costs\n\n#### Trains\n", 13, "this heading is level 4 (####) under a level 2 heading, so level 3 is skipped"),
    ("Intro.\n\n### Costs\n", 13, "this heading is level 3 (###) under a level 1 heading"),
    ("Intro.\n\n• Your letters\n• Your scans\n", 13, "this list would show as one paragraph, starting '• Your letters'"),
    ("What to bring:\n\t● Letters\n\t● Scans\n", 12, "this list would show as one paragraph, starting '● Letters'"),
    ("Intro.\n\n1) Ask your GP\n2) Wait for a letter\n", 13, "this numbered list would show as one paragraph, starting '1) Ask your GP'"),
], ids=["footnote", "reference", "space-in-link", "unclosed-link", "table", "bold", "bold-after-bold", "address", "www", "email",
        "skipped-level", "first-heading", "pasted-bullets", "indented-bullets", "numbered-with-brackets"])
def test_markdown_that_would_reach_readers_as_typed_is_a_warning_at_its_line(make_project, body, line, message):
    root = make_project({"content/extra.md": page_text("Extra", body)})
    _, problems = load_pages(root)
    found = [p for p in problems if p.path == "content/extra.md"]
    assert [(p.level, p.line) for p in found] == [(WARNING, line)], found
    assert found[0].message.startswith(message), found[0].message


def test_a_lone_bullet_or_a_number_in_a_sentence_is_no_list(make_project):
    body = "• One thing to note.\n\nTwo things: 1) cost and\n2) time.\n\n- 1) the first\n- 2) the second\n"
    root = make_project({"content/extra.md": page_text("Extra", body)})
    _, problems = load_pages(root)
    assert [p.message for p in problems if p.path == "content/extra.md" and "list" in p.message] == []


def test_the_same_leftover_on_several_lines_is_reported_at_each_of_them(make_project):
    body = ("[The NHS](https://www.nhs.uk) is a link.\n\nSee https://www.nhs.uk.\n\n- A list.\n"
            "- Then see https://www.nhs.uk again.\n")
    root = make_project({"content/extra.md": page_text("Extra", body)})
    _, problems = load_pages(root)
    assert [p.line for p in problems if p.path == "content/extra.md"] == [13, 16]


PLAIN = '"A plain description."'


@pytest.mark.parametrize("title, description, line, message", [
    ('"Help with **travel**"', PLAIN, 2, "'title' is shown as plain text, so '**' would show as typed"),
    ("Extra", '"Read [the NHS page](https://www.nhs.uk) first."', 3, "'description' is shown as plain text, so '[the NHS page](' would"),
    ('"# Travel"', PLAIN, 2, "'title' is shown as plain text, so '#' would show as typed"),
    ("Extra", '"Costs <b>paid</b>."', 3, "'description' is shown as plain text, so '<b' would show as typed"),
], ids=["bold-title", "link-in-description", "heading-mark", "html"])
def test_markdown_in_a_title_or_description_is_a_warning_at_its_line(make_project, title, description, line, message):
    root = make_project({"content/extra.md": page_text(title, description=description)})
    _, problems = load_pages(root)
    found = [p for p in problems if p.path == "content/extra.md"]
    assert [(p.level, p.line) for p in found] == [(WARNING, line)], found
    assert found[0].message.startswith(message), found[0].message


def test_titles_and_descriptions_with_ordinary_punctuation_give_no_warning(make_project):
    title, description = '"Travel costs: you & a friend (2026) - #1 [draft] C#"', '"Costs < £50, 5 * 3 and 1 > 0."'
    root = make_project({"content/extra.md": page_text(title, description=description)})
    _, problems = load_pages(root)
    assert [p for p in problems if p.path == "content/extra.md"] == []


def test_markdown_written_as_meant_gives_no_warning(make_project):
    body = ("See [costs](index.md), [the NHS][nhs], [NHS][] and <https://www.nhs.uk>; write to <help@example.org>.\n\n"
            "[nhs]: https://www.nhs.uk\n\n## Costs\n\n### Trains\n\n## Help\n\n"
            "**Bold** words, 5 * 3, a line to fill in: ______, [sic] and `[a][b] https://x.org`.\n\n"
            "| Cost | Paid |\n| --- | --- |\n| Bus | Yes |\n\n    https://www.nhs.uk in a code block\n\n"
            "[https://www.nhs.uk](https://www.nhs.uk)\n")
    root = make_project({"content/extra.md": page_text("Extra", body)})
    pages, problems = load_pages(root)
    assert [p for p in problems if p.path == "content/extra.md"] == []
    assert "<table>" in next(p for p in pages if p.source == "extra.md").body


def test_typed_lines_finds_the_lines_that_reading_every_line_finds():
    """TypedLines (str.find, resumed) against reading every line for every question, on random pages and questions."""
    def by_reading_every_line(lines, text, occurrence, within):
        hits = [i for i, line in enumerate(lines) if text in line and within in line]
        return hits[min(occurrence, len(hits) - 1)] if hits else None

    rng = random.Random(13)
    for _ in range(3000):
        lines = ["".join(rng.choice("ab{[ ") for _ in range(rng.randint(0, 8))) for _ in range(rng.randint(0, 12))]
        typed = TypedLines(lines)
        for _ in range(10):  # in no order, so that a search resumed from where the last stopped is tried too
            text, within = "".join(rng.choice("ab{[\n") for _ in range(rng.randint(0, 3))), rng.choice(["", "{", "a"])
            occurrence = rng.randint(0, 4)
            assert typed.line_of(text, occurrence, within) == by_reading_every_line(lines, text, occurrence, within), \
                (lines, text, occurrence, within)


def test_centres_and_site_load_into_records(make_project):
    root = make_project()
    centres, programmes, problems = load_centres(root)
    site, site_problems = load_site(root)
    assert problems == [] and site_problems == []
    assert centres[0].postcode == "LS9 7TF" and centres[0].latitude == 53.80806
    assert centres[0].sources[0].url == "https://www.leedsth.nhs.uk"
    assert programmes[0].page == "index.md"
    assert site.contact.email == "help@example.org" and site.contact.phone is None


LINKS = [
    ("HTTPS://Example.org/a.md", "scheme", "https"),
    ("mailto:help@example.org", "scheme", "mailto"),
    ("help@example.org", "email", None),
    ("www.example.org", "www", None),
    ("#who-can-claim", "anchor", None),
    ("/images/map.png#top", "static", "images/map.png"),
    ("leaflet.pdf", "file", None),
    ("../travel-costs.md#who", "page", "travel-costs.md"),
    ("../../outside.md", "page", None),
]


@pytest.mark.parametrize("href, kind, target", LINKS)
def test_a_link_is_worked_out_once_when_its_page_loads(href, kind, target):
    link = parse_link(href, "help/money.md")
    assert (link.kind, link.target) == (kind, target)
    assert link.path + ("#" + link.fragment if "#" in href else "") == href


def test_every_kind_of_link_is_tried():
    assert {kind for _, kind, _ in LINKS} == set(LINK_KINDS)


def test_loaded_links_are_plain_records_that_validation_reads_without_markdown(make_project):
    body = "See [costs](missing.md#who) and [help](help@example.org).\n\nOr [write](mailto:help@example).\n"
    root = make_project({"content/costs.md": page_text("Costs", body)})
    pages, _ = load_pages(root)
    costs = next(p for p in pages if p.source == "costs.md")
    assert pickle.loads(pickle.dumps(costs)) == costs, "a cache may keep loaded pages on disk"
    assert [(link.kind, link.target, link.fragment, link.line) for link in costs.links] == [
        ("page", "missing.md", "who", 11), ("email", None, "", 11), ("scheme", "mailto", "", 13)]
    messages = [p.message for p in check_links(costs, {"costs.md": costs}, set(), {})]
    assert messages == ["the link 'missing.md#who' points to a page that does not exist",
                        "the link 'help@example.org' looks like an email address",
                        "'mailto:help@example' is not a complete email address"]


def test_every_front_matter_field_written_is_on_the_loaded_page(make_project):
    written = {"order": 2, "review_cycle_months": 12, "template": "contact", "guidance": False, "draft": True}
    front = {name: str(value).lower() for name, value in written.items()}
    root = make_project({"content/later.md": page_text("Later", **front)})
    later = next(p for p in load_pages(root, drafts=True)[0] if p.source == "later.md")
    assert {name: getattr(later, name) for name in written} == written
    assert all(written[f.name] != f.default for f in schema.FRONT_MATTER.fields if f.name in written), "pick non-defaults"
    assert [source.title for source in later.sources] == ["A source"]


def test_a_page_markdown_cannot_read_gets_no_links_left_from_the_page_before(make_project):
    root = make_project({"content/a.md": page_text("A", "[x](nowhere.md)\n"), "content/b.md": page_text("B", "[" * 300 + "\n")})
    pages, problems = load_pages(root)
    b = next(p for p in pages if p.source == "b.md")
    assert (b.links, b.headings, b.body) == ((), frozenset(), "")
    assert [p.message[:30] for p in problems] == ["this paragraph leaves 300 '[' "]


@pytest.mark.parametrize("field, longest", [("title", 65), ("description", 160)])
def test_a_title_or_description_too_long_for_search_results_is_a_warning(make_project, field, longest):
    for length, warned in ((longest, False), (longest + 1, True)):
        text = ("Second opinions explained " * 10)[:length - 1] + "s"
        page = page_text(text, description="About it.") if field == "title" else page_text("Extra", description=text)
        _, problems = load_pages(make_project({"content/extra.md": page}))
        found = [p.message for p in problems if p.path == "content/extra.md"]
        assert found == ([f"'{field}' has {length} characters, more than the {longest} that fit in search results"] if warned else []), length


def test_the_shipped_titles_and_descriptions_fit():
    pages, problems = load_pages(REPO)
    assert len(pages) > 10 and not [p for p in problems if "characters, more than" in p.message]


@pytest.mark.parametrize("body", ["", "\n\n   \n"])
def test_a_page_with_no_words_is_a_warning(make_project, body):
    text = page_text("Extra").split("\n---\n")[0] + "\n---\n" + body
    _, problems = load_pages(make_project({"content/extra.md": text}))
    assert [(p.level, p.line, p.message) for p in problems if p.path == "content/extra.md"] == [
        (WARNING, 9, "this page has no words below its front matter, so readers would find only its title")]
    draft = text.replace("\n---\n", "\ndraft: true\n---\n", 1)
    _, problems = load_pages(make_project({"content/extra.md": draft}))
    assert [p for p in problems if p.path == "content/extra.md"] == []  # a draft may be empty until it is written


@pytest.mark.parametrize("link, message", [
    ("[click here](index.md)", "the link 'click here' does not say where it goes"),
    ("[Here](index.md)", "the link 'Here' does not say where it goes"),
    ("[read more.](index.md)", "the link 'read more.' does not say where it goes"),
    ("[more information](https://www.nhs.uk)", "the link 'more information' does not say where it goes"),
    ("[https://www.nhs.uk/conditions](https://www.nhs.uk/conditions)",
     "the link's words are its web address, 'https://www.nhs.uk/conditions', which a screen reader reads out letter by letter"),
    ("<https://www.nhs.uk>", "the link's words are its web address, 'https://www.nhs.uk', which a screen reader reads out letter by letter"),
    ("[how to claim travel costs](index.md)", None),
    ("[more about the NHS scheme](https://www.nhs.uk)", None),
    ("<help@example.org>", None),
])
def test_link_words_that_do_not_say_where_it_goes_are_a_warning_at_its_line(make_project, link, message):
    root = make_project({"content/extra.md": page_text("Extra", f"Intro.\n\nTo find out, see {link} today.\n")})
    found = [(p.level, p.line, p.message) for p in gather(root).problems if p.path == "content/extra.md"]
    assert found == ([(WARNING, 13, message)] if message else [])


def test_the_shipped_pages_link_with_words_that_say_where(make_project):
    pages, _ = load_pages(REPO)
    links = [link for page in pages for link in page.links]
    assert len(links) > 30 and all(link.text for link in links)
    assert [(link.text, link.href) for link in links if validate.link_text_problems(link, pages[0])] == []
