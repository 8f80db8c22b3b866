"""Placeholders: what editors write for a fact not known yet ("TBC", "unknown", "-"). In a field of data or
front matter it is an error, since readers would see it as written; in a page's words, a warning.

Tried on every text field the schema defines and every line of every shipped page; every text the shipped
pages and data hold is checked never to be taken for one."""

import re

import pytest

from sitegen import schema
from sitegen.constants import PLACEHOLDER_VALUES
from sitegen.content import load_pages
from sitegen.data import read_yaml
from sitegen.pipeline import gather
from sitegen.problems import ERROR, WARNING
from sitegen.yamlfile import parse_yaml

from conftest import CENTRE, PROGRAMME, REPO, SITE_YAML, front_matter, page_text

PLACEHOLDERS = [*PLACEHOLDER_VALUES, "TBC", "To be confirmed.", "TBA", "N/A", "-", "?", "…", "—", "Unknown",
                "Lorem ipsum dolor sit amet", "Call us on TBC", "TODO: add the hours", "XXX"]
TEXT_FIELDS = [(record.label, field) for record in schema.RECORDS.values() for field in record.fields
               if field.kind in ("text", "text_list") and not field.choices]
SHIPPED_PAGES = sorted((REPO / "content").glob("*.md"))
QUOTED_DASH = 'cost: "-"'


def test_every_record_has_text_fields_to_try():
    assert len(TEXT_FIELDS) >= 25 and {"town", "name", "cost", "title", "offers"} <= {f.name for _, f in TEXT_FIELDS}


@pytest.mark.parametrize("record, field", TEXT_FIELDS, ids=[f"{r}.{f.name}" for r, f in TEXT_FIELDS])
def test_a_placeholder_in_any_text_field_is_an_error_naming_the_field(record, field):
    def checked(text):
        return schema.check_value([text] if field.kind == "text_list" else text, field, "x.yaml", 7)

    assert checked("Ask your cancer doctor") == []
    for text in PLACEHOLDERS:
        [problem] = checked(text)
        assert (problem.level, problem.line) == (ERROR, 7), text
        assert problem.message == f"'{field.name}' holds {text.strip()!r}, a placeholder that readers would see as written"
        assert ("write the real" if field.required else "leave the field out until it is known") in problem.hint


def shipped_texts():
    """Every text value in the shipped data and front matter: (where, text)."""
    found = []

    def walk(value, where):
        if isinstance(value, str):
            found.append((where, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{where}.{key}")
        elif isinstance(value, list):
            for item in value:
                walk(item, where)

    for path in sorted((REPO / "data").glob("*.yaml")):
        walk(read_yaml(path, REPO)[0], path.name)
    for path in SHIPPED_PAGES:
        walk(parse_yaml(front_matter(path), path.name)[0], path.name)
    return found


def test_no_text_the_shipped_data_holds_is_taken_for_a_placeholder():
    texts = shipped_texts()
    assert len(texts) > 500
    assert [(where, text) for where, text in texts if schema.is_placeholder(text)] == []


def test_no_line_of_a_shipped_page_is_taken_for_a_placeholder(make_project):
    _, problems = load_pages(make_project({f"content/{p.name}": p.read_text(encoding="utf-8") for p in SHIPPED_PAGES}))
    assert [p for p in problems if "placeholder" in p.message] == []


@pytest.mark.parametrize("path", SHIPPED_PAGES, ids=lambda path: path.name)
def test_a_placeholder_in_any_paragraph_of_a_shipped_page_is_named_at_its_line(make_project, path):
    lines = path.read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    prose = [n for n in range(body, len(lines)) if re.match(r"[A-Z][a-z]+ [a-z]", lines[n])][:6]
    assert prose, "every shipped page has paragraphs"
    for number, mark in zip(prose, ["TBC", "TODO", "Lorem ipsum", "TBA", "FIXME", "XXX"]):
        lines[number] = f"{lines[number]} {mark}."
    _, problems = load_pages(make_project({"content/extra.md": "\n".join(lines)}))
    found = [(p.level, p.line) for p in problems if p.path == "content/extra.md" and "placeholder" in p.message]
    assert found == [(WARNING, n + 1) for n in prose]


def test_words_like_a_placeholder_are_no_placeholder_in_a_page(make_project):
    body = ("Things to do before you go. Take a tbc form? No: tbc here is lower case.\n\n"
            "```\nTODO inside code is left alone\n```\n\nSome words.\n")
    _, problems = load_pages(make_project({"content/extra.md": page_text("Extra", body)}))
    assert [p for p in problems if p.path == "content/extra.md"] == []


@pytest.mark.parametrize("files, line, field, hint", [
    ({"data/centres.yaml": f"centres:\n{CENTRE.replace('town: Leeds', 'town: TBC')}programmes:\n{PROGRAMME}"}, 7, "town",
     "write the real town"),
    ({"data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME.replace('cost: Free', QUOTED_DASH)}"}, 22, "cost",
     "write the real cost"),
    ({"data/site.yaml": SITE_YAML.replace("  email:", "  postal_address: To be confirmed\n  email:")}, 5, "postal_address",
     "leave the field out until it is known"),
    ({"content/extra.md": page_text("Extra", description="TBC")}, 3, "description", "write the real description"),
], ids=["centre town", "programme cost", "charity's postal address", "page description"])
def test_a_placeholder_stops_the_build_at_its_field(make_project, files, line, field, hint):
    result = gather(make_project(files))
    [problem] = [p for p in result.problems if p.level == ERROR]
    assert (problem.line, result.outputs) == (line, {})
    assert f"'{field}' holds" in problem.message and problem.hint.startswith(hint)


def test_a_dash_for_a_value_is_read_as_a_list_and_the_hint_says_what_to_do(make_project):
    problems = gather(make_project({"data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME.replace('cost: Free', 'cost: -')}"})).problems
    [problem] = [p for p in problems if p.level == ERROR]
    assert problem.line == 22 and "sequence entries are not allowed" in problem.message
    assert problem.hint.endswith("for a value not known yet, leave the field out")
