"""What editors paste from word processors, PDFs and web pages, and Markdown that GitHub's preview shows one way
and the site another: each is named at its line, tried on every shipped page and every field with a pattern.

Characters that look like a space, or like nothing; lists straight under a paragraph, or nested by 2 spaces."""

import itertools
import re

import pytest

from sitegen import schema
from sitegen.content import load_pages
from sitegen.files import INVISIBLE, UNSEEN
from sitegen.pipeline import gather
from sitegen.problems import ERROR, WARNING
from sitegen.yaml_mistakes import KEY, indent_of, texts_in
from sitegen.yamlfile import parse_yaml

from conftest import REPO, front_matter, page_text

INVISIBLES = [chr(code) for code in range(0x10000) if INVISIBLE.fullmatch(chr(code))]
UNUSUAL_SPACES = [chr(code) for code in range(0x10000) if UNSEEN.fullmatch(chr(code)) and not INVISIBLE.fullmatch(chr(code))]
SHIPPED_PAGES = sorted((REPO / "content").glob("*.md"))
LONG_WORD = re.compile(r"\b[A-Za-z]{7,}\b")
FIELD_AND_VALUE_LINE = re.compile(rf" *(?:- +)?({KEY}): +[^\s#]")


def test_the_character_lists_hold_what_editors_paste():
    assert {"\u200b", "\u00ad", "\u2060", "\ufeff", "\u200e"} <= set(INVISIBLES)
    assert {"\u00a0", "\u2003", "\u202f", "\u3000"} <= set(UNUSUAL_SPACES)
    assert not {"\u200c", "\u200d", " ", "\t"} & set(INVISIBLES + UNUSUAL_SPACES)  # joiners: emoji and some scripts need them


def with_character_in_a_word(text, character):
    """`text` with `character` inside the first long word below its front matter; return (text, line, column)."""
    body_start = text.index("\n---\n", 3) + 5
    match = LONG_WORD.search(text, body_start)
    at = match.start() + 3
    line_start = text.rfind("\n", 0, at) + 1
    return text[:at] + character + text[at:], text.count("\n", 0, at) + 1, at - line_start + 1


@pytest.mark.parametrize("shift", range(len(INVISIBLES)))
def test_an_invisible_character_in_a_word_of_every_shipped_page_is_named_at_its_line_and_column(make_project, shift):
    files, expected = {}, {}
    for number, path in enumerate(SHIPPED_PAGES):
        character = INVISIBLES[(number + shift) % len(INVISIBLES)]
        text, line, column = with_character_in_a_word(path.read_text(encoding="utf-8"), character)
        files[f"content/{path.name}"] = text
        expected[f"content/{path.name}"] = (line, f"at column {column}", f"U+{ord(character):04X}")
    _, problems = load_pages(make_project(files))
    for where, (line, column, code) in expected.items():
        [found] = [p for p in problems if p.path == where and "invisible character" in p.message]
        assert (found.level, found.line) == (WARNING, line), where
        assert column in found.message and code in found.message, found.message


def test_a_byte_order_mark_at_the_start_of_a_file_is_no_mistake(make_project):
    _, problems = load_pages(make_project({"content/extra.md": "\ufeff" + page_text("Extra")}))
    assert [p for p in problems if p.path == "content/extra.md"] == []


def test_a_link_holding_an_invisible_character_or_an_unusual_space_is_an_error(make_project):
    characters = INVISIBLES + UNUSUAL_SPACES
    body = "\n\n".join(f"See [the NHS](https://www.nhs.uk/condi{c}tions/)." for c in characters)
    body += "\n\nWrite to [us](mailto:help\u200b@example.org) or read [about us](ab\u00adout.md).\n"
    problems = [p for p in gather(make_project({"content/extra.md": page_text("Extra", body)})).problems
                if p.level == ERROR and p.path == "content/extra.md"]
    assert [p.line for p in problems] == [11 + 2 * n for n in range(len(characters))] + [11 + 2 * len(characters)] * 2
    for problem, character in zip(problems, characters + ["\u200b", "\u00ad"]):
        assert f"[U+{ord(character):04X}]" in problem.message and "so the link would go nowhere" in problem.message


PATTERN_FIELDS = [(record.label, field) for record in schema.RECORDS.values() for field in record.fields
                  if field.kind in schema.PATTERNS and field.kind not in ("date",)]
SAMPLES = {"id": "leeds-st-james", "url": "https://www.nhs.uk/conditions/lung-cancer/", "email": "help@example.org",
           "phone": "0113 496 0000", "postcode": "LS9 7TF", "page": "travel-costs.md"}


@pytest.mark.parametrize("record, field", PATTERN_FIELDS, ids=[f"{r}.{f.name}" for r, f in PATTERN_FIELDS])
def test_every_field_with_a_pattern_refuses_a_character_that_looks_like_nothing_or_a_space(record, field):
    sample = SAMPLES[field.kind]
    assert schema.check_value(sample, field, "x.yaml", 3) == []
    for character in INVISIBLES + UNUSUAL_SPACES:
        at = len(sample) - 4
        [problem] = schema.check_value(sample[:at] + character + sample[at:], field, "x.yaml", 3)
        assert problem.level == ERROR and f"[U+{ord(character):04X}]" in problem.message
        assert problem.hint.startswith(f"it holds a") and f"(U+{ord(character):04X}) after '{sample[:at][-20:]}'" in problem.hint


@pytest.mark.parametrize("character", ["\u200b", "\u00a0", "\ufeff"])
def test_a_field_name_holding_an_invisible_character_says_so(make_project, character):
    text = page_text("Extra").replace("title:", f"title{character}:")
    problems = [p for p in gather(make_project({"content/extra.md": text})).problems if p.message.startswith("unknown field")]
    [problem] = problems
    assert (problem.line, problem.message) == (2, f"unknown field 'title[U+{ord(character):04X}]'")
    assert problem.hint.startswith("the name holds a") and "delete the name and type it again" in problem.hint


MISPLACED = "stands where YAML needs an ordinary space"


def test_an_unusual_space_in_the_indent_of_centres_yaml_is_named_at_its_line():
    text = (REPO / "data" / "centres.yaml").read_text(encoding="utf-8")
    lines = text.split("\n")
    indented = [n for n, line in enumerate(lines) if re.match(r"  +[a-z-]", line)]
    for number in indented[::9]:
        for space in ("\u00a0", "\u2003"):
            changed = lines.copy()
            stripped = changed[number].lstrip(" ")
            changed[number] = space * (len(changed[number]) - len(stripped)) + stripped
            _, problems = parse_yaml("\n".join(changed), "data/centres.yaml")
            [problem] = problems
            assert (problem.line, problem.level) == (number + 1, ERROR), (number, problem)
            assert MISPLACED in problem.message and f"U+{ord(space):04X}" in problem.message


@pytest.mark.parametrize("path", SHIPPED_PAGES, ids=lambda path: path.name)
def test_an_unusual_space_after_a_field_name_or_a_list_dash_in_front_matter_is_named_at_its_line(make_project, path):
    text = path.read_text(encoding="utf-8")
    front = text[:text.index("\n---\n", 3)].split("\n")
    for number, line in enumerate(front[1:], 2):
        mark = re.match(r" *(?:- )?[a-z_]+: |  - ", line)
        if not mark or line.rstrip().endswith(":"):
            continue
        changed = front.copy()
        changed[number - 1] = line[:mark.end() - 1] + "\u00a0" + line[mark.end():]
        _, problems = load_pages(make_project({"content/extra.md": "\n".join(changed) + text[len("\n".join(front)):]}))
        found = [p for p in problems if p.path == "content/extra.md"]
        assert [(p.line, p.level) for p in found] == [(number, ERROR)], (line, found)
        assert MISPLACED in found[0].message


ITEM = re.compile(r"(?:- |[0-9]+\. )\S")


def shipped_lists(items=1):
    """(page, the line number of its first item) for every list of at least `items` in the shipped pages that follows a paragraph."""
    found = []
    for path in SHIPPED_PAGES:
        lines = path.read_text(encoding="utf-8").split("\n") + [""]
        for number in range(2, len(lines) - items):
            if (all(ITEM.match(line) for line in lines[number:number + items]) and lines[number - 1] == ""
                    and re.match(r"[A-Za-z*]", lines[number - 2])):
                found.append((path, number + 1))
    return found


def test_the_shipped_pages_have_lists_under_paragraphs():
    assert len(shipped_lists()) >= 10


@pytest.mark.parametrize("path, line", shipped_lists(), ids=lambda v: getattr(v, "name", str(v)))
def test_a_list_with_no_empty_line_above_it_is_named_at_its_first_item(make_project, path, line):
    lines = path.read_text(encoding="utf-8").split("\n")
    item = lines[line - 1]
    del lines[line - 2]
    _, problems = load_pages(make_project({"content/extra.md": "\n".join(lines)}))
    found = [p for p in problems if p.path == "content/extra.md"]
    assert [(p.level, p.line) for p in found] == [(WARNING, line - 1)], (item, found)
    assert found[0].message.startswith(f"the list starting '{item.strip()[:60]}' would show as part of the paragraph above it")


@pytest.mark.parametrize("space", ["\u00a0", "\u202f"])
@pytest.mark.parametrize("path, line", shipped_lists(), ids=lambda v: getattr(v, "name", str(v)))
def test_a_list_with_a_non_breaking_space_after_each_mark_or_before_it_is_named_at_its_first_item(make_project, path, line, space):
    for before in (False, True):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = line - 1
        while end < len(lines) and ITEM.match(lines[end]):
            lines[end] = space + lines[end] if before else re.sub(r"^(-|[0-9]+\.) ", f"\\1{space}", lines[end])
            end += 1
        _, problems = load_pages(make_project({"content/extra.md": "\n".join(lines)}))
        found = [p for p in problems if p.path == "content/extra.md"]
        assert [(p.level, p.line) for p in found] == [(WARNING, line)], found
        assert "would show as words, not as a list item or heading: a non-breaking space stands before or after its mark" in found[0].message


@pytest.mark.parametrize("path, line", shipped_lists(items=2), ids=lambda v: getattr(v, "name", str(v)))
def test_an_item_nested_by_2_spaces_is_named_and_by_4_is_not(make_project, path, line):
    for indent, told in (("  ", True), ("   ", True), ("    ", False)):
        lines = path.read_text(encoding="utf-8").split("\n")
        lines[line] = indent + lines[line]
        _, problems = load_pages(make_project({"content/extra.md": "\n".join(lines)}))
        found = [(p.level, p.line, p.message) for p in problems if p.path == "content/extra.md"]
        expected = f"the item '{lines[line].strip()[:60]}' is indented {len(indent)} spaces, so it would not show as a list under"
        assert [(level, at, message.startswith(expected)) for level, at, message in found] == ([(WARNING, line + 1, True)] if told else [])


@pytest.mark.parametrize("path, line", shipped_lists(), ids=lambda v: getattr(v, "name", str(v)))
def test_text_after_a_list_indented_by_fewer_than_4_spaces_is_named_and_the_site_shows_it_below_the_list(make_project, path, line):
    """GitHub's preview keeps text indented 2 spaces after an empty line in the item above; Python-Markdown needs 4."""
    for indent, told in (("  ", True), ("   ", True), ("    ", False)):
        lines = path.read_text(encoding="utf-8").split("\n")
        end = line - 1
        while end < len(lines) and ITEM.match(lines[end]):
            end += 1
        lines[end:end] = ["", indent + "More about the last item.", ""]
        pages, problems = load_pages(make_project({"content/extra.md": "\n".join(lines)}))
        found = [(p.level, p.line, p.message) for p in problems if p.path == "content/extra.md"]
        expected = f"the text 'More about the last item.' is indented {len(indent)} spaces, so it would show below the list"
        assert [(level, at, message.startswith(expected)) for level, at, message in found] == ([(WARNING, end + 2, True)] if told else [])
        [page] = [p for p in pages if p.source == "extra.md"]
        inside = re.search(r"More about the last item\.</p>\s*</li>", page.body) is not None
        assert inside is not told, (indent, "the site shows the text where the message says")


@pytest.mark.parametrize("body", [
    "Costs **rose** - by a third - in 2025.\n",
    "We met in\n2026. It went well.\n",
    "Take 2.5 mg a day; 3.5 million people.\n",
    "- One\n- Two\n\nIntro:\n\n1. First\n2. Second\n",
    "| Cost | Paid |\n|---|---|\n| - | 1. |\n",
    "- One\nwritten on\n- Two\n",
    "## Costs\n- Trains\n- Buses\n",
    "Text\n\n***\n- One\n",
    "> A quote\n- still the quote\n",
    "```\nText\n- in code\n```\n",
    "Text\n    - in the paragraph, as GitHub reads it too\n",
    "- One\n  written on\n- Two\n",
    "Text\n\n  more text, as GitHub reads it too\n",
    "- One\n\n    more of one\n\n- Two\n",
], ids=["dash-in-sentence", "year-at-line-start", "decimals", "proper-lists", "table-cells", "lazy-item-line", "under-heading",
        "under-rule", "quote", "code", "indented-four",
        "lazy-indented-line", "indented-paragraph", "paragraph-in-item"])
def test_text_that_only_looks_like_a_list_is_no_mistake(make_project, body):
    _, problems = load_pages(make_project({"content/extra.md": page_text("Extra", body)}))
    assert [p for p in problems if p.path == "content/extra.md"] == []


def test_a_data_file_holding_only_an_invisible_character_in_a_comment_is_still_empty(make_project):
    root = make_project({"data/site.yaml": "# Site settings\u200b\n"})
    problems = [p for p in gather(root).problems if p.path == "data/site.yaml"]
    assert [(p.level, p.message) for p in problems] == [(WARNING, problems[0].message), (ERROR, "this file is empty")]
    assert "zero width space" in problems[0].message


# --- A field's name without its ':' ----------------------------------------------------------

NO_COLON = "this line has no ':' after its field's name, so YAML reads it and the next line as one value"
NO_SPACE = "this line has no space after its field's name and ':', so YAML reads it as words, not a field"
COLON_HINT, SPACE_HINT = "put ':' and a space after the field's name: ", "put a space after the ':': "


def shipped_field_lines():
    """(label, YAML text, first line number, index of a 'field: value' line) for every such line in the shipped
    data files and front matter."""
    return [(label, text, first, n) for label, text, first in shipped_yaml_texts()
            for n, line in enumerate(text.split("\n")) if re.match(r" *[a-z_]+: \S", line)]


def shipped_yaml_texts():
    """(label, YAML text, first line number) for every shipped data file and page's front matter."""
    texts = [(path.name, path.read_text(encoding="utf-8"), 1) for path in sorted((REPO / "data").glob("*.yaml"))]
    return texts + [(path.name, front_matter(path), 2) for path in SHIPPED_PAGES]


@pytest.mark.parametrize("slip, message, hint", [
    (" ", NO_COLON, COLON_HINT),
    (":", NO_SPACE, SPACE_HINT),
], ids=["no colon", "no space after it"])
def test_a_field_without_its_colon_or_the_space_after_it_is_named_at_its_own_line_in_every_shipped_file(slip, message, hint):
    """YAML stops a line later ('could not find expected ':'', 'mapping values are not allowed'), with a message about a
    line that is right: the message names the line to mend, and the hint mends it. Tried on every 'field: value' line
    shipped, each with one slip."""
    lines_tried, named = 0, 0
    for number, (label, text, first, index) in enumerate(shipped_field_lines()):
        if number % 2 != (slip == ":"):  # each line with one of the two slips
            continue
        lines = text.split("\n")
        shipped, lines[index] = lines[index], lines[index].replace(": ", slip, 1)
        _, problems = parse_yaml("\n".join(lines), label, first)
        lines_tried += 1
        if problems:  # none where YAML reads the line as words of the value above ('cost "Varies …"'): the schema says so
            assert (problems[0].line, problems[0].message, problems[0].hint[:len(hint)]) == (first + index, message, hint), \
                (label, lines[index])
            assert parse_yaml(problems[0].hint[len(hint):], label) == parse_yaml(shipped.strip(), label), problems[0].hint
            named += 1
    assert lines_tried > 250 and named > lines_tried - 10, named


@pytest.mark.parametrize("line, hint, value", [
    ("title Travel costs", COLON_HINT + "title: Travel costs", "Travel costs"),
    ("title *New* travel costs", COLON_HINT + 'title: "*New* travel costs"', "*New* travel costs"),
    ('title "Free" travel', COLON_HINT + "title: '\"Free\" travel'", '"Free" travel'),
    ("title [Draft] costs", COLON_HINT + 'title: "[Draft] costs"', "[Draft] costs"),
    ("website https://www.nhs.uk/a?b=c", COLON_HINT + "website: https://www.nhs.uk/a?b=c", "https://www.nhs.uk/a?b=c"),
    ('town:"Leeds"', SPACE_HINT + 'town: "Leeds"', "Leeds"),
    ("town:@Leeds", SPACE_HINT + 'town: "@Leeds"', "@Leeds"),
], ids=["words", "emphasis", "quoted word", "brackets", "web address", "quoted", "at sign"])
def test_the_hint_for_a_missing_colon_or_space_is_the_line_mended_and_reads_back_as_typed(line, hint, value):
    _, [problem] = parse_yaml(f"{line}\ndescription: About travel.\n", "x.md", 2, fields=schema.FIELD_NAMES)
    assert (problem.line, problem.hint) == (2, hint)
    name = re.match(KEY, line).group()
    assert parse_yaml(problem.hint.split(": ", 1)[1], "x.md")[0] == {name: value}


@pytest.mark.parametrize("text, line", [
    ("description: A long text\n  that goes on here\n  and then: the mistake\n", 3),
    ("offers:\n  - Regional centre\n    more words\n    place: here\n", 4),
    ("title: A: B\n", 1),
], ids=["value-going-on", "item-going-on", "colon-in-value"])
def test_a_line_going_on_with_the_value_above_keeps_yamls_own_message(text, line):
    _, [problem] = parse_yaml(text, "x.yaml", 1)
    assert problem.line == line and problem.message.startswith("this is not valid YAML")


def test_a_page_with_mistakes_is_not_also_said_to_be_missing(make_project):
    text = (REPO / "content" / "find-a-centre.md").read_text(encoding="utf-8").replace("title: ", "title ", 1)
    problems = [p for p in gather(make_project({"content/find-a-centre.md": text}, real_places=True)).problems if p.level == ERROR]
    assert [(p.path, p.line, p.message) for p in problems] == [("content/find-a-centre.md", 2, NO_COLON)]


def test_a_quote_left_open_is_named_at_its_own_line_in_every_shipped_file():
    """YAML reads on to the next quote mark, lines below, and stops somewhere else; tried on every quoted value shipped."""
    tried, named = 0, 0
    for label, text, first, index in shipped_field_lines():
        lines = text.split("\n")
        if not re.search(r': "[^"]*"$', lines[index]):
            continue
        lines[index] = lines[index][:-1]
        _, problems = parse_yaml("\n".join(lines), label, first)
        tried += 1
        if problems:  # none where the next quote closes a value that YAML can read
            assert (problems[0].line, problems[0].message.split(",")[0]) == \
                (first + index, "the quote mark opened on this line is never closed on it"), (label, lines[index])
            named += 1
    assert tried > 100 and named > tried * 0.9, (tried, named)


@pytest.mark.parametrize("extra", [" ", "  ", "   "])
def test_a_field_indented_more_than_the_one_above_is_named_with_the_indent_to_use(extra):
    """YAML reads it as more of the value above and stops at its ':'. Every 'field: value' line shipped whose
    line above is one too, each with one of the three indents."""
    tried = 0
    for number, (label, text, first, index) in enumerate(shipped_field_lines()):
        if number % 3 != len(extra) - 1:
            continue
        lines = text.split("\n")
        above = re.match(r"( *)(?:- +)?([a-z_]+): +[^\s#]", lines[index - 1]) if index else None
        if not above or len(re.match(r" *(?:- +)?", lines[index - 1]).group()) != len(lines[index]) - len(lines[index].lstrip()):
            continue
        lines[index] = extra + lines[index]
        _, problems = parse_yaml("\n".join(lines), label, first)
        tried += 1
        indent = len(re.match(r" *(?:- +)?", lines[index - 1]).group())
        assert [(p.line, p.message, p.hint) for p in problems][:1] == [(
            first + index, f"this line is indented more than '{above.group(2)}' above it, so YAML reads it as more of that "
            "field's value", f"line it up with '{above.group(2)}': {indent} spaces before its name")], (label, lines[index])
    assert tried > 100


# --- A list in [ ], as data/search.yaml writes them ----------------------------------------------

def shipped_list_items():
    """(label, YAML text, first line number, line index, item) for every item of every list in [ ] shipped."""
    found = []
    for label, text, first in shipped_yaml_texts():
        for index, line in enumerate(text.split("\n")):
            if re.match(rf" *(?:- +)?{KEY}: \[[^\[\]\"']*\]$", line):
                found += [(label, text, first, index, item.strip()) for item in line[line.index("[") + 1:-1].split(",")]
    return found


def with_item_changed(text, index, item, changed):
    """`text` with `item` of the list on line `index` written as `changed`."""
    lines = text.split("\n")
    lines[index] = re.sub(rf"(?<=[\[,] ){re.escape(item)}(?=[,\]])|(?<=\[){re.escape(item)}(?=[,\]])", changed, lines[index], count=1)
    assert lines[index] != text.split("\n")[index]
    return "\n".join(lines)


def test_the_shipped_lists_have_items_to_try():
    labels = {label for label, *_ in shipped_list_items()}
    assert len(shipped_list_items()) > 60 and {"search.yaml", "centres.yaml"} <= labels


def test_an_item_holding_a_question_mark_or_brackets_is_named_at_its_line_and_the_hint_mends_it():
    """'who are you?' in [ ]: PyYAML stops at the '?' with "expected ',' or ']'"; every item shipped, each with one."""
    for number, (label, text, first, index, item) in enumerate(shipped_list_items()):
        typed = (f"{item}?", f"ask [{item}]", f"{item} {{x}}")[number % 3]
        _, problems = parse_yaml(with_item_changed(text, index, item, typed), label, first)
        assert [(p.line, p.message, p.hint) for p in problems] == [(first + index, f"the item '{typed}' holds "
                f"'{typed[-1] if typed.endswith('?') else '[' if '[' in typed else '{'}', which YAML reads as a mark of the list, "
                f"not part of the item", f'put the item in double quotes: "{typed}"')], (label, typed)
        data, problems = parse_yaml(with_item_changed(text, index, item, f'"{typed}"'), label, first)
        assert problems == [] and typed in str(data)


def test_a_hash_an_open_quote_or_a_missing_bracket_in_a_list_is_named_at_its_line():
    """YAML reads on past the line, and stops at the end of the file or at a line that is right."""
    for number, (label, text, first, index, item) in enumerate(shipped_list_items()):
        kind = number % 3
        if kind == 0:
            changed, message = with_item_changed(text, index, item, f"#1 {item}"), "a '#' at the start of an item, or after a space, starts a comment"
        elif kind == 1:
            changed, message = with_item_changed(text, index, item, f'"{item}'), "the quote mark opened on this line is never closed"
        else:
            lines = text.split("\n")
            lines[index] = lines[index].rstrip("]")
            changed, message = "\n".join(lines), "the list opened with '[' on this line is never closed"
        _, problems = parse_yaml(changed, label, first)
        assert [(p.line, p.message.startswith(message)) for p in problems] == [(first + index, True)], (label, item, kind, problems)


# --- A line break deleted between two fields, or typed inside a value ---------------------------------

SECOND_FIELD = "YAML reads '{}:' as a second field on this line, after '{}'"
GOES_ON = "this line goes on from '{}' above it, but is indented no more than that field's name"


def test_two_fields_on_one_line_are_named_at_it():
    """The line break between two fields deleted: one 'field: value' line shipped in two (data/search.yaml's pages too)
    joined to the field below it, where that field starts at the same column."""
    pairs = [(label, text, first, index) for label, text, first in shipped_yaml_texts()
             for index, (line, next_line) in enumerate(itertools.pairwise(text.split("\n")))
             if FIELD_AND_VALUE_LINE.match(line) and FIELD_AND_VALUE_LINE.match(next_line) and indent_of(line) == indent_of(next_line)]
    for label, text, first, index in pairs[::2]:
        lines = text.split("\n")
        field, below = FIELD_AND_VALUE_LINE.match(lines[index]), FIELD_AND_VALUE_LINE.match(lines[index + 1])
        joined = lines[:index] + [lines[index].rstrip() + " " + lines[index + 1].strip()] + lines[index + 2:]
        _, problems = parse_yaml("\n".join(joined), label, first, fields=schema.FIELD_NAMES)
        assert [(p.line, p.message) for p in problems][:1] == \
            [(first + index, SECOND_FIELD.format(below.group(1), field.group(1)))], (label, joined[index])
    assert len(pairs) > 300, len(pairs)


def test_a_value_broken_onto_a_line_of_its_own_is_named_at_that_line():
    """Enter pressed inside a value: every value shipped of four words or more, without quotes, broken before its last word
    (which is no field's name), the rest at the field's indent or at the start of the line."""
    tried = 0
    for number, (label, text, first, index) in enumerate(shipped_field_lines()):
        lines = text.split("\n")
        field = re.fullmatch(r"( *(?:- +)?)([a-z_]+): ([^\"'#:\[{>|&*!%@`-][^#:]*(?: [^\s:#]+){3})", lines[index].rstrip())
        if not field or field.group(3).rsplit(" ", 1)[1].lower() in schema.FIELD_NAMES:
            continue
        head, rest = lines[index].rstrip().rsplit(" ", 1)
        lines[index:index + 1] = [head, " " * (len(field.group(1)) if number % 2 else 0) + rest]
        _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        tried += 1
        assert [(p.line, p.message.startswith(GOES_ON.format(field.group(2)))) for p in problems][:1] == [(first + index + 1, True)], \
            (label, lines[index:index + 2], problems)
    assert tried >= 30, tried  # most values shipped are quoted, or hold a ":" (web addresses)


@pytest.mark.parametrize("spaces", [1, 2, 4])
def test_a_first_field_indented_is_named_at_its_line_in_every_shipped_file(spaces):
    """YAML reads an indented first field as a document of its own and stops at the next field that starts further left.
    Every shipped file with two fields or more at the top (data/search.yaml has one, and the schema names it)."""
    for label, text, first in shipped_yaml_texts():
        lines = text.split("\n")
        if len([line for line in lines if re.match(r"[a-z_]+:", line)]) < 2:
            continue
        start = next(i for i, line in enumerate(lines) if line.strip() and not line.startswith("#"))
        lines[start] = " " * spaces + lines[start]
        _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        assert [(p.line, p.message) for p in problems] == [(first + start, f"this first field is indented by {spaces} space{'s' * (spaces > 1)}, "
                                                            "so YAML cannot read the fields below it that start further left")], label


def test_a_list_item_with_no_space_after_its_dash_is_named_at_its_line():
    """'-title: …': every list item shipped that starts with a field, after the first of its list."""
    tried = 0
    items = [(label, text, first, index) for label, text, first in shipped_yaml_texts()
             for index, line in enumerate(text.split("\n")) if re.match(r" *- [a-z_]+: ", line)]
    for label, text, first, index in items:
        lines = text.split("\n")
        if lines[index - 1].rstrip().endswith(":"):
            continue
        shipped, lines[index] = lines[index], lines[index].replace("- ", "-", 1)
        _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        tried += 1
        assert [(p.line, p.message, p.hint) for p in problems][:1] == [(
            first + index, "this line has no space after its '-', so YAML does not read it as a new item of the list",
            f"put a space after the '-': {shipped.strip()}")], (label, lines[index])
    assert tried > 50, tried


def test_a_field_written_twice_is_named_at_both_lines():
    """One 'field: value' line shipped in four, repeated below itself (libyaml finds it, reading the whole file)."""
    tried = 0
    for label, text, first, index in shipped_field_lines()[::4]:
        lines = text.split("\n")
        again = re.sub(r"^ *- +", lambda dash: " " * len(dash.group()), lines[index])  # as a field of the same item
        _, problems = parse_yaml("\n".join(lines[:index + 1] + [again] + lines[index + 1:]), label, first)
        name = FIELD_AND_VALUE_LINE.match(lines[index]).group(1)
        assert [(p.line, p.message) for p in problems] == \
            [(first + index + 1, f"'{name}' appears twice in one group of fields: here and at line {first + index}")], label
        tried += 1
    assert tried > 120


def test_a_list_item_that_lost_its_first_line_is_named_with_the_hint_to_put_it_back():
    """The '- title: …' line of every list item shipped deleted (after the first item of its list), so that its
    fields join the item above."""
    items = [(label, text, first, index) for label, text, first in shipped_yaml_texts()
             for index, line in enumerate(text.split("\n")) if re.match(r" *- [a-z_]+: ", line)]
    named = 0
    for label, text, first, index in items:
        lines = text.split("\n")
        if lines[index - 1].rstrip().endswith(":"):
            continue
        _, problems = parse_yaml("\n".join(lines[:index] + lines[index + 1:]), label, first)
        twice = [p for p in problems if "appears twice in one group of fields: here and at line" in p.message]
        assert all(p.hint.endswith("start the second item with '- ', as the items above it start") for p in twice)
        named += bool(twice)  # where the item holds a field the item above holds too
    assert named > 60, named


MISALIGNED = re.compile(r"(?:this item of a list, starting '- ([a-z_]+)',|'([a-z0-9_./-]+)') is indented (\d+) spaces? here, and "
                        r"'(?:- )?([a-z0-9_./-]+)' (\d+) spaces? at line (\d+), so YAML cannot tell where it belongs")


def test_a_field_or_list_item_out_of_line_is_named_at_its_line_with_the_column_to_use():
    """One indented field or list item shipped in five, moved a space in, a space out or two spaces out (in turn):
    almost every one is named at its own line, in words of ours, and the line the message gives to line up with
    does start at the column it says. (A few moves make YAML that reads: the schema names what is then wrong.)"""
    lines_of = {label: text.split("\n") for label, text, _ in shipped_yaml_texts()}
    moved = [(label, text, first, n) for label, text, first in shipped_yaml_texts()
             for n, line in enumerate(text.split("\n")) if re.match(rf" +(?:- +)?{KEY}:(?: |$)", line)][::5]
    refused = named = ours = 0
    for number, (label, text, first, index) in enumerate(moved):
        lines = text.split("\n")
        lines[index] = {0: " " + lines[index], 1: lines[index][1:], 2: lines[index][2:]}[number % 3]
        _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        refused += bool(problems)
        named += bool(problems) and problems[0].line == first + index
        ours += bool(problems) and not problems[0].message.startswith("this is not valid YAML")
        said = MISALIGNED.fullmatch(problems[0].message) if problems else None
        if said:
            item, name, have, other_name, want, other = said.groups()
            assert indent_of(lines[index], keys=not item) == int(have) and problems[0].line == first + index
            reference = lines_of[label][int(other) - first]
            assert re.match(rf" *{'- +' if item else '(- +)?'}{re.escape(other_name)}:", reference)
            assert indent_of(reference, keys=not item) == int(want)
    assert refused > 120 and named >= 0.97 * refused and ours >= 0.95 * refused, (refused, named, ours)


def test_a_comment_broken_onto_a_line_without_its_hash_is_named_at_that_line():
    """Enter pressed inside a comment: every comment shipped of six words or more, broken before its last word."""
    tried = 0
    for label, text, first in shipped_yaml_texts():
        for index, line in enumerate(text.split("\n")):
            if not re.fullmatch(r" *# (?:\S+ ){5,}\S+", line):
                continue
            lines = text.split("\n")
            head, rest = line.rsplit(" ", 1)
            lines[index:index + 1] = [head, " " * (len(line) - len(line.lstrip())) + rest]
            _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
            tried += 1
            assert [(p.line, p.message.split(",")[0]) for p in problems][:1] == \
                [(first + index + 1, "this line goes on from the comment above it")], (label, lines[index:index + 2], problems)
    assert tried > 30, tried


def test_the_first_field_of_a_group_moved_in_is_named_at_its_line_not_at_the_field_below():
    """'source:' then its 'title:' a space further in than its 'url:': YAML stops at 'url', which is right. Every group of
    fields shipped (a field with no value, its fields below it), with its first field moved a space in."""
    tried = 0
    for label, text, first in shipped_yaml_texts():
        lines = text.split("\n")
        for index in range(len(lines) - 2):
            if not (re.fullmatch(r" *[a-z_]+:", lines[index]) and FIELD_AND_VALUE_LINE.match(lines[index + 1])
                    and FIELD_AND_VALUE_LINE.match(lines[index + 2]) and lines[index + 1].startswith(" ")
                    and indent_of(lines[index + 1]) == indent_of(lines[index + 2]) > indent_of(lines[index])):
                continue
            moved = lines[:index + 1] + [" " + lines[index + 1]] + lines[index + 2:]
            _, problems = parse_yaml("\n".join(moved), label, first, fields=schema.FIELD_NAMES)
            tried += 1
            assert [p.line for p in problems][:1] == [first + index + 1], (label, moved[index:index + 3], problems)
    assert tried >= 10, tried


VALUE_STARTS = ["*New* ", "**New** ", "@", "`New` ", "%", "| ", "> ", "!", "& ", "[New] ", "{New} ", "? ", '"New" ', "'New' "]


def test_a_value_starting_with_one_of_yamls_marks_is_named_and_the_hint_mends_it():
    """Markdown's *emphasis*, '@charity', '"Free" travel': one 'field: value' line shipped in five, its value given
    each start in turn; the value the hint writes reads back as typed."""
    tried = 0
    for number, (label, text, first, index) in enumerate(shipped_field_lines()[::5]):
        lines = text.split("\n")
        field = re.fullmatch(r"( *(?:- +)?)([a-z_]+): (.*)", lines[index])
        value = field.group(3).strip('"')  # the value as an editor sees it
        if '"' in value or "#" in value or value[:1] in "[|>":  # lists, and blocks of text below their field
            continue
        typed = VALUE_STARTS[number % len(VALUE_STARTS)] + value
        lines[index] = f"{field.group(1)}{field.group(2)}: {typed}"
        _, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        assert [(p.line, p.message.startswith(f"the value of '{field.group(2)}' starts with")) for p in problems][:1] == \
            [(first + index, True)], (label, lines[index], problems)
        lines[index] = field.group(1) + problems[0].hint.removeprefix("put the whole value in quotes: ")
        data, problems = parse_yaml("\n".join(lines), label, first, fields=schema.FIELD_NAMES)
        assert problems == [] and typed in set(texts_in(data)), (label, lines[index])
        tried += 1
    assert tried > 90, tried


def test_a_required_value_starting_with_a_hash_is_named_as_having_no_value_not_as_missing(make_project):
    """'title: #1 choice': YAML reads the '#' on as a comment, so the field is there with no value. Every required
    field of every shipped page's front matter, its value started with '#'."""
    required = {field.name for field in schema.FRONT_MATTER.fields if field.required}
    tried = 0
    for path in SHIPPED_PAGES:
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.split("\n")[1:text.split("\n").index("---", 1)], 2):
            field = re.fullmatch(r"([a-z_]+): (.+)", line)
            if not field or field.group(1) not in required:
                continue
            changed = text.replace(f"\n{line}\n", f"\n{field.group(1)}: #1 {field.group(2)}\n", 1)
            _, problems = load_pages(make_project({"content/extra.md": changed}))
            found = [(p.line, p.message) for p in problems if p.path == "content/extra.md" and "'" + field.group(1) + "'" in p.message]
            assert found[:1] == [(number, f"'{field.group(1)}' has no value")], (path.name, line, found)
            tried += 1
    assert tried >= 3 * len(SHIPPED_PAGES), tried
