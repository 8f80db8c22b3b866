"""Why YAML refused a text, in words an editor can act on, named at the line to mend.

PyYAML names the line where it gave up, often a line or more below the mistake (a quote left open, a field's
name without its ':', a line out of line) and in its own terms ("expected <block end>, but found '?'"). Each
function here recognises one such mistake from the error and the text and says what it is, where, and how to
mend it; an error none recognises keeps PyYAML's words, with a hint where one fits."""

import datetime
import re
from collections import Counter

from .constants import UNUSUAL_SPACES
from .files import character_named
from .problems import ERROR, Problem, did_you_mean

YAML_HINTS = (
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("mapping values are not allowed", "a value contains ': ' — put the whole value in double quotes"),
    ("could not find expected ':'", "each line should be 'field: value'; check the spelling and indentation"),
    ("found undefined alias", "a value starting with '*' needs double quotes"),
    ("expected <block end>", "check that this line lines up with the ones above it"),
    ("did not find expected", "check the indentation and any quotes that are not closed"),
    ("quoted scalar", "a quote mark opened on this line is never closed"),
    ("sequence entries are not allowed", "a '-' after a field's name starts a list: put each item on a line of its own "
     "below it, starting '- '; for a value not known yet, leave the field out"),
)


def bad_date_line(text, first_line):
    """Return the line of the first impossible YYYY-MM-DD date in `text`, else `first_line`."""
    for number, line in enumerate(text.splitlines(), first_line):
        for match in re.findall(r"\b\d{4}-\d{2}-\d{2}\b", line):
            try:
                datetime.date.fromisoformat(match)
            except ValueError:
                return number
    return first_line


CURLY_QUOTED = re.compile(r":\s+[\u201c\u2018\u201d\u2019]")  # "title: “…”", as word processors and phones type quotes
CURLY_QUOTES_HINT = "the value is in curly quotes (“ ”), which YAML reads as letters: type straight double quotes (\") instead"


# An unusual space (a non-breaking one, pasted from a word processor or web page) where YAML needs an
# ordinary one: in a line's indent, after a list's '-', or after a field's name and ':'.
MISPLACED_SPACE = re.compile(rf"^ *(?:- +)*(?:[^\s:#'\"][^:#\n]*:|-)?(?P<space>[{UNUSUAL_SPACES}])")
# The same after a field's name or a '-', where YAML reads the whole line as text and finds no mistake.
FIELD_AS_TEXT = re.compile(rf"^ *(?:- +)*(?P<text>(?:[a-z_]+:|-)(?P<space>[{UNUSUAL_SPACES}]).*)")
ANY_UNUSUAL_SPACE = re.compile(f"[{UNUSUAL_SPACES}]")


def yaml_problem(error, path, first_line, text, fields=None):
    """Turn a PyYAML error into a Problem at its line and column."""
    unclosed = "quoted scalar" in (error.context or "")
    mark = (error.context_mark if unclosed else error.problem_mark) or error.context_mark
    lines = text.split("\n")
    misplaced = misplaced_space_problem(lines[:mark.line + 1] if mark else lines, path, first_line)
    if misplaced:
        return misplaced
    line = mark.line + first_line if mark else first_line
    column = f", column {mark.column + 1}" if mark else ""
    what = " ".join(filter(None, [error.context, error.problem]))
    hint = next((h for needle, h in YAML_HINTS if needle in what), "")
    if mark and mark.line < len(lines) and CURLY_QUOTED.search(lines[mark.line]):
        hint = CURLY_QUOTES_HINT
    # Our own explanations, each named at the line to mend, where YAML names the line it gave up at.
    explained = (missing_colon_problem(lines, error, what, path, first_line, fields)
                 or two_fields_problem(lines, error, what, path, first_line, fields)
                 or flow_list_problem(lines, error, what, path, first_line)
                 or indented_start_problem(lines, what, path, first_line)
                 or (mark and problem_near(lines, mark.line, what, path, first_line)))
    return explained or Problem(ERROR, path, line, f"this is not valid YAML{column}: {what}", hint)


def problem_near(lines, stop, what, path, first_line):
    """The mistake on line `stop`, where YAML stopped, or on a line above it, that explains why; or None."""
    above, text_above = line_above(lines, min(stop, len(lines))), line_above(lines, min(stop, len(lines)), comments=False)
    return (dash_without_space_problem(lines, stop, path, first_line)
            or comment_goes_on_problem(lines, stop, path, first_line)
            or comment_goes_on_problem(lines, text_above, path, first_line)
            or unclosed_quote_problem(lines, stop, path, first_line)
            or marked_value_problem(lines, stop, path, first_line)
            or misaligned_problem(lines, above, what, path, first_line, above_the_stop=True)
            or over_indented_problem(lines, stop, what, path, first_line)
            or misaligned_problem(lines, stop, what, path, first_line))


KEY = r"[a-z0-9_][a-z0-9_./-]*"  # a field's name ("title"), or a page's file in data/search.yaml ("travel-costs.md")
KEY_AND_COLON = re.compile(rf"({KEY}):(?: |$)")
# A value that opens a quote and does not close it on its line: YAML reads on to the next quote mark, lines below.
QUOTE_OPENED = re.compile(r" *(?:- +)?(?:[a-z_]+: +)?(?:\"(?:[^\"\\]|\\.)*|'[^']*)")
FIELD_AND_VALUE = re.compile(rf" *(?:- +)?({KEY}): +[^\s#]")
QUOTE_REACH = 20  # lines above a mistake to look for the quote that explains it


def unclosed_quote_problem(lines, index, path, first_line):
    """The problem when a quote opened on a line above `index` (or on it) is not closed on its line; or None."""
    for above in range(min(index, len(lines) - 1), max(index - QUOTE_REACH, -1), -1):
        if QUOTE_OPENED.fullmatch(lines[above].rstrip()) or opens_a_quote_in_a_list(lines[above]):
            return Problem(ERROR, path, first_line + above, "the quote mark opened on this line is never closed on it, so "
                           "YAML reads on into the lines below", "put the closing quote mark at the end of the value")
    return None


def opens_a_quote_in_a_list(line):
    """Whether an item of a list in [ ] on this line starts with a quote mark the line does not close."""
    quote, item_starts = None, False
    for character in line:
        if quote:
            quote = None if character == quote else quote
        elif character in "[,":
            item_starts = True
        elif item_starts and character in "\"'":
            quote = character
        elif not character.isspace():
            item_starts = False
    return quote is not None


# Marks that YAML reads as its own at the start of a value: an alias, an anchor, a tag, a reserved mark, a block of
# text, a list or group in [ ] or { }, a key, or a quote (closed before the value ends).
VALUE_MARKS = "*&!@%`|>[{?\"'"
BLOCK_START = re.compile(r"[|>][-+0-9]*(?:\s+#.*)?")  # "about: >-", then the text on the lines below
FIELD_WITH_VALUE = re.compile(rf" *(?:- +)?({KEY}): +(\S.*?)\s*")


def marked_value_problem(lines, index, path, first_line):
    """The problem when the value on line `index` starts with one of YAML's marks and goes on as text ('*New* costs',
    '@charity', '"Free" travel'), so YAML cannot read it; or None."""
    found = FIELD_WITH_VALUE.fullmatch(lines[index]) if index < len(lines) else None
    if not found or not needs_quotes(found.group(2)):
        return None
    name, value = found.groups()
    said = "a quote mark, and YAML reads only the words inside the quotes as the value" if value[0] in "\"'" else \
        f"'{value[0]}', which YAML reads as one of its own marks, not as text"
    return Problem(ERROR, path, first_line + index, f"the value of '{name}' starts with {said}",
                   f"put the whole value in quotes: {name}: {in_quotes(value)}")


def needs_quotes(value):
    """Whether a value starts with one of YAML's marks and goes on as text ('*New* costs', '"Free" travel'): not a
    list, a group, a quoted value or a block of text below its field."""
    whole = value[:1] in "[{\"'" and value.endswith({"[": "]", "{": "}"}.get(value[0], value[0]))
    return value[:1] in VALUE_MARKS and not whole and not BLOCK_START.fullmatch(value)


def as_value(text):
    """`text` as it can follow a field's name and ': ': as it is, or in quotes where it needs them."""
    return in_quotes(text) if needs_quotes(text) else text


def in_quotes(text):
    """`text` as a YAML value in quotes: in single quotes when it holds double ones, else in double quotes."""
    if '"' in text:
        return "'" + text.replace("'", "''") + "'"
    return '"' + text.replace("\\", "\\\\") + '"'


def over_indented_problem(lines, index, what, path, first_line):
    """The problem when a field is indented more than the field above it, so that YAML reads it as more of that
    field's value ('mapping values are not allowed here'), or finds a field where that value should end ('expected
    <block end>', after a quoted value); or None."""
    if not ("mapping values are not allowed" in what or "expected <block end>" in what) or index >= len(lines) or \
            not FIRST_FIELD.match(lines[index]):
        return None
    above = line_above(lines, index)
    field = FIELD_AND_VALUE.match(lines[above]) if above is not None else None
    if not field or indent_of(lines[index]) <= indent_of(lines[above], keys=True):
        return None
    return Problem(ERROR, path, first_line + index, f"this line is indented more than '{field.group(1)}' above it, so "
                   f"YAML reads it as more of that field's value", f"line it up with '{field.group(1)}': "
                   f"{spaces(indent_of(lines[above], keys=True))} before its name")


FIRST_FIELD = re.compile(rf" *(- +)?{KEY_AND_COLON.pattern}")  # "  - title: …", "    url: …", "  travel-costs.md: …"
ALIGN_REACH = 40  # lines either side to look for the same field: a centre's entry is about 25
SLIP = 2  # spaces: the same field further from this one is of another list or group


def misaligned_problem(lines, index, what, path, first_line, above_the_stop=False):
    """The problem when line `index` starts at another column than the lines it belongs with, or None: where YAML
    found no place for it ('expected <block end>'), or, with `above_the_stop`, as the line above the one YAML stopped
    at (a list item whose fields YAML then found too far in, or a field out of line with the fields either side)."""
    if index is None or index >= len(lines) or not ("expected <block end>" in what or "mapping values are not allowed" in what):
        return None
    found = FIRST_FIELD.match(lines[index])
    if not found:
        return None
    item, name = bool(found.group(1)), found.group(2)
    # Above the stop, only a list item that two items disagree with: the two items of a short list can disagree either way.
    other = aligned_with(lines, index, item, name, agreed_by=2 if above_the_stop and item else 1) or \
        (None if item else odd_one_out(lines, index))
    return None if other is None else misaligned(lines, index, other, item, name, path, first_line)


def aligned_with(lines, index, item, name, agreed_by=1):
    """The line that line `index` (a list item starting with field `name`, or that field) should line up with, if it
    does not: the nearest, at the column most of them share (at least `agreed_by` of them), of the same fields around
    it, else of the other fields of its group; for a field under a list item's first line, that line; else None."""
    column = indent_of(lines[index], keys=not item)
    near = [i for i in sorted(range(max(index - ALIGN_REACH, 0), min(index + ALIGN_REACH, len(lines))), key=lambda i: abs(i - index))
            if i != index and (found := FIRST_FIELD.match(lines[i])) and (found.group(1) or not item)
            and abs(indent_of(lines[i], keys=not item) - column) <= SLIP]
    parent = parent_of(lines, index)  # where the line still has its group, the same fields of that group's kind count
    same = [i for i in near if FIRST_FIELD.match(lines[i]).group(2) == name]
    kin = [i for i in same if parent_of(lines, i) == parent] or same or \
        [i for i in near if not item and not FIRST_FIELD.match(lines[i]).group(1) and parent_of(lines, i) == parent]
    columns = Counter(indent_of(lines[i], keys=not item) for i in kin)
    if columns:
        shared, count = columns.most_common(1)[0]
        other = next(i for i in kin if indent_of(lines[i], keys=not item) == shared) if count >= agreed_by else None
    elif not item and index and (above := line_above(lines, index)) is not None and re.match(r" *- ", lines[above]) and \
            indent_of(lines[above]) <= column < indent_of(lines[above], keys=True):
        other = above
    else:
        other = None
    return None if other is None or indent_of(lines[other], keys=not item) == column else other


def parent_of(lines, index):
    """The name of the group that line `index` belongs to: the nearest line above it, further left, that opens one (a
    field with nothing after its ':', or a list item)."""
    indent = indent_of(lines[index])
    return next((found.group(2) for i in range(index - 1, -1, -1)
                 if (found := FIRST_FIELD.match(lines[i])) and indent_of(lines[i]) < indent
                 and (found.group(1) or not lines[i][found.end():].strip())), None)


def odd_one_out(lines, index):
    """The field above line `index`, when it and the field below it start at one column and line `index` at another."""
    fields = [i for i in range(len(lines)) if FIRST_FIELD.match(lines[i])]
    above = next((i for i in reversed(fields) if i < index), None)
    below = next((i for i in fields if i > index), None)
    if above is None or below is None:
        return None
    column = indent_of(lines[above], keys=True)
    return above if indent_of(lines[below], keys=True) == column != indent_of(lines[index], keys=True) else None


def misaligned(lines, index, other, item, name, path, first_line):
    """The problem of line `index`, not lined up with line `other`."""
    have, want = indent_of(lines[index], keys=not item), indent_of(lines[other], keys=not item)
    what_is, start = (f"this item of a list, starting '- {name}',", "'-'") if item else (f"'{name}'", "name")
    found = FIRST_FIELD.match(lines[other])
    other_is = f"'- {found.group(2)}'" if item else f"'{found.group(2)}'"
    return Problem(ERROR, path, first_line + index, f"{what_is} is indented {spaces(have)} here, and {other_is} "
                   f"{spaces(want)} at line {first_line + other}, so YAML cannot tell where it belongs",
                   f"line it up with line {first_line + other}: {spaces(want)} before its {start}")


def spaces(count):
    """'1 space', '4 spaces'."""
    return f"{count} space{'s' * (count != 1)}"


# A list in [ ], as data/search.yaml writes them: the marks YAML reads as its own in an item without quotes.
LIST_MARKS = "?[{"
COMMENT_IN_LINE = re.compile(r"(?<=[\s\[,])#")  # where a "#" starts a comment: "[#1", ", #1"


def flow_list_problem(lines, error, what, path, first_line):
    """The problem when a list in [ ] cannot be read, named at the line that opens it: an item holds '?', '[' or '{'
    ("who are you?"), a ' #' makes the rest of the line a comment, or no ']' closes it; or None.

    YAML stops at the mark, or where the list should have ended: lines below, often at the end of the file."""
    opened, stopped = error.context_mark, error.problem_mark
    if "while parsing a flow" not in what or not stopped:
        return None
    if opened and "flow sequence" in what and stopped.line == opened.line < len(lines) and \
            stopped.column < len(lines[stopped.line]) and lines[stopped.line][stopped.column] in LIST_MARKS:
        return list_mark_problem(lines[stopped.line], opened.column, stopped.column, path, first_line + stopped.line)
    index = next((i for i in range(min(stopped.line, len(lines) - 1), max(stopped.line - QUOTE_REACH, -1), -1)
                  if opens_a_list(lines[i])), None)
    if index is None:
        return None
    if COMMENT_IN_LINE.search(lines[index][lines[index].index("["):]):
        return Problem(ERROR, path, first_line + index, "a '#' at the start of an item, or after a space, starts a comment, "
                       "so YAML reads nothing after it on this line, and the list in [ ] is never closed",
                       "put the item holding '#' in double quotes, like \"#1 charity\"")
    return Problem(ERROR, path, first_line + index, "the list opened with '[' on this line is never closed",
                   "end the list with ']' on this line")


def list_mark_problem(line, opened, at, path, number):
    """The problem of an item, in the list opened at column `opened`, that holds one of YAML's marks at column `at`."""
    start = max(line.rfind(",", 0, at), opened) + 1
    closer = line.find("]", at + 1) + (line[at] == "[")  # "ask [us]" keeps its own ']'
    item = line[start:min(i for i in (line.find(",", at), closer, len(line)) if i >= 0)].strip()
    return Problem(ERROR, path, number, f"the item '{item}' holds '{line[at]}', which YAML reads as a mark of the list, "
                   "not part of the item", f'put the item in double quotes: "{item}"')


def opens_a_list(line):
    """Whether a field on this line opens a list in [ ] that YAML reads no ']' to close, a comment hiding it."""
    field = re.match(rf" *(?:- +)?{KEY}: +\[", line)
    read = COMMENT_IN_LINE.split(line, 1)[0]
    return field is not None and read.count("[") > read.count("]")


# A field's name and its value without the ': ' between, as YAML cannot read them, and what to say of each:
# "title Travel costs", "website https://…" (no ':'); "town:Leeds", 'town:"Leeds"' (no space after it).
# Each hint is the line mended: "put ':' and a space after the field's name: town: Leeds".
FIELD_WITHOUT_COLON = (
    (re.compile(r"( *)([a-z_]+) ((?:[^:#]|:(?! |$))*)"), "this line has no ':' after its field's name, so YAML reads it "
     "and the next line as one value", "put ':' and a space after the field's name: {}: {}"),
    (re.compile(r"( *)([a-z_]+):([^\s:].*)"), "this line has no space after its field's name and ':', so YAML reads it as "
     "words, not a field", "put a space after the ':': {}: {}"),
)


def missing_colon_problem(lines, error, what, path, first_line, fields=None):
    """The problem when `error` comes of a field's name and value without ': ' between them, named at that line; or None.

    YAML reads such a line as the start of a key ('could not find expected ':'', at the next line) or, at the top
    of a mapping, as one value with the next line ('mapping values are not allowed here', at the next line).
    Words that are no field's name (with `fields`) are taken for the end of the value above, broken onto their own line."""
    if "could not find expected ':'" in what and error.context_mark:
        index, below = error.context_mark.line, None
    elif "mapping values are not allowed" in what and error.problem_mark:
        below = error.problem_mark.line
        index = line_above(lines, min(below, len(lines)))
    else:
        return None
    if index is None or index >= len(lines) or (below is not None and below >= len(lines)):
        return None  # YAML also ends lines at '\r' and '\x85': the text is too odd to say more
    for pattern, message, hint in FIELD_WITHOUT_COLON:
        match = pattern.fullmatch(lines[index].rstrip())
        if match and (below is None or indent_of(lines[below]) == len(match.group(1))) and \
                not goes_on_from_above(lines, index, len(match.group(1))) and may_be_a_field(lines[index], fields):
            return Problem(ERROR, path, first_line + index, message, hint.format(match.group(2), as_value(match.group(3).strip())))
    return broken_value_problem(lines, index, path, first_line) if fields is not None else None


def indented_start_problem(lines, what, path, first_line):
    """The problem when the first field is indented and a field below it is not: YAML reads the first as a
    document of its own and stops at the second ("expected '<document start>'"); or None."""
    if "expected '<document start>'" not in what:
        return None
    start = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), None)
    if start is not None and not FIRST_FIELD.match(lines[start]):
        return comment_goes_on_problem(lines, start, path, first_line)
    if start is None or not indent_of(lines[start]):
        return None
    return Problem(ERROR, path, first_line + start, f"this first field is indented by {spaces(indent_of(lines[start]))}, "
                   "so YAML cannot read the fields below it that start further left",
                   "delete the spaces before its name: the first fields start at the beginning of the line")


def dash_without_space_problem(lines, index, path, first_line):
    """The problem when line `index`, or the line above it, starts a list item with '-' and no space after it
    ("-title: …"); or None. YAML stops at that line, or at the next, having read it as words."""
    if index >= len(lines):
        return None  # YAML also ends lines at '\r' and '\x85': the text is too odd to say more
    index = next((i for i in (index, line_above(lines, index)) if i is not None and re.match(r" *-[a-z_]+:", lines[i])), None)
    if index is None:
        return None
    return Problem(ERROR, path, first_line + index, "this line has no space after its '-', so YAML does not read it as "
                   "a new item of the list", f"put a space after the '-': - {lines[index].strip()[1:]}")


def duplicate_field_problem(error, path, first_line):
    """The problem when a field appears twice in one group of fields, named at the second, with the line of the first."""
    return Problem(ERROR, path, first_line + error.problem_mark.line, f"{error.problem}: here and at line "
                   f"{first_line + error.context_mark.line}", "delete one of the two lines; if each belongs to an "
                   "item of a list, start the second item with '- ', as the items above it start")


def may_be_a_field(line, fields):
    """Whether the first word of `line` is, or is spelt like, one of `fields` (any word, when they are not known)."""
    word = re.match(r" *(?:- +)?([a-z_]*)", line).group(1)
    return fields is None or word in fields or bool(did_you_mean(word, fields))


def broken_value_problem(lines, index, path, first_line):
    """The problem when line `index`, no field, is indented no more than the field above it: the end of that field's
    value broken onto a line of its own, which YAML reads as a new field without its ':'; or None."""
    if FIRST_FIELD.match(lines[index]):
        return None
    above = line_above(lines, index)
    if above is not None and lines[above].lstrip().startswith("#"):
        return comment_goes_on_problem(lines, index, path, first_line)
    field = re.match(r" *(?:- +)?([a-z_]+):", lines[above]) if above is not None else None
    if not field or indent_of(lines[index]) > indent_of(lines[above], keys=True):
        return None
    return Problem(ERROR, path, first_line + index, f"this line goes on from '{field.group(1)}' above it, but is indented "
                   "no more than that field's name, so YAML reads it as a new field without its ':'",
                   f"join it to the end of the line above, or indent it more than '{field.group(1)}'")


def comment_goes_on_problem(lines, index, path, first_line):
    """The problem when line `index`, below a comment, is words of that comment without its '#'; or None."""
    above = line_above(lines, index) if index is not None and index < len(lines) else None
    if above is None or not lines[above].lstrip().startswith("#") or re.match(r" *[-#]", lines[index]) or \
            FIRST_FIELD.match(lines[index]):
        return None
    return Problem(ERROR, path, first_line + index, "this line goes on from the comment above it, but does not start "
                   "with '#', so YAML reads it as a field without its ':'", "start it with '# ', like the line above")


def two_fields_problem(lines, error, what, path, first_line, fields=None):
    """The problem when a field's name and ':' follow another field's value on its line ("next_review: 2027-11-24
    sources:", "contact.md: [help] preparing.md: [notes]"), as when the line break between them is deleted; or None.

    YAML stops at the second field's ':', or, after a value in quotes or [ ], at its name."""
    mark = error.problem_mark
    if not mark or mark.line >= len(lines) or not fields:
        return None
    line = lines[mark.line]
    if "mapping values are not allowed" in what:
        second = re.search(r"(?<![^\s])([a-z_]+)$", line[:mark.column])
    elif "expected <block end>, but found '<scalar>'" in what:
        second = KEY_AND_COLON.match(line, mark.column)
    else:
        return None
    first = FIELD_AND_VALUE.match(line)
    if not (first and second and second.start() >= first.end() - 1 and (second.group(1) in fields or second.group(1).endswith(".md"))):
        return None
    name = second.group(1)
    return Problem(ERROR, path, first_line + mark.line, f"YAML reads '{name}:' as a second field on this line, after "
                   f"'{first.group(1)}'", f"if '{name}' is a field, start it on a line of its own; if it is part of the "
                   "value, put the whole value in double quotes")


def goes_on_from_above(lines, index, indent):
    """Whether line `index` goes on with the value above it ("description: A long text" / "  that goes on")."""
    above = line_above(lines, index)
    return above is not None and indent_of(lines[above], keys=True) < indent and not lines[above].rstrip().endswith(":")


def line_above(lines, index, comments=True):
    """The index of the nearest line above `index` that is not blank (nor a comment, without `comments`), or None."""
    return next((i for i in range(index - 1, -1, -1)
                 if lines[i].strip() and (comments or not lines[i].lstrip().startswith("#"))), None)


def indent_of(line, keys=False):
    """How many spaces a line starts with; with `keys`, where its first field's name starts ("  - id: x": 4)."""
    return len(re.match(r" *(?:- +(?=[a-z_]+:))?" if keys else " *", line).group())


def misplaced_space_problem(lines, path, first_line, pattern=MISPLACED_SPACE, read_as=None):
    """The problem a YAML text has when an unusual space stands where YAML needs an ordinary one, or None.

    It explains the parser's error below it, which names a line that looks right: the last such line is reported.
    With `read_as` (the texts YAML read), only a line YAML read as one of them, from its field's name on, counts."""
    for index in range(len(lines) - 1, -1, -1):
        match = pattern.match(lines[index])
        if match and (read_as is None or any(text.startswith(match.group("text")) for text in read_as)):
            return Problem(ERROR, path, first_line + index, f"this is not valid YAML: {character_named(match.group('space'))} "
                           f"at column {match.start('space') + 1} stands where YAML needs an ordinary space",
                           "delete the spaces there and type ordinary ones (word processors and web pages paste "
                           "spaces that look the same but are not)")
    return None


def misread_field_problem(data, text, path, first_line):
    """The problem when YAML read a field or list item as text because an unusual space follows its ':' or '-'
    ('title:\u00a0Leeds' is text to YAML, not a title), or None."""
    if not ANY_UNUSUAL_SPACE.search(text):
        return None
    return misplaced_space_problem(text.split("\n"), path, first_line, FIELD_AS_TEXT, set(texts_in(data)))


def texts_in(data):
    """Every piece of text in parsed YAML, keys too."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from texts_in(key)
            yield from texts_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from texts_in(item)
    elif isinstance(data, str):
        yield data
