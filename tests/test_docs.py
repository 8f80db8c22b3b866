"""The README must document every field editors can write and every command-line option."""

import pytest

from sitegen import schema
from sitegen.cli import make_parser

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("label", schema.RECORDS)
def test_every_record_has_its_field_table_in_the_readme(label):
    table = f"<!-- fields: {label} -->\n" + schema.field_table(schema.RECORDS[label])
    assert table in README, f"README.md's table of {label} fields is out of step with sitegen/schema.py: run python build.py schema"


def test_build_schema_rewrites_a_stale_field_table():
    stale = README.replace("| `town` | yes | The town or city. | some text |\n", "")
    assert stale != README
    assert schema.with_field_tables(stale) == README


def test_field_tables_say_what_each_field_accepts():
    table = schema.field_table(schema.CENTRE)
    assert "| `nation` | yes | The UK nation it is in. | one of England, Scotland, Wales, Northern Ireland |" in table
    assert "| `latitude` | yes |" in table and "| a number between 49.8 and 60.9 |" in table
    assert "| `website` | no |" in table and table.count("\n") == len(schema.CENTRE.fields) + 2


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
