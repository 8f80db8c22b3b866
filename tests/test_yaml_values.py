"""Values exactly as typed (issue 12): YAML 1.1's traps reach the page as the editor typed them,
and fields for numbers, dates and true/false read YAML 1.2's forms or say how to write them."""

import math

import pytest

from sitegen import cli
from sitegen.pipeline import gather
from sitegen.yamlfile import core_value, parse_yaml

from conftest import CENTRE, PROGRAMME, SITE_YAML, page_text, write_project

TRAPS = ["02075777000", "9:30", "no", "on", "off", "yes", "1e3", "0x1F", ".nan"]
TRAP_CENTRE = (CENTRE.replace("name: Leeds Cancer Centre", "name: off")
               .replace("organisation: The Leeds Teaching Hospitals NHS Trust", "organisation: on")
               .replace("address: Beckett Street, Leeds", "address: 9:30")
               .replace("town: Leeds", "town: no")
               .replace("    offers:\n      - Regional cancer centre\n",
                        "    phone: 02075777000\n    offers:\n      - yes\n      - 1e3\n      - 0x1F\n      - .nan\n"))
TRAP_SITE = (SITE_YAML.replace("site_name: Second opinions", "site_name: yes")
             .replace("charity_name: Test Charity", "charity_name: 0x1F")
             .replace("  email: help@example.org\n", "  email: help@example.org\n  phone: 02075777000\n  postal_address: 9:30\n"))
TRAP_PAGE = page_text("X", "Some words.\n").replace("title: X", "title: off").replace("description: About x.", "description: 1e3")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The traps typed into a centre, the site settings and a page's front matter, built once."""
    files = {"data/centres.yaml": f"centres:\n{TRAP_CENTRE}programmes:\n{PROGRAMME}", "data/site.yaml": TRAP_SITE,
             "content/extra.md": TRAP_PAGE}
    root = write_project(tmp_path_factory.mktemp("traps") / "project", files)
    result = gather(root)
    assert [p for p in result.problems if p.level == "error"] == []
    return {path: content.decode("utf-8") for path, content in result.outputs.items() if path.endswith(".html")}


@pytest.mark.parametrize("expected", [
    '<h4 class="app-centre-card__name">off</h4>',
    '<p class="app-centre-card__organisation">on</p>',
    '<p class="app-centre-card__address">9:30<br>LS9 7TF</p>',
    '<a href="tel:02075777000">Call 02075777000',
    "<li>yes</li>", "<li>1e3</li>", "<li>0x1F</li>", "<li>.nan</li>",
], ids=["name off", "organisation on", "address 9:30", "phone 02075777000", "offer yes", "offer 1e3", "offer 0x1F", "offer .nan"])
def test_centre_traps_reach_the_finder_as_typed(built, expected):
    finder = built["find-a-centre/index.html"]
    assert expected in finder


@pytest.mark.parametrize("expected", ['<span class="app-header__charity">0x1F</span>', "Post: 9:30", "02075777000", ">yes<"],
                         ids=["charity_name 0x1F", "postal_address 9:30", "contact phone", "site_name yes"])
def test_site_traps_reach_every_page_as_typed(built, expected):
    assert expected in built["contact/index.html"]


def test_front_matter_traps_reach_the_page_as_typed(built):
    page = built["extra/index.html"]
    assert "<h1" in page and ">off</h1>" in page
    assert '<meta name="description" content="1e3">' in page


BAD = [
    ("draft yes", "content/extra.md", page_text("X", draft="yes"), 6,
     "'draft' should be true or false, got 'yes'", "write true or false"),
    ("guidance on", "content/extra.md", page_text("X", guidance="on"), 6,
     "'guidance' should be true or false, got 'on'", "write true or false"),
    ("draft quoted", "content/extra.md", page_text("X", draft='"true"'), 6,
     "'draft' should be true or false, got 'true'", "write true or false, without quotes"),
    ("order with underscore", "content/extra.md", page_text("X", order="1_000"), 6,
     "'order' should be a whole number, got '1_000'", ""),
    ("order quoted", "content/extra.md", page_text("X", order="'3'"), 6,
     "'order' should be a whole number, got '3'", "write the number without quotes"),
    ("impossible date", "content/extra.md", page_text("X", last_reviewed="2026-02-30"), 4,
     "'last_reviewed' should be a date written YYYY-MM-DD, like 2026-11-24, got '2026-02-30'",
     "2026-02-30 is not a real day: check the month (01 to 12) and the day"),
    ("latitude .nan", "data/centres.yaml", f"centres:\n{CENTRE.replace('53.80806', '.nan')}programmes:\n{PROGRAMME}", 9,
     "centre 1 (\"Leeds Cancer Centre\"): 'latitude' should be a number between 49.8 and 60.9, got '.nan'", ""),
    ("latitude 0x1F", "data/centres.yaml", f"centres:\n{CENTRE.replace('53.80806', '0x1F')}programmes:\n{PROGRAMME}", 9,
     "centre 1 (\"Leeds Cancer Centre\"): 'latitude' should be a number between 49.8 and 60.9, got '0x1F'", ""),
    ("latitude quoted", "data/centres.yaml", f"centres:\n{CENTRE.replace('53.80806', chr(34) + '53.8' + chr(34))}programmes:\n{PROGRAMME}", 9,
     "centre 1 (\"Leeds Cancer Centre\"): 'latitude' should be a number, got '53.8'", "write the number without quotes"),
    ("date in British order", "data/centres.yaml", f"centres:\n{CENTRE.replace('2026-11-01', '01/11/2026')}programmes:\n{PROGRAMME}", 14,
     "centre 1 (\"Leeds Cancer Centre\"): 'last_checked' should be a date written YYYY-MM-DD, like 2026-11-24, got '01/11/2026'",
     "write it as 2026-11-01 (year, month, day)"),
    ("site base_url yes", "data/site.yaml", SITE_YAML + "base_url: yes\n", 10,
     "'base_url' should be a web address starting https://, got 'yes'", ""),
]


@pytest.mark.parametrize("name, path, text, line, message, hint", BAD, ids=[b[0] for b in BAD])
def test_a_typed_field_that_cannot_be_read_is_an_error_at_its_line(make_project, monkeypatch, capsys, name, path, text, line, message, hint):
    monkeypatch.setattr(cli, "ROOT", make_project({path: text}))
    assert cli.main(["check"]) == 1
    err = capsys.readouterr().err
    assert f"  {path}:{line}: {message}\n" in err
    assert (f"    hint: {hint}\n" in err) if hint else (f"{message}\n    hint:" not in err)


@pytest.mark.parametrize("typed, value", [
    ("true", True), ("False", False), ("TRUE", True), ("12", 12), ("-3", -3), ("0o17", 15), ("0x1F", 31),
    ("1e3", 1000.0), ("1.5", 1.5), (".5", 0.5), ("-.inf", -math.inf), ("yes", "yes"), ("on", "on"),
    ("1_000", "1_000"), ("0b101", "0b101"), ("9:30", "9:30"), ("02075777000", 2075777000),
])
def test_typed_fields_read_yaml_1_2_core_forms(typed, value):
    assert core_value(typed) == value and type(core_value(typed)) is type(value)


def test_yaml_1_2_forms_are_accepted_where_a_number_or_true_false_is_expected(make_project, monkeypatch, capsys):
    page = page_text("X", order="0x2", review_cycle_months="1.2e1", draft="False", guidance="TRUE")
    monkeypatch.setattr(cli, "ROOT", make_project({"content/extra.md": page}))
    assert cli.main(["check", "--strict"]) == 0, capsys.readouterr().err


def test_text_keeps_every_character_and_line_numbers_are_kept():
    data, problems = parse_yaml("a: 02075777000\nb:\n  - 0x1F\nc: ~\nd: 'no'\n", "f.yaml", first_line=3)
    assert problems == []
    assert data == {"a": "02075777000", "b": ["0x1F"], "c": None, "d": "no"}
    assert data.key_lines == {"a": 3, "b": 4, "c": 6, "d": 7}
