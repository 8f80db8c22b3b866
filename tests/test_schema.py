"""The JSON Schemas in schemas/ are generated from sitegen/schema.py and agree with the build."""

import copy
import dataclasses
import datetime
import json
import re
import shutil
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from sitegen import model, schema, validate
from sitegen.content import split_front_matter
from sitegen.pipeline import gather
from sitegen.problems import ERROR
from sitegen.yamlfile import Plain, core_value, parse_yaml

from conftest import CENTRE, PROGRAMME, REPO, SITE_YAML, page_text

RECORDS = {"centres": schema.CENTRES_FILE, "site": schema.SITE_FILE, "front matter": schema.FRONT_MATTER}
SCHEMA_FILES = {"centres": "centres.schema.json", "site": "site.schema.json", "front matter": "front-matter.schema.json"}


def validator(kind):
    """Return a JSON Schema validator for the committed schema of `kind`."""
    committed = json.loads((REPO / "schemas" / SCHEMA_FILES[kind]).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(committed)
    return Draft202012Validator(committed)


def as_editor_sees(value):
    """Turn parsed YAML into JSON values as a YAML 1.2 editor sees them: unquoted `12`, `0x1F` and `true`
    are a number and true/false there (the build keeps them as text in text fields); dates are text."""
    if isinstance(value, Plain):
        return core_value(value)
    if isinstance(value, dict):
        return {key: as_editor_sees(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_editor_sees(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def build_errors(kind, data):
    """The errors the build's field check finds."""
    return [p for p in schema.check_record(copy.deepcopy(data), RECORDS[kind], "x") if p.level == "error"]


def schema_errors(kind, data):
    """The errors the committed JSON Schema finds."""
    return [error.message for error in validator(kind).iter_errors(as_editor_sees(data))]


def parse(kind, text):
    """Parse a fixture the way the build does (front matter from a whole page)."""
    if kind == "front matter":
        data, _, _, problems = split_front_matter(text, "x.md")
    else:
        data, problems = parse_yaml(text, "x.yaml")
    assert not problems, problems
    return data


def test_committed_schemas_are_generated_from_the_field_definitions():
    for name, text in schema.schema_texts().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run: python build.py schema ({name} is out of date)"
    assert sorted(p.name for p in (REPO / "schemas").glob("*.json")) == sorted(schema.schema_texts())


def test_write_schemas_writes_the_same_files(tmp_path):
    written = schema.write_schemas(tmp_path)
    assert {p.name: p.read_text(encoding="utf-8") for p in written} == schema.schema_texts()


def test_the_centres_file_points_editors_at_its_schema():
    first = (REPO / "data/centres.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schemas/centres.schema.json"


@pytest.mark.parametrize("kind, path", [("centres", "data/centres.yaml"), ("site", "data/site.yaml")])
def test_the_real_data_is_accepted_by_both(kind, path):
    data = parse(kind, (REPO / path).read_text(encoding="utf-8"))
    assert build_errors(kind, data) == []
    assert schema_errors(kind, data) == []


@pytest.mark.parametrize("path", sorted(p.relative_to(REPO).as_posix() for p in (REPO / "content").rglob("*.md")))
def test_the_real_front_matter_is_accepted_by_both(path):
    data = parse("front matter", (REPO / path).read_text(encoding="utf-8"))
    assert build_errors("front matter", data) == []
    assert schema_errors("front matter", data) == []


def centres_with(old, new, text=None):
    """The fixture centres file with one change."""
    text = text or f"centres:\n{CENTRE}programmes:\n{PROGRAMME}"
    assert old in text, old
    return text.replace(old, new, 1)


def site_with(old, new):
    """The fixture site file with one change."""
    assert old in SITE_YAML, old
    return SITE_YAML.replace(old, new, 1)


FRONT = {"title": "A page", "description": "About a page.", "last_reviewed": "2026-11-01", "next_review": "2027-11-01",
         "sources": "\n  - title: A source\n    url: https://www.testcharity.org.uk/source"}


def front(**fields):
    """A page whose front matter has these fields changed or added (None leaves one out)."""
    lines = [f"{key}: {value}" for key, value in {**FRONT, **fields}.items() if value is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\nSome words.\n"


VALID = [
    ("centres", "as in the fixtures", centres_with("", "")),
    ("centres", "with a phone and email", centres_with("    offers:", "    phone: 0113 496 0000\n    email: help@example.org\n    offers:")),
    ("centres", "an optional field left empty", centres_with("    offers:", "    phone:\n    offers:")),
    ("front matter", "a whole number written 1.0", front(order="1.0")),
    ("centres", "phone with +44", centres_with("    offers:", "    phone: +44 113 496 0000\n    offers:")),
    ("centres", "without a website", centres_with("    website: https://www.leedsth.nhs.uk\n", "")),
    ("centres", "http website (a warning only)", centres_with("website: https://www.leedsth", "website: http://www.leedsth")),
    ("centres", "with facts to confirm", centres_with("    offers:", "    unconfirmed:\n      - phone\n      - coordinates\n    offers:")),
    ("centres", "whole-number coordinates", centres_with("latitude: 53.80806", "latitude: 54")),
    ("centres", "no centres yet", "centres: []\nprogrammes: []\n"),
    ("centres", "programme without a page", centres_with("    page: index.md\n", "")),
    ("centres", "source without a url", centres_with("        url: https://www.leedsth.nhs.uk\n", "")),
    ("site", "as in the fixtures", SITE_YAML),
    ("site", "without footer links", SITE_YAML.split("footer_links:")[0]),
    ("site", "with a base url", SITE_YAML + "base_url: https://example.org/second-opinions/\n"),
    ("site", "with every contact route", site_with("  email:", "  phone: 0113 496 0000\n  postal_address: 1 High Street, Leeds\n  email:")),
    ("front matter", "as in the fixtures", page_text("A page")),
    ("front matter", "as new page writes it", front()),
    ("front matter", "in the menu", front(order=1)),
    ("front matter", "every optional field", front(order=3, review_cycle_months=12, template="contact", guidance="false", draft="true")),
    ("front matter", "no sources", front(sources=None)),
    ("front matter", "quoted title with a colon", front(title='"Costs: what you pay"')),
    # YAML 1.1's traps are text where text is expected (issue 12), and YAML 1.2's forms are read where they are not.
    ("centres", "phone of digits only", centres_with("    offers:", "    phone: 02075777000\n    offers:")),
    ("centres", "address 9:30", centres_with("address: Beckett Street, Leeds", "address: 9:30")),
    ("centres", "town no", centres_with("town: Leeds", "town: no")),
    ("centres", "name on, organisation off", centres_with("name: Leeds Cancer Centre", "name: on").replace("organisation: The Leeds Teaching Hospitals NHS Trust", "organisation: off")),
    ("centres", "offers yes, 1e3, 0x1F and .nan", centres_with("      - Regional cancer centre\n", "      - yes\n      - 1e3\n      - 0x1F\n      - .nan\n")),
    ("centres", "id of digits", centres_with("id: leeds", "id: 1234")),
    ("centres", "latitude in hexadecimal", centres_with("latitude: 53.80806", "latitude: 0x35")),
    ("site", "names yes and 1e3", site_with("site_name: Second opinions", "site_name: yes").replace("charity_name: Test Charity", "charity_name: 1e3")),
    ("front matter", "title off, description true", front(title="off", description="true")),
    ("front matter", "draft False, order 0x2", front(draft="False", order="0x2")),
]

INVALID = [
    ("centres", "name missing", centres_with("    name: Leeds Cancer Centre\n", "")),
    ("centres", "misspelt field", centres_with("    name:", "    nmae:")),
    ("centres", "nation not in the list", centres_with("nation: England", "nation: Englund")),
    ("centres", "postcode in lower case", centres_with("postcode: LS9 7TF", "postcode: ls9 7tf")),
    ("centres", "postcode without its space", centres_with("postcode: LS9 7TF", "postcode: LS97TF")),
    ("centres", "latitude outside the UK", centres_with("latitude: 53.80806", "latitude: 70.1")),
    ("centres", "longitude as words", centres_with("longitude: -1.51861", "longitude: west")),
    ("centres", "phone too short", centres_with("    offers:", "    phone: 0113 49\n    offers:")),
    ("centres", "email without a domain", centres_with("    offers:", "    email: help@\n    offers:")),
    ("centres", "website without https", centres_with("website: https://www.leedsth.nhs.uk", "website: www.leedsth.nhs.uk")),
    ("centres", "offers empty", centres_with("    offers:\n      - Regional cancer centre\n", "    offers: []\n")),
    ("centres", "offers as one line", centres_with("    offers:\n      - Regional cancer centre\n", "    offers: Regional cancer centre\n")),
    ("centres", "offers with an empty line", centres_with("      - Regional cancer centre\n", "      - Regional cancer centre\n      - ' '\n")),
    ("centres", "date written the British way", centres_with("last_checked: 2026-11-01", "last_checked: 01/11/2026")),
    ("centres", "date with a time", centres_with("last_checked: 2026-11-01", "last_checked: 2026-11-01 10:00:00")),
    ("centres", "sources missing", centres_with("    sources:\n      - title: Leeds Teaching Hospitals\n        url: https://www.leedsth.nhs.uk\n", "")),
    ("centres", "source without a title", centres_with("      - title: Leeds Teaching Hospitals\n        url:", "      - url:")),
    ("centres", "unconfirmed names no field", centres_with("    offers:", "    unconfirmed:\n      - phone number\n    offers:")),
    ("centres", "id with capitals", centres_with("id: leeds", "id: Leeds")),
    ("centres", "id with spaces", centres_with("id: leeds", "id: leeds centre")),
    ("centres", "a centre that is not a group of fields", "centres:\n  - Leeds\nprogrammes: []\n"),
    ("centres", "programmes missing", f"centres:\n{CENTRE}"),
    ("centres", "unknown top-level field", centres_with("programmes:", "hospitals: []\nprogrammes:")),
    ("centres", "programme cost missing", centres_with("    cost: Free\n", "")),
    ("centres", "programme page not a .md file", centres_with("page: index.md", "page: index.html")),
    ("site", "site name missing", site_with("site_name: Second opinions\n", "")),
    ("site", "site name empty", site_with("site_name: Second opinions", "site_name: ''")),
    ("site", "contact missing", "site_name: A\ncharity_name: B\ncharity_website: https://www.testcharity.org.uk\n"),
    ("site", "contact email wrong", site_with("email: help@example.org", "email: help.example.org")),
    ("site", "footer link to a web page", site_with("page: privacy.md", "page: https://www.testcharity.org.uk/privacy")),
    ("site", "footer link without a title", site_with("  - title: Privacy\n    page:", "  - page:")),
    ("site", "charity website without https", site_with("charity_website: https://www.testcharity.org.uk", "charity_website: example.org")),
    ("site", "unknown field", SITE_YAML + "colour: blue\n"),
    ("site", "unknown contact field", site_with("  email:", "  fax: 0113 496 0000\n  email:")),
    ("front matter", "title missing", front(title=None)),
    ("front matter", "next review missing", front(next_review=None)),
    ("front matter", "misspelt field", front(titel="A page")),
    ("front matter", "order zero", front(order=0)),
    ("front matter", "order as a word", front(order="first")),
    ("front matter", "review cycle too long", front(review_cycle_months=48)),
    ("front matter", "unknown template", front(template="blog")),
    ("front matter", "draft as a word", front(draft="maybe")),
    ("front matter", "date as words", front(last_reviewed='"1 November 2026"')),
    ("front matter", "date without leading zeros", front(next_review="2027-1-1")),
    ("front matter", "sources as one line", front(sources="https://www.testcharity.org.uk")),
    ("front matter", "a source that is just a web address", front(sources="\n  - https://www.testcharity.org.uk")),
    ("front matter", "title as a list", front(title="\n  - A page")),
    ("front matter", "description of spaces only", front(description="' '")),
    ("front matter", "draft yes", front(draft="yes")),
    ("front matter", "guidance off", front(guidance="off")),
    ("front matter", "draft in quotes", front(draft='"true"')),
    ("front matter", "order in quotes", front(order='"3"')),
    ("front matter", "order with an underscore", front(order="1_000")),
    ("centres", "latitude in quotes", centres_with("latitude: 53.80806", 'latitude: "53.80806"')),
    ("centres", "latitude in sexagesimal", centres_with("latitude: 53.80806", "latitude: 53:48:29")),
    ("centres", "date with a thirteenth month", centres_with("last_checked: 2026-11-01", "last_checked: 2026-13-01")),
]

@pytest.mark.parametrize("kind, name, text", VALID, ids=[f"{k}: {n}" for k, n, _ in VALID])
def test_both_accept(kind, name, text):
    data = parse(kind, text)
    assert build_errors(kind, data) == [], "the build rejects it"
    assert schema_errors(kind, data) == [], "the JSON Schema rejects it"


@pytest.mark.parametrize("kind, name, text", INVALID, ids=[f"{k}: {n}" for k, n, _ in INVALID])
def test_both_reject(kind, name, text):
    data = parse(kind, text)
    assert build_errors(kind, data), "the build accepts it"
    assert schema_errors(kind, data), "the JSON Schema accepts it"


def test_the_editors_guide_explains_every_field():
    guide = (REPO / "EDITING.md").read_text(encoding="utf-8")
    records = [schema.FRONT_MATTER, schema.CENTRE, schema.PROGRAMME, schema.SOURCE, schema.SITE_FILE,
               schema.CONTACT, schema.FOOTER_LINK]
    missing = sorted({f.name for record in records for f in record.fields if f"`{f.name}`" not in guide})
    assert missing == [], f"EDITING.md does not explain: {missing}"


def test_a_new_optional_centre_field_needs_its_definition_a_template_line_and_the_data(make_project):
    """Make exactly the three edits the README promises, to a copy of the project, and see the field flow through."""
    hours = "Monday to Friday, 9am to 5pm"
    root = make_project({"data/centres.yaml": "centres:\n" + CENTRE.replace("    offers:", f"    opening_hours: {hours}\n"
                                                                           "    unconfirmed:\n      - opening_hours\n    offers:")
                         + f"programmes:\n{PROGRAMME}"})
    shutil.copytree(REPO / "sitegen", root / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "README.md"):
        shutil.copy(REPO / name, root / name)
    edit(root / "sitegen" / "schema.py", '    Field("email", "email", "An email address for patients',
         '    Field("opening_hours", "text", "When it is open."),\n    Field("email", "email", "An email address for patients')
    edit(root / "templates" / "components" / "centre-card.html", '  <ul class="app-centre-card__actions">',
         '  {% if c.opening_hours %}<p>Open {{ c.opening_hours }}</p>{% endif %}\n  <ul class="app-centre-card__actions">')

    built = subprocess.run([sys.executable, "build.py", "--out", str(root / "out")], cwd=root, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert f"Open {hours}</p>" in (root / "out" / "find-a-centre" / "index.html").read_text(encoding="utf-8")
    checked = subprocess.run([sys.executable, "build.py", "check"], cwd=root, capture_output=True, text=True)
    assert 'centre "Leeds Cancer Centre": confirm opening_hours' in checked.stdout + checked.stderr
    subprocess.run([sys.executable, "build.py", "schema"], cwd=root, capture_output=True, check=True)
    centre = json.loads((root / "schemas" / "centres.schema.json").read_text())["properties"]["centres"]["items"]
    assert centre["properties"]["opening_hours"]["description"] == "When it is open."
    assert "opening_hours" in centre["properties"]["unconfirmed"]["anyOf"][0]["items"]["enum"]
    assert "| `opening_hours` | no | When it is open. | some text |\n" in (root / "README.md").read_text(encoding="utf-8")


def edit(path, old, new):
    """Replace the one occurrence of `old` in a file with `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path.name} no longer has {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def privacy_notes(site):
    """Return what `check` says the privacy notice still needs, for a loaded Site."""
    return [p.message for p in validate.check_privacy_facts(site)]


def test_privacy_facts_to_confirm_follow_the_site_settings_fields(monkeypatch):
    """Marking a site setting confirm_if_missing is the one edit that makes `check` list it."""
    site = model.Site(site_name="S", charity_name="C", charity_website="https://c.org.uk", contact=model.Contact())
    assert privacy_notes(site) == [
        "'charity_number' (the registered charity number) is not set, so the privacy page says it is not yet confirmed",
        "'privacy: retention' (how long messages are kept) is not set, so the privacy page says it is not yet confirmed",
        "'privacy: ico_postal_address' (the ICO's postal address) is not set, so the privacy page says it is not yet confirmed"]
    unmarked = tuple(dataclasses.replace(f, confirm_if_missing=False) if f.name == "charity_number" else f
                     for f in schema.SITE_FILE.fields)
    monkeypatch.setattr(schema, "SITE_FILE", dataclasses.replace(schema.SITE_FILE, fields=unmarked))
    assert not any("charity_number" in note for note in privacy_notes(site))
    assert len(privacy_notes(dataclasses.replace(site, privacy=model.Privacy(retention="Two years.")))) == 1


def test_every_site_setting_to_confirm_says_what_it_is():
    settings = [f for record in (schema.SITE_FILE, schema.PRIVACY) for f in record.fields if f.confirm_if_missing]
    assert settings and all(f.fact for f in settings), [f.name for f in settings if not f.fact]


# --- hints for a date or a web address written another way ----------------------------------

DATE_FIELD = next(f for f in schema.CENTRE.fields if f.name == "last_checked")
URL_FIELD = next(f for f in schema.CENTRE.fields if f.name == "website")


def every_day(year):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)


@pytest.mark.parametrize("year", [2026, 2028])  # 2028 has a 29 February
def test_every_day_written_the_ways_people_write_it_gets_the_date_to_write(year):
    for day in every_day(year):
        month = schema.MONTHS[day.month - 1]
        for written in (f"{day.day}/{day.month}/{year}", f"{day:%d/%m/%Y}", f"{day:%d.%m.%Y}", f"{day.day} {month.title()} {year}",
                        f"{day.day}th {month[:3]} {year}", f"{day:%A} {day.day} {month} {year}", f"{year}/{day.month}/{day.day}",
                        f"{month.title()} {day.day}, {year}", f"{day:%A}, {month[:3].title()}. {day.day} {year}"):
            assert schema._value_error(written, DATE_FIELD) is not None, written
            assert schema._value_hint(written, DATE_FIELD) == f"write it as {day.isoformat()} (year, month, day)", written


@pytest.mark.parametrize("written", ["31/11/2026", "11/30/2026", "30 Ma 2026", "29/02/2027", "soon", "2026",
                                     "Ju 30, 2026", "November 31, 2026", "Day 30, 2026"])
def test_a_date_that_is_not_a_day_gets_the_general_hint(written):
    assert schema._value_hint(written, DATE_FIELD) == "write the year, month and day with hyphens, like 2026-11-24"


def shipped_web_addresses():
    """Every https:// address in the site's data and pages: addresses nobody chose for this test."""
    text = "".join(path.read_text(encoding="utf-8") for folder in ("content", "data") for path in sorted((REPO / folder).rglob("*.[my]*")))
    return sorted(set(re.findall(r"https://[^\s)\"'>]+", text)))


def test_every_shipped_address_mistyped_gets_the_address_to_write():
    addresses = shipped_web_addresses()
    assert len(addresses) > 50
    for address in addresses:
        rest = address.removeprefix("https://")
        host = re.match(r"[^/?#]*", rest).group()
        for typed in (rest, f"https//{rest}", f"https:/{rest}", f"HTTPS://{host.upper()}{rest[len(host):]}"):
            assert schema._value_error(typed, URL_FIELD) is not None, typed
            assert schema._value_hint(typed, URL_FIELD) == f"write it as https://{host.lower()}{rest[len(host):]}", typed


@pytest.mark.parametrize("typed, hint", [
    ("https://www.nhs.uk/search?q=lung cancer", "a web address has no spaces: copy it from the browser's address bar"),
    ("the hospital's website", "a web address has no spaces: copy it from the browser's address bar"),
    ("mailto:help@example.org", ""), ("ftp://files.example.org", ""), ("nhs", ""),
])
def test_what_is_not_a_web_address_gets_no_address_to_write(typed, hint):
    assert schema._value_hint(typed, URL_FIELD) == hint


def test_a_mistyped_date_and_address_say_what_to_write_in_the_build(make_project):
    centre = CENTRE.replace("last_checked: 2026-11-01", "last_checked: 1/11/2026").replace(
        "website: https://www.leedsth.nhs.uk", "website: www.leedsth.nhs.uk")
    root = make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"})
    hints = sorted(p.hint for p in gather(root).problems if p.path == "data/centres.yaml" and p.level == ERROR)
    assert hints == ["write it as 2026-11-01 (year, month, day)", "write it as https://www.leedsth.nhs.uk"]


EMAIL_FIELD = next(f for f in schema.CONTACT.fields if f.name == "email")


@pytest.mark.parametrize("typed, hint", [
    ("mailto:help@example.org", "write it as help@example.org"),
    ("MAILTO:help@example.org", "write it as help@example.org"),
    ("<help@example.org>", "write it as help@example.org"),
    ("help@example.org.", "write it as help@example.org"),
    ("help at example.org", "an email address has no spaces, like help@example.org"),
    ("help@example", ""),
])
def test_an_email_address_written_another_way_says_how_to_write_it(typed, hint):
    assert schema._value_error(typed, EMAIL_FIELD) == schema.EXPECTED["email"]
    assert schema._value_hint(typed, EMAIL_FIELD) == hint


def test_an_email_setting_with_mailto_never_makes_a_mailto_mailto_link(make_project):
    site = SITE_YAML.replace("email: help@example.org", "email: mailto:help@example.org")
    result = gather(make_project({"data/site.yaml": site}))
    assert result.outputs == {}
    assert [p.hint for p in result.problems if p.level == ERROR] == ["write it as help@example.org"]


@pytest.mark.parametrize("address", ["help@example.org", "first.last+tag@nhs.net", "a_b-c@sub.example.co.uk"])
def test_ordinary_email_addresses_are_accepted(address):
    assert schema._value_error(address, EMAIL_FIELD) is None


@pytest.mark.parametrize("field, before, after", [
    ("offers", "      - Regional cancer centre\n", "      - \"**Regional** cancer centre\"\n"),
    ("address", "address: Beckett Street, Leeds", "address: \"Beckett Street, <b>Leeds</b>\""),
    ("name", "name: Leeds Cancer Centre", "name: \"[Leeds Cancer Centre](https://x.org)\""),
])
def test_markdown_in_a_centres_text_is_a_warning(make_project, field, before, after):
    centre = CENTRE.replace(before, after)
    assert centre != CENTRE
    problems = gather(make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"})).problems
    [problem] = [p for p in problems if p.path == "data/centres.yaml" and p.level == "warning"]
    assert f"'{field}' is shown as plain text, so " in problem.message and problem.message.endswith("would show as typed")


def test_every_text_field_of_the_shipped_data_is_plain_text():
    assert [p for p in gather(REPO).problems if "shown as plain text" in p.message] == []
