"""Phone numbers: a setting's number and a page's tel: link must be a number in use, written as it is
dialled, and a number that is not gets a hint saying how to write it or what to check."""

import re
import subprocess
import sys

import phonenumbers
import pytest

from sitegen import phones, schema
from sitegen.pipeline import gather
from sitegen.problems import ERROR

from conftest import CENTRE, PROGRAMME, REPO, page_text

# One example of each kind of UK number, from the numbering plan's own data (landline, mobile,
# freephone, premium rate, internet phone, personal, pager, corporate), as it is written in the UK.
PLAN_EXAMPLES = [phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
                 for kind in vars(phonenumbers.PhoneNumberType).values() if isinstance(kind, int)
                 if (number := phonenumbers.example_number_for_type(phones.REGION, kind)) is not None]
SHORT_NUMBERS = ["111", "999", "112", "116 123", "101", "105", "119"]
SHAPE = re.compile(schema.PATTERNS["phone"])


def shipped_numbers():
    """Every phone number in the site's own settings."""
    text = (REPO / "data/site.yaml").read_text(encoding="utf-8") + (REPO / "data/centres.yaml").read_text(encoding="utf-8")
    return re.findall(r"^\s*phone: (.+)$", text, re.M)


def test_the_plan_gives_an_example_of_every_kind_of_number():
    assert len(PLAN_EXAMPLES) >= 7 and "0800 123 4567" in PLAN_EXAMPLES


@pytest.mark.parametrize("number", shipped_numbers() + PLAN_EXAMPLES + SHORT_NUMBERS + ["+44 20 7946 0000", "02079460000"])
def test_numbers_in_use_are_accepted_as_written(number):
    assert SHAPE.fullmatch(number), number  # editors' YAML tools read the same pattern from the JSON Schema
    assert phones.is_uk_number(number)
    assert phones.is_dialable(re.sub(r"[^0-9+]", "", number))


def test_the_site_has_a_phone_number_to_check():
    assert "0808 808 00 00" in shipped_numbers()


@pytest.mark.parametrize("number", PLAN_EXAMPLES)
def test_a_number_missing_two_digits_is_not_in_use(number):
    shorter = number[:-2]  # not one: some ranges (0800, some 01) have numbers of both lengths
    assert not phones.is_uk_number(shorter)
    assert phones.how_to_write(shorter).startswith("check each digit against the source: ")


@pytest.mark.parametrize("typed, hint", [
    ("+44 (0)20 7946 0000", "write it as 020 7946 0000"),
    ("(020) 7946 0000", "write it as 020 7946 0000"),
    ("0113-496-0000", "write it as 0113 496 0000"),
    ("020 7946 000", "check each digit against the source: 10 digits starting 020 is not a UK number in use "
                     "(most have 11 digits, starting 0)"),
    ("04 1234 5678", "check each digit against the source: 10 digits starting 041 is not a UK number in use "
                     "(most have 11 digits, starting 0)"),
    ("+1 212 555 1234", "check each digit against the source: 11 digits starting 121 is not a UK number in use "
                        "(most have 11 digits, starting 0)"),
])
def test_a_number_written_wrongly_says_how_to_write_it(make_project, typed, hint):
    centre = CENTRE.replace("    offers:", f'    phone: "{typed}"\n    offers:')
    result = gather(make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"}))
    [error] = [p for p in result.problems if p.level == ERROR]
    assert error.message.endswith(f"'phone' should be a UK phone number, like 0113 496 0000, got '{typed}'")
    assert error.hint == hint
    assert result.outputs == {}


@pytest.mark.parametrize("link, problem", [
    ("tel:111", None),
    ("tel:116123", None),
    ("tel:02079460000", None),
    ("tel:+442079460000", None),
    ("tel:+12125550123", None),  # a number abroad, with its country code
    ("tel:+4402079460000", ("'tel:+4402079460000' is not a phone number in use", "write it as tel:02079460000")),
    ("tel:0207946000", ("'tel:0207946000' is not a phone number in use",
                        "check each digit against the source: 10 digits starting 020 is not a UK number in use "
                        "(most have 11 digits, starting 0)")),
    ("tel:12", ("'tel:12' is not a phone link", "write it as tel: and the digits only, like tel:01134960000")),
])
def test_a_pages_phone_link_must_dial_a_number_in_use(make_project, link, problem):
    page = page_text("Call us", f"Call [the number]({link}).\n")
    result = gather(make_project({"content/call.md": page}))
    errors = [(p.message, p.hint) for p in result.problems if p.level == ERROR and p.path == "content/call.md"]
    assert errors == ([problem] if problem else [])


@pytest.mark.parametrize("page, loaded", [("No number here.", "False"), ("Call [111](tel:111).", "True")])
def test_a_build_loads_the_numbering_plan_only_for_a_number(make_project, page, loaded):
    root = make_project({"content/call.md": page_text("Call us", page)})
    code = f"import sys; from sitegen.pipeline import gather; gather({str(root)!r}); print('phonenumbers' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert out.strip() == loaded


def test_every_phone_field_is_checked_against_the_plan():
    fields = [f for record in schema.RECORDS.values() for f in record.fields if f.kind == "phone"]
    assert len(fields) >= 3
    for field in fields:
        assert schema._value_error("020 7946 000", field) == schema.EXPECTED["phone"], field.name
        assert schema._value_error("020 7946 0000", field) is None, field.name
