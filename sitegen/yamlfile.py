"""Read YAML the way editors write it: values as typed, line numbers kept, duplicate keys refused.

libyaml's C parser reads it when PyYAML has one (about ten times faster); PyYAML's pure-Python
parser reads any text libyaml refuses or reads differently, so values, lines and messages are
the same either way, and it reads everything where libyaml is missing."""

import re
from contextlib import suppress

import yaml

from .files import CONTROL_CHARACTERS, control_character_problems
from .problems import ERROR, Problem
from .yaml_mistakes import bad_date_line, duplicate_field_problem, misread_field_problem, yaml_problem

MAX_DEPTH = 20             # lists and mappings inside each other; real files go 5 deep
MAX_EXPANDED_NODES = 100_000  # values after every alias is expanded: stops a "billion laughs"


class Mapping(dict):
    """A YAML mapping that remembers the line of itself and of each key."""

    line = None
    key_lines: dict

    def line_of(self, key):
        """Return the line of `key`, or of the mapping itself when the key is absent."""
        return self.key_lines.get(key, self.line)


class DuplicateKey(yaml.MarkedYAMLError):
    """A key appears twice in one mapping (PyYAML would silently keep the last)."""


class _LineConstructor(yaml.constructor.SafeConstructor):
    """SafeConstructor that builds `Mapping`s with line numbers."""

    def construct_mapping(self, node, deep=False):
        self.flatten_mapping(node)
        mapping = Mapping()
        mapping.line, mapping.key_lines, marks = node.start_mark.line + 1, {}, {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in mapping:
                raise DuplicateKey(None, marks[key], f"'{key}' appears twice in one group of fields", key_node.start_mark)
            marks[key] = key_node.start_mark
            mapping[key] = self.construct_object(value_node, deep=deep)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


_LineConstructor.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineConstructor.construct_mapping)


class Plain(str):
    """Text typed without quotes, kept exactly as typed: a field for a number, a date or true/false
    reads it the way YAML 1.2 does (`core_value`); every other field keeps the characters."""

    __slots__ = ()


class _PlainResolver(yaml.resolver.Resolver):
    """Resolver that makes a value without quotes nothing or `Plain` text, never a YAML 1.1 type."""


# The resolver: PyYAML follows YAML 1.1, which turns `02075777000` into an octal number, `9:30` into
# 570 and `no`, `on`, `off` and `yes` into booleans, so editors were told about values they never
# typed (issue 12). Here a value without quotes is only ever nothing (empty, ~ or null, as in
# YAML 1.2) or text; the field it belongs to decides whether it is a number, a date or true/false.
PLAIN_TAG = "tag:sitegen.local,2026:plain"
NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_PlainResolver.yaml_implicit_resolvers = {}
_PlainResolver.add_implicit_resolver("tag:yaml.org,2002:null", NULL, ["~", "n", "N", ""])
_PlainResolver.add_implicit_resolver(PLAIN_TAG, re.compile(r"(?s)."), None)
_LineConstructor.add_constructor(PLAIN_TAG, lambda loader, node: Plain(loader.construct_scalar(node)))


class PureLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer,
                 _LineConstructor, _PlainResolver):
    """PyYAML's pure-Python parser with our constructor and resolver; it words every mistake."""

    def __init__(self, stream):
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _LineConstructor.__init__(self)
        _PlainResolver.__init__(self)


try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser gives the same results, more slowly
    CParser = None

if CParser:
    class FastLoader(CParser, _LineConstructor, _PlainResolver):
        """libyaml's parser, written in C, with the same constructor and resolver."""

        def __init__(self, stream):
            CParser.__init__(self, stream)
            _LineConstructor.__init__(self)
            _PlainResolver.__init__(self)
else:
    FastLoader = PureLoader

# YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), for typed fields.
CORE_TYPES = (
    (re.compile(r"true|True|TRUE"), lambda text: True),
    (re.compile(r"false|False|FALSE"), lambda text: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda text: int(text[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda text: int(text[2:], 16)),
    (re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?\.(?:inf|Inf|INF)"), lambda text: float(text.replace(".", ""))),
    (re.compile(r"\.(?:nan|NaN|NAN)"), lambda text: float("nan")),
)


def core_value(text):
    """Return what YAML 1.2 makes of text typed without quotes: True/False, an int, a float, or the text itself."""
    return next((read(text) for pattern, read in CORE_TYPES if pattern.fullmatch(text)), text)


BLOCK_HEADER_HASH = re.compile(r"[|>][-+0-9]*#")  # e.g. "|#": libyaml reads a comment, PyYAML a mistake


class PureParserNeeded(Exception):
    """libyaml refused a text, or read it differently from PyYAML's own parser: the pure-Python parser must read it.
    `restart`, when libyaml stopped at a mistake, is the text as that parser may read it to find the mistake (see Restart)."""

    def __init__(self, restart=None):
        super().__init__()
        self.restart = restart


def parse_yaml(text, path, first_line=1, loader=FastLoader, fields=None):
    """Parse YAML text; return (data, problems) with line numbers counted from `first_line`.

    `fields`, the names of the fields the text may hold, tells a field's name typed without its ':' from the
    words of a value broken onto a line of its own, and a second field on a line from a value holding ': '.

    libyaml words some mistakes differently, so a text it refuses is read again by the pure-Python parser,
    from the last item libyaml read in full where it can (Restart): the editor sees the same message either way."""
    if read_differently_by_libyaml(text):
        loader = PureLoader
    try:
        return load_yaml(text, path, first_line, loader, fields)
    except PureParserNeeded as needed:
        return mistake_after(needed.restart, text, path, first_line, fields) or \
            load_yaml(text, path, first_line, PureLoader, fields)


def mistake_after(restart, text, path, first_line, fields):
    """(None, [problem]) for the mistake PyYAML's parser finds reading the `restart` text, worded from the whole
    `text`; None without a restart, or when the parser finds no mistake there (it then reads the whole text)."""
    if restart is None:
        return None
    try:
        for _ in bounded_events(yaml.parse(restart, Loader=PureLoader), path, first_line):
            pass
    except (yaml.scanner.ScannerError, yaml.parser.ParserError) as error:
        return None, [yaml_problem(error, path, first_line, text, fields)]
    except (yaml.YAMLError, ValueError, OutOfBounds, PureParserNeeded):
        pass  # a stop of another kind, for the whole text to say
    return None


def read_differently_by_libyaml(text):
    """Whether `text` holds what libyaml reads differently from PyYAML, as far as the characters show:
    a tab (libyaml accepts one inside a value, PyYAML refuses it), a byte order mark after the start,
    or a '#' straight after '|' or '>' (a comment to libyaml, a mistake to PyYAML)."""
    return "\t" in text or text.find("\ufeff", 1) >= 0 or BLOCK_HEADER_HASH.search(text) is not None


def load_yaml(text, path, first_line, loader, fields=None):
    """Parse YAML text with one loader; return (data, problems). With libyaml, raise PureParserNeeded for any
    problem but a field written twice (in our own words, whichever parser read the text), to have it worded as
    PyYAML's parser words it.

    Every event is checked (bounded_events) before anything is made of it. libyaml reads the text twice, once
    to check it and once to make the data in C; the pure-Python parser, ten times slower, reads it once, each
    event checked as it is made into data."""
    try:
        data, problems = read_yaml_with(loader, text, path, first_line, fields)
    except DuplicateKey as error:
        return None, [duplicate_field_problem(error, path, first_line)]
    if problems and loader is not PureLoader:
        raise PureParserNeeded
    return data, problems


def read_yaml_with(loader, text, path, first_line, fields):
    """Parse YAML text with one loader; return (data, problems)."""
    refused = control_character_problems(text, path, first_line)
    if refused:
        return None, refused
    try:
        if loader is PureLoader:
            made = _FromEvents(bounded_events(yaml.parse(text, Loader=PureLoader), path, first_line)).get_single_data()
        else:
            check_events(text, loader, path, first_line)
            made = yaml.load(text, Loader=loader)
        data = shift_lines(made, first_line - 1)
        misread = misread_field_problem(data, text, path, first_line)
        return (None, [misread]) if misread else (data, [])
    except OutOfBounds as stopped:
        return None, [stopped.problem]
    except DuplicateKey:
        raise  # load_yaml words it
    except yaml.MarkedYAMLError as error:
        return None, [yaml_problem(error, path, first_line, text, fields)]
    except yaml.YAMLError as error:
        return None, [Problem(ERROR, path, first_line, f"this is not valid YAML: {error}")]
    except (ValueError, TypeError) as error:  # e.g. 2026-02-30 matches the date pattern but is no date
        return None, [Problem(ERROR, path, bad_date_line(text, first_line), f"this is not valid YAML: {error}",
                              "check the dates: YYYY-MM-DD, with a real day of a real month")]


def shift_lines(data, offset):
    """Add `offset` to every line number in parsed YAML (for front matter inside a file)."""
    if not offset:
        return data
    if isinstance(data, Mapping):
        data.line += offset
        data.key_lines = {k: v + offset for k, v in data.key_lines.items()}
        for value in data.values():
            shift_lines(value, offset)
    elif isinstance(data, list):
        for item in data:
            shift_lines(item, offset)
    return data


class OutOfBounds(Exception):
    """An event that must stop YAML before anything is made of it; `problem` says why."""

    def __init__(self, problem):
        super().__init__(problem.message)
        self.problem = problem


class _FromEvents(yaml.composer.Composer, _LineConstructor, _PlainResolver):
    """Data made from a stream of events, each taken as the composer asks for it."""

    def __init__(self, events):
        yaml.composer.Composer.__init__(self)
        _LineConstructor.__init__(self)
        _PlainResolver.__init__(self)
        self.events, self.current = events, None

    def peek_event(self):
        if self.current is None:
            self.current = next(self.events, None)
        return self.current

    def check_event(self, *choices):
        event = self.peek_event()
        return event is not None and (not choices or isinstance(event, choices))

    def get_event(self):
        event, self.current = self.peek_event(), None
        return event


def check_events(text, loader, path, first_line):
    """Read every event of `text`, raising OutOfBounds at the first that breaks a bound, and PureParserNeeded,
    with where that parser may start, at a mistake."""
    try:
        for _ in bounded_events(yaml.parse(text, Loader=loader), path, first_line):
            pass
    except (yaml.YAMLError, ValueError):  # ValueError: libyaml cannot encode a lone surrogate
        raise PureParserNeeded(restart_text(text, loader)) from None


def restart_text(text, loader):
    """The text PyYAML's parser may read to find the mistake `loader` stopped at (see Restart), or None. The events
    are read again here, so that a text without mistakes, the usual case, is not followed as it is read."""
    restart = Restart(text)
    with suppress(yaml.YAMLError, ValueError):
        for event in yaml.parse(text, Loader=loader):
            restart.see(event)
    return restart.text()


class Restart:
    """Where PyYAML's parser can start reading a text libyaml stopped in, and still stop where it stops on the
    whole text: the last field of the top-level group, or item of a list in it, that libyaml read in full.

    The lines above are left blank, but for the name of the field holding that list, so each line and column
    stays where it was and the parser reads tens of lines, not the thousands of a file that grows. Nothing above
    can change how it reads on, as long as there is no anchor or alias, directive or '---' (no shipped file has)."""

    OTHER_LINE_BREAKS = re.compile("[\r\x85\u2028\u2029]")

    def __init__(self, text):
        self.lines = None if self.OTHER_LINE_BREAKS.search(text) else text.split("\n")
        self.depth, self.key_turn, self.field_line, self.list_line, self.at = 0, True, None, None, None

    def see(self, event):
        """Follow one event of libyaml's reading."""
        if self.lines is None:
            return
        if getattr(event, "anchor", None) or isinstance(event, yaml.AliasEvent) or \
                (isinstance(event, yaml.DocumentStartEvent) and (event.explicit or event.version or event.tags)):
            self.lines = None
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.see_node(event, event.start_mark)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            self.depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            self.depth -= 1

    def see_node(self, event, mark):
        """Note where a top-level field, or an item of a list that is a top-level field's value, starts."""
        if self.depth == 0 and not (isinstance(event, yaml.MappingStartEvent) and not event.flow_style):
            self.lines = None  # the text is not a group of fields
        elif self.depth == 1 and self.key_turn:
            one_line = isinstance(event, yaml.ScalarEvent) and mark.column == 0 and mark.line == event.end_mark.line
            self.field_line = mark.line if one_line else None
            self.at = (mark.line, None) if one_line else self.at
            self.key_turn = False
        elif self.depth == 1:
            block_list = isinstance(event, yaml.SequenceStartEvent) and not event.flow_style
            self.list_line = self.field_line if block_list else None
            self.key_turn = True
        elif self.depth == 2 and self.list_line is not None and mark.line > self.list_line and \
                self.lines[mark.line][:mark.column].strip() == "-":
            self.at = (mark.line, self.list_line)

    def text(self):
        """The text from the restart on, with blank lines above; None where there is none."""
        if self.lines is None or self.at is None:
            return None
        start, kept = self.at
        return "\n".join(line if number >= start or number == kept else "" for number, line in enumerate(self.lines))


def bounded_events(events, path, first_line):
    """Yield each YAML event; raise OutOfBounds first at one that nests too deep for PyYAML's recursive
    composer, or an alias that refers to itself or expands without bound. Counting recurses on nothing."""
    sizes, stack, total, aliased = {}, [], 0, False
    for event in events:
        line = event.start_mark.line + first_line
        problem = shape_problem(event, stack, len(stack) + 1)
        if problem:
            raise OutOfBounds(Problem(ERROR, path, line, *problem))
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1, isinstance(event, yaml.MappingStartEvent), 0, event.flow_style])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()[:2]
            sizes[anchor] = size
            total += add_size(stack, size)
        elif isinstance(event, yaml.AliasEvent):
            total += add_size(stack, sizes.get(event.anchor, 1))
            aliased = True
        elif isinstance(event, yaml.ScalarEvent):
            if stack and stack[-1][4] and not event.style and "?" in event.value:
                raise PureParserNeeded  # PyYAML ends a value at '?' inside [ ] or { }; libyaml reads on
            sizes[event.anchor] = 1
            total += add_size(stack, 1)
        if aliased and total + sum(frame[1] for frame in stack) > MAX_EXPANDED_NODES:
            raise OutOfBounds(Problem(ERROR, path, line, f"aliases ('*name') here expand to more than {MAX_EXPANDED_NODES:,} values; "
                              "expected a file written out in full", "write the values out instead of using '&' and '*'"))
        yield event


def shape_problem(event, stack, depth):
    """Return (message, hint) when one event makes the document unsafe or unreadable, else None; count it in its parent."""
    if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent, yaml.StreamStartEvent, yaml.StreamEndEvent,
                          yaml.DocumentStartEvent, yaml.DocumentEndEvent)):
        return None
    is_key = bool(stack) and stack[-1][2] and stack[-1][3] % 2 == 0
    if stack:
        stack[-1][3] += 1
    opens = isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent))
    if opens and depth > MAX_DEPTH:
        return (f"lists and groups of fields are nested {depth} deep here; expected at most {MAX_DEPTH}",
                "indent less: the fields below should not need so many levels")
    if opens and is_key:
        return ("a field name here is a list or group of fields; expected a name like 'town'",
                "remove the '?', '[' or '{' before the name")
    if isinstance(event, yaml.AliasEvent) and event.anchor in {frame[0] for frame in stack}:
        return (f"the alias '*{event.anchor}' is inside the '&{event.anchor}' it refers to, so it would never end",
                f"remove '*{event.anchor}', or put the value in double quotes")
    # A value without quotes has the style None from PyYAML and "" from libyaml.
    if isinstance(event, yaml.ScalarEvent) and not event.style and re.fullmatch(r"[-+]?[0-9_]{1000,}", event.value):
        return (f"this number has {len(event.value):,} digits; expected at most 999",
                "check the value: no real number here is so long")
    return None


def add_size(stack, size):
    """Add `size` values to the innermost open list or mapping; return it when at the top level."""
    if stack:
        stack[-1][1] += size
        return 0
    return size


def control_value_problems(data, path, line=None):
    """Return a problem for each value that holds a control character, as a "\\v" escape can write one."""
    if isinstance(data, Mapping):
        return [p for key, value in data.items() for p in control_value_problems(value, path, data.line_of(key))]
    if isinstance(data, list):
        return [p for item in data for p in control_value_problems(item, path, getattr(item, "line", line))]
    match = CONTROL_CHARACTERS.search(data) if isinstance(data, str) else None
    if not match:
        return []
    return [Problem(ERROR, path, line, f"this value holds an invisible control character (U+{ord(match.group()):04X}); "
                    "expected only letters, digits, spaces and punctuation", "delete the escape (such as \\v) that makes it")]
