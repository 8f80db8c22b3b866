"""The README must document every field editors can write and every command-line option."""

import re

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


def test_every_option_and_command_in_the_help_is_in_the_readme():
    shown = make_parser().format_help()  # what `python build.py --help` prints
    options = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", shown)) - {"--help"})
    commands = re.search(r"^  \{([a-z,]+)\}$", shown, re.MULTILINE).group(1).split(",")  # under "positional arguments"
    assert "--base-url" in options and "serve" in commands
    missing = [o for o in options if f"`{o}" not in README] + [c for c in commands if f"build.py {c}" not in README]
    assert missing == [], f"README.md does not document {missing}"


def test_readme_set_up_is_the_two_make_commands():
    set_up = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^(make \w+)", set_up.split("```sh", 1)[1].split("```", 1)[0], re.MULTILINE)
    assert commands == ["make site", "make test"]
    makefile = (REPO / "Makefile").read_text()
    assert "\nsite:" in makefile and "\ntest:" in makefile
