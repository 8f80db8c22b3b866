"""Guidance a reader can act on today: contact routes that work, the NHS travel-costs scheme,
honest centre cards, a complete privacy notice, the first step on the home page, and no claim
stronger than its source. Each test fails if its point is taken out of the content, data or templates."""

import re
from html import unescape
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from sitegen import schema
from sitegen.pipeline import gather
from sitegen.problems import CONFIRM

from conftest import CENTRE, PROGRAMME, REPO, SITE_YAML, page_text

SITE = yaml.safe_load((REPO / "data/site.yaml").read_text(encoding="utf-8"))
CENTRES = yaml.safe_load((REPO / "data/centres.yaml").read_text(encoding="utf-8"))["centres"]
MACMILLAN = next(route for route in SITE["other_help"] if route["name"] == "Macmillan Support Line")
PHONE = 390, 844


def text_of(html):
    """The visible words of some HTML, tags removed, entities decoded and spaces collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def built(built_site, url):
    """The built HTML at a site URL such as '/contact/'."""
    return (built_site / url.lstrip("/") / "index.html").read_text(encoding="utf-8")


def card_of(html, centre_id):
    """The HTML of one centre's card on Find a centre."""
    found = re.search(rf'<article class="app-centre-card" id="centre-{centre_id}".*?</article>', html, re.S)
    assert found, f"no card for {centre_id}"
    return found.group(0)


def has_macmillan_line(html):
    """Whether a page gives the Macmillan Support Line: number as a link, free, and its hours."""
    digits = MACMILLAN["phone"].replace(" ", "")
    words = text_of(html)
    return (f'href="tel:{digits}"' in html and MACMILLAN["phone"] in words and "(free)" in words
            and MACMILLAN["hours"] in words)


# --- 1. Contact that works today ------------------------------------------------------


def test_contact_page_gives_routes_a_reader_can_use_today(built_site):
    html = built(built_site, "/contact/")
    words = text_of(html)
    assert 'href="https://www.alkpositive.org.uk"' in html, "the charity's website"
    assert "We will add an email address and a phone number for the charity here soon." in words
    assert has_macmillan_line(html)
    assert "Your lung cancer nurse specialist or care team" in words
    for route in SITE["other_help"]:
        for source in route["sources"]:
            assert f'href="{source["url"]}"' in html, f"{route['name']}: source {source['title']} not shown"


def contact_us_targets(built_site):
    """(page, href) of every 'Contact us' link on the built site, the finder's contact URL included."""
    links = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        page = "/" + path.relative_to(built_site).as_posix()
        links += [(page, href) for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
                  if re.fullmatch(r"(?i)contact us", text_of(text))]
        links += [(page, href) for href in re.findall(r'data-contact-url="([^"]+)"', html)]
    return links


def test_every_contact_us_link_leads_to_the_macmillan_line(built_site):
    links = contact_us_targets(built_site)
    assert len(links) > 20, f"only {len(links)} 'Contact us' links found"
    wrong = []
    for page, href in links:
        target = urlsplit(href).path
        resolved = PurePosixPath(page).parent.joinpath(target).as_posix() if not target.startswith("/") else target
        file = built_site / resolved.lstrip("/") / "index.html"
        if not file.is_file() or not has_macmillan_line(file.read_text(encoding="utf-8")):
            wrong.append(f"{page} -> {href}")
    assert wrong == [], "'Contact us' links to a page without the Macmillan Support Line:\n" + "\n".join(wrong)


def project_contact(make_project, site_yaml):
    """Build a small project with this data/site.yaml; return its contact page's HTML."""
    root = make_project({"data/site.yaml": site_yaml})
    result = gather(root)
    assert not [p for p in result.problems if p.level == "error"], result.problems
    return result.outputs["contact/index.html"].decode()


OTHER_HELP = """\
other_help:
  - name: Helpline for testing
    about: Answers questions.
    phone: 0113 496 0001
    cost: Free
    hours: 9am to 5pm
    sources:
      - title: The helpline's own page
        url: https://www.testcharity.org.uk/helpline
"""


def test_contact_routes_are_data_and_the_charitys_own_lead_once_set(make_project):
    without = SITE_YAML.replace("  email: help@example.org\n", "")
    html = project_contact(make_project, without + OTHER_HELP)
    assert "We will add an email address and a phone number" in text_of(html)
    assert 'href="tel:01134960001"' in html and "Helpline for testing" in html
    assert 'href="https://www.testcharity.org.uk/helpline"' in html, "each route shows its source"

    complete = SITE_YAML.replace("  email: help@example.org\n", "  email: help@example.org\n  phone: 0113 496 0000\n")
    html = project_contact(make_project, complete + OTHER_HELP)
    assert "We will add" not in html
    assert html.index('href="tel:01134960000"') < html.index("Helpline for testing"), "the charity's phone comes first"


def test_check_keeps_listing_the_charitys_missing_details():
    listed = " ".join(p.message for p in gather(REPO).problems if p.level == CONFIRM and p.path == "data/site.yaml")
    for missing in ("email", "phone", "postal address", "charity_number", "retention", "ico_postal_address"):
        assert missing in listed, f"check no longer lists the charity's {missing}"


def test_a_help_route_must_name_its_source(make_project):
    no_source = OTHER_HELP.split("    sources:")[0]
    root = make_project({"data/site.yaml": SITE_YAML + no_source})
    problems = [str(p) for p in gather(root).problems if p.level == "error"]
    assert any("'sources' is missing" in p and "data/site.yaml" in p for p in problems), problems


# --- 2. Travel costs --------------------------------------------------------------------

HTCS_POINTS = {
    "the scheme by name": r"Healthcare Travel Costs Scheme",
    "England only": r"Healthcare Travel Costs Scheme \(England\)",
    "condition 1: a benefit or the Low Income Scheme": r"you or your partner get a benefit that counts, or you get help through the NHS Low Income Scheme",
    "condition 2: a referral": r"has referred you to a specialist or a hospital",
    "condition 3: a separate visit": r"different visit from the one where you were referred",
    "an escort when medically necessary": r"someone who travels with you\. A health professional must say that you need them to come for medical reasons",
    "claim at the hospital": r"Claim at the hospital's cashier's office",
    "what to take": r"receipts and your appointment letter",
    "the Low Income Scheme": r"form called HC1.*HC2.*HC3",
    "ask about second opinions first": r"does not say whether a second opinion appointment counts\. Ask the hospital before you travel",
    "other nations": r"Scotland, Wales and Northern Ireland have their own rules",
}


def test_travel_costs_page_cites_the_nhs_scheme(built_site):
    html = built(built_site, "/travel-costs/")
    sources = html[html.index('id="sources-heading"'):]
    assert f'href="{HTCS_URL}"' in sources


HTCS_URL = "https://www.nhs.uk/nhs-services/help-with-health-costs/healthcare-travel-costs-scheme-htcs/"


def test_every_page_that_mentions_the_nhs_scheme_cites_it():
    from sitegen.content import load_pages

    pages, _ = load_pages(REPO)
    mention = re.compile(r"(?i)travel costs scheme|pay back (your )?travel costs")
    mentioning = [p for p in pages if mention.search(text_of(p.body))]
    assert len(mentioning) >= 3, [p.source for p in mentioning]
    uncited = [p.source for p in mentioning if HTCS_URL not in [s.url for s in p.sources]]
    assert uncited == []


def test_contacting_the_charity_early_is_advice_not_a_rule(built_site):
    words = text_of(built(built_site, "/travel-costs/"))
    assert "Contact us before you travel" not in words
    assert "It is best to contact us before you travel" in words
    centres = text_of(built(built_site, "/find-a-centre/"))
    assert "Contact us before you travel." not in centres


# --- 3. Words that match their sources ------------------------------------------------------


CLAIMS_TOO_STRONG = {
    "/alk-positive-inc-programme/": ["ALK Positive Inc tells us", "what ALK Positive Inc has told us"],
    "/find-a-centre/": ["as ALK Positive Inc tells us", "Open to everyone, wherever you live"],
    "/nhs-second-opinion/": ["any NHS hospital trust, wherever you live"],
}


@pytest.mark.parametrize("url", CLAIMS_TOO_STRONG)
def test_no_sentence_claims_more_than_its_source(built_site, url):
    words = text_of(built(built_site, url))
    assert [claim for claim in CLAIMS_TOO_STRONG[url] if claim in words] == []


def test_the_us_programme_is_given_as_the_charitys_own_understanding(built_site):
    words = text_of(built(built_site, "/alk-positive-inc-programme/"))
    assert "Our own guidance says a second opinion costs about £750. We have not been able to check this." in words
    card = text_of(card_of_programme(built(built_site, "/find-a-centre/"), "alk-positive-inc-remote"))
    assert "as we understand it" in card.lower() and "not been able to check" in card


def card_of_programme(html, programme_id):
    """The HTML of one programme card on Find a centre."""
    found = re.search(rf'<article class="app-programme-card" id="programme-{programme_id}".*?</article>', html, re.S)
    assert found, programme_id
    return found.group(0)


def test_a_referral_elsewhere_is_a_request_a_hospital_can_refuse(built_site):
    words = text_of(built(built_site, "/nhs-second-opinion/"))
    assert "You can ask to be referred to a hospital outside your local area." in words
    assert "you cannot insist on seeing a particular doctor or going to a particular hospital" in words


# --- 4. Honest centre cards ---------------------------------------------------------------------

ADDRESS_NOTES = {
    ("address", "postcode"): "Address and postcode not yet confirmed: check with the hospital.",
    ("address",): "Address not yet confirmed: check with the hospital.",
    ("postcode",): "Postcode not yet confirmed: check with the hospital.",
}


@pytest.mark.parametrize("centre", CENTRES, ids=[c["id"] for c in CENTRES])
def test_a_card_says_which_details_are_unconfirmed(built_site, centre):
    card = text_of(card_of(built(built_site, "/find-a-centre/"), centre["id"]))
    unconfirmed = set(centre.get("unconfirmed") or ())
    key = tuple(name for name in ("address", "postcode") if name in unconfirmed)
    for note_key, note in ADDRESS_NOTES.items():
        assert (note in card) == (note_key == key), f"{centre['id']}: '{note}'"
    assert ("Map position not yet confirmed" in card) == ("coordinates" in unconfirmed)
    assert ("What it offers is not yet confirmed" in card) == ("offers" in unconfirmed)
    checked = re.search(r"Details last checked: [^(]*\((.*?)\)\.", card)
    if checked:
        named = checked.group(1)
        for field, label in (("address", "address"), ("postcode", "postcode"), ("offers", "what it offers"),
                             ("coordinates", "map position"), ("website", "website")):
            assert (label in named) == (field not in unconfirmed and (field != "website" or bool(centre.get("website")))), \
                f"{centre['id']}: 'last checked' is wrong about the {label}"
    else:
        assert "None of these details are confirmed yet." in card, f"{centre['id']}: nothing says what was checked"


def test_a_card_with_nothing_confirmed_claims_no_check(built_site):
    nothing = [c for c in CENTRES if {"name", "address", "postcode", "offers", "coordinates"} <= set(c.get("unconfirmed") or ())]
    assert nothing, "the data has no centre with every detail unconfirmed"
    for centre in nothing:
        card = text_of(card_of(built(built_site, "/find-a-centre/"), centre["id"]))
        assert "Details last checked" not in card and "None of these details are confirmed yet." in card


@pytest.mark.parametrize("centre", CENTRES, ids=[c["id"] for c in CENTRES])
def test_alk_experience_is_shown_only_with_its_source(built_site, centre):
    card = card_of(built(built_site, "/find-a-centre/"), centre["id"])
    facts = centre.get("alk_experience") or ()
    assert ("Experience of ALK-positive lung cancer" in card) == bool(facts)
    for fact in facts:
        item = re.search(r"<li>" + re.escape(fact["text"].replace("'", "&#39;")) + r"(.*?)</li>", card, re.S)
        assert item, f"{centre['id']}: {fact['text']}"
        assert f'href="{fact["source"]["url"]}"' in item.group(1) and "Source:" in item.group(1)


def test_alk_experience_is_in_the_data_where_the_facts_give_it():
    with_experience = {c["id"] for c in CENTRES if c.get("alk_experience")}
    assert with_experience == {"royal-marsden-chelsea", "christie-manchester", "guys-cancer-centre"}


def test_alk_experience_without_a_source_is_refused(make_project):
    entry = "    alk_experience:\n      - text: Sees many ALK-positive patients.\n"
    root = make_project({"data/centres.yaml": f"centres:\n{CENTRE}{entry}programmes:\n{PROGRAMME}"})
    problems = [str(p) for p in gather(root).problems if p.level == "error"]
    assert any("'source' is missing" in p for p in problems), problems
    assert "alk_experience" in schema.json_schema(schema.CENTRE)["properties"]


def test_the_finder_says_the_nearest_centre_may_be_your_own_hospital(built_site):
    words = text_of(built(built_site, "/find-a-centre/"))
    assert "The nearest centre may be the hospital that already treats you." in words
    assert "A second opinion usually means seeing a team at another hospital." in words


# --- 5. Privacy notice ------------------------------------------------------------------------------

PRIVACY_SECTIONS = {
    "data controller": r"ALK Positive Lung Cancer \(UK\) is the data controller",
    "what is collected": r"What we collect.*your name and how to reply to you.*what you tell us",
    "why": r"Why we use it.*reply to you",
    "lawful basis": r"The law we rely on.*UK GDPR.*legitimate interests.*explicit consent",
    "who sees it": r"Who sees it.*Only the people at our charity who need it",
    "how long": r"How long we keep it.*How long we keep messages",
    "rights": r"Your rights.*copy of the information.*correct it.*delete it.*stop using it.*object",
    "complaints to the ICO": r"How to complain.*Information Commissioner's Office \(ICO\)",
    "no cookies": r"It does not use cookies",
    "charity number to confirm": r"Registered charity number Not yet confirmed",
    "ICO address to confirm": r"The ICO's address Not yet confirmed here\. You can find it on the ICO website, ico\.org\.uk\.",
}


# Each point a page must make: the NHS travel-costs scheme, and every part of the privacy notice.
POINTS = {**{f"travel costs: {name}": ("/travel-costs/", pattern) for name, pattern in HTCS_POINTS.items()},
          **{f"privacy: {name}": ("/privacy/", pattern) for name, pattern in PRIVACY_SECTIONS.items()}}


@pytest.mark.parametrize("point", POINTS, ids=list(POINTS))
def test_the_page_makes_the_point(built_site, point):
    url, pattern = POINTS[point]
    assert re.search(pattern, text_of(built(built_site, url))), point


def test_privacy_notice_links_to_the_ico(built_site):
    assert 'href="https://ico.org.uk"' in built(built_site, "/privacy/")


def test_privacy_facts_replace_not_yet_confirmed_once_set(make_project):
    site = SITE_YAML + "charity_number: '1234567'\nprivacy:\n  retention: Two years after our last reply.\n"
    root = make_project({"data/site.yaml": site, "content/privacy.md": page_text("Privacy", template="privacy", guidance="false")})
    result = gather(root)
    words = text_of(result.outputs["privacy/index.html"].decode())
    assert "Registered charity number 1234567" in words
    assert "How long we keep messages Two years after our last reply." in words
    assert "The ICO's address Not yet confirmed" in words


def test_readme_documents_the_new_fields():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    records = (schema.ALK_EXPERIENCE, schema.HELP_ROUTE, schema.PRIVACY)
    missing = [f"{r.label}: {f.name}" for r in records for f in r.fields if f"| `{f.name}` |" not in readme]
    assert missing == []


# --- 6. The home page's first screen, and the contact page's, on a phone -----------------------


def test_the_first_screen_says_what_to_do_first(page, site_url):
    page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
    page.goto(site_url)
    first = page.get_by_text("Ask your cancer doctor or your GP to refer you for a second opinion.")
    talk = page.locator("main").get_by_role("link", name="contact us", exact=True).first
    for element in (first, talk):
        box = element.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE[1], f"below the first screen: {box}"
    assert talk.get_attribute("href").endswith("/contact/")

    page.goto(site_url + "contact/")
    for element in (page.get_by_role("heading", level=1, name="Contact us"),
                    page.get_by_role("link", name=MACMILLAN["phone"])):
        box = element.bounding_box()
        assert box and box["y"] + box["height"] <= PHONE[1], f"below the first screen on the contact page: {box}"


@pytest.mark.parametrize("kind, text, accepted", [
    ("site", (REPO / "data/site.yaml").read_text(encoding="utf-8"), True),
    ("centres", (REPO / "data/centres.yaml").read_text(encoding="utf-8"), True),
    ("site", SITE_YAML + OTHER_HELP.split("    sources:")[0], False),
    ("site", SITE_YAML + "privacy:\n  retention:\n    - Two years\n", False),
    ("centres", f"centres:\n{CENTRE}    alk_experience:\n      - text: Sees many patients.\nprogrammes:\n{PROGRAMME}", False),
], ids=["real site.yaml", "real centres.yaml", "help route without sources", "retention a list, not text", "ALK experience without source"])
def test_editors_json_schema_agrees_on_the_new_fields(kind, text, accepted):
    from test_schema import as_editor_sees, validator
    from sitegen.yamlfile import parse_yaml

    data, problems = parse_yaml(text, "x.yaml")
    assert not problems
    assert (list(validator(kind).iter_errors(as_editor_sees(data))) == []) == accepted
