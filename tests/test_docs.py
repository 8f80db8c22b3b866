"""The README must document every field editors can write and every command-line option."""

import pytest

from sitegen import schema
from sitegen.cli import make_parser

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
RECORDS = [schema.FRONT_MATTER, schema.CENTRE, schema.PROGRAMME, schema.SOURCE,
           schema.SITE_FILE, schema.CONTACT, schema.FOOTER_LINK]


@pytest.mark.parametrize("record", RECORDS, ids=[r.label for r in RECORDS])
def test_every_field_is_in_the_readme(record):
    missing = [f.name for f in record.fields if f"| `{f.name}` |" not in README]
    assert missing == [], f"README.md does not document {record.label} fields {missing}"


def test_every_option_and_command_is_in_the_readme():
    parser = make_parser()
    options = [o for action in parser._actions for o in action.option_strings if o.startswith("--") and o != "--help"]
    commands = next(a.choices for a in parser._actions if a.dest == "command")
    missing = [o for o in options if f"`{o}" not in README] + [c for c in commands if f"build.py {c}" not in README]
    assert missing == [], f"README.md does not document {missing}"


def test_readme_set_up_is_the_two_make_commands():
    assert "make site    #" in README and "make test    #" in README
    makefile = (REPO / "Makefile").read_text()
    assert "\nsite:" in makefile and "\ntest:" in makefile
