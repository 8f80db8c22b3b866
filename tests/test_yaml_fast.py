"""YAML read by libyaml's C parser gives exactly what PyYAML's pure-Python parser gives: every value,
its type, the line of every mapping and key, and every problem's line, message and hint."""

import random
import subprocess
import sys

import pytest
import yaml

from sitegen import yamlfile
from sitegen.schema import FIELD_NAMES
from sitegen.yamlfile import MAX_DEPTH, FastLoader, Mapping, PureLoader, PureParserNeeded, load_yaml, parse_yaml

from conftest import REPO, front_matter

DATA_FILES = sorted(REPO.glob("data/**/*.yaml"))
PAGES = sorted(REPO.glob("content/*.md"))


def shape(value):
    """Return everything parsed YAML holds, as plain tuples: types, values and line numbers."""
    if isinstance(value, Mapping):
        return ("mapping", value.line, [(shape(key), value.key_lines[key], shape(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [shape(item) for item in value])
    return (type(value).__name__, repr(value))


def outcome(result):
    """Return a parse result as (shape of the data, [(line, message, hint)])."""
    data, problems = result
    return shape(data), [(p.line, p.message, p.hint) for p in problems]


def test_the_fast_loader_is_libyaml_when_pyyaml_has_it():
    assert yaml.__with_libyaml__, "PyYAML here should be built with libyaml"
    assert issubclass(FastLoader, yaml.cyaml.CParser)


def test_the_repository_has_files_to_compare():
    assert len(DATA_FILES) >= 3 and len(PAGES) >= 10


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda path: path.name)
def test_data_files_load_the_same_with_libyaml(path):
    text = path.read_text(encoding="utf-8")
    fast = outcome(load_yaml(text, path.name, 1, FastLoader))
    assert fast == outcome(load_yaml(text, path.name, 1, PureLoader))
    assert fast[0][0] == "mapping" and fast[1] == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_front_matter_loads_the_same_with_libyaml(page):
    text = front_matter(page)
    fast = outcome(load_yaml(text, page.name, 2, FastLoader))
    assert fast == outcome(load_yaml(text, page.name, 2, PureLoader))
    assert fast[0][0] == "mapping" and fast[0][1] == 2 and fast[1] == []


NESTED = "".join("  " * depth + f"k{depth}:\n" for depth in range(MAX_DEPTH + 5)) + "  " * (MAX_DEPTH + 5) + "v\n"
LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 10)}]\n" for n in range(6))

# (name, text, whether it is refused)
ODD = [
    ("phone number", "phone: 02075777000\n", False),
    ("time", "opens: 9:30\n", False),
    ("no", "answer: no\nother: yes\nthird: on\n", False),
    ("decimal", "version: 1.0\nexp: 1e3\nhex: 0x1F\nnan: .nan\n", False),
    ("dates", "last_reviewed: 2026-11-30\nwhen: 2026-11-30 10:00:00\n", False),
    ("impossible date with a tag", "when: !!timestamp 2026-02-30\n", True),
    ("nulls", "a:\nb: ~\nc: null\nd: Null\n", False),
    ("quoted", "a: 'no'\nb: \"02075777000\"\nc: \"line\\nbreak \\u00e9\"\n", False),
    ("block text", "a: |\n  one\n  two\nb: >-\n  folded\n  text\n", False),
    ("anchors and aliases", "base: &base\n  town: Leeds\n  phone: 0113\nother:\n  <<: *base\n  town: York\nlist: [*base, *base]\n", False),
    ("nested lists", "centres:\n  - name: A\n    offers:\n      - x\n      - y\n  - name: B\n    offers: [p, q]\n", False),
    ("flow mapping", "a: {x: 1, y: [2, 3], z: {w: no}}\n", False),
    ("empty document", "", False),
    ("comment only", "# nothing here\n", False),
    ("document markers", "---\na: 1\n...\n", False),
    ("BOM", "\ufeffa: 1\nb: 2\n", False),
    ("Windows line ends", "a: 1\r\nb:\r\n  - x\r\n", False),
    ("unicode", "name: Clinique \u00e9t\u00e9 \U0001F600\n", False),
    ("question mark in a value", "q: what now?\nurl: https://example.org/a?b=c\n", False),
    ("tab indent", "a:\n\tb: 1\n", True),
    ("tab in a value", "site_name: Se\tcond opinions\n", True),
    ("tab after a colon", "a:\t1\n", True),
    ("duplicate keys", "title: A\nbody: x\ntitle: B\n", True),
    ("duplicate keys nested", "a:\n  b: 1\n  b: 2\n", True),
    ("bad indentation", "a:\n  b: 1\n c: 2\n", True),
    ("mapping value in a value", "title: Time: 9:30\n", True),
    ("unclosed quote", "a: \"open\nb: 2\n", True),
    ("unclosed flow list", "a: [1, 2\nb: 3\n", True),
    ("undefined alias", "a: *nowhere\n", True),
    ("alias inside its anchor", "a: &a [1, *a]\n", True),
    ("question mark inside a flow list", "words: [refused, say n?o, GP]\n", True),
    ("billion laughs", LAUGHS, True),
    ("nesting bomb", "a: " + "[" * 500 + "]" * 500 + "\n", True),
    ("deep block nesting", NESTED, True),
    ("huge number", "n: " + "9" * 5000 + "\n", True),
    ("huge quoted number", "n: '" + "9" * 5000 + "'\n", False),
    ("list as a key", "? [a, b]\n: c\n", True),
    ("python tag", "a: !!python/object/apply:os.system ['true']\n", True),
    ("two documents", "a: 1\n---\nb: 2\n", True),
    ("directive", "%YAML 1.1\n---\na: 1\n", False),
    ("reserved character", "a: @home\n", True),
    ("control character", "a: b\x07c\n", True),
    ("escaped control character", "a: \"b\\x07c\"\n", False),
    ("BOM in the middle", "a: 1\n\ufeffb: 2\n", False),
    ("BOM after a line break", "\n\ufeff- a\n", False),
    ("two BOMs", "\ufeff\ufeffa: 1\n", False),
    ("'#' straight after '|'", "a: |#note\n  text\n", True),
    ("'#' after '>-'", "a: >-#note\n  text\n", True),
    ("not UTF-8, decoded with surrogates", "a: caf\udce9\n", True),
    ("not UTF-8, read as Latin-1", "a: caf\u00c3\u00a9\n", False),
    ("next line character", "a: b\x85c: d\n", True),
    ("line separator", "a: b\u2028c: d\n", False),
    ("long key", "k" * 1100 + ": v\n", True),
    ("list at the top", "- a\n- b: c\n", False),
    ("scalar at the top", "just text\n", False),
]


@pytest.mark.parametrize("text, refused", [case[1:] for case in ODD], ids=[case[0] for case in ODD])
@pytest.mark.parametrize("first_line", [1, 2])
def test_odd_and_hostile_yaml_reads_the_same_with_libyaml(text, refused, first_line):
    fast = outcome(parse_yaml(text, "data/x.yaml", first_line, FastLoader))
    assert fast == outcome(parse_yaml(text, "data/x.yaml", first_line, PureLoader))
    assert bool(fast[1]) == refused, fast[1]


def test_values_stay_as_typed_with_libyaml():
    data, problems = parse_yaml("phone: 02075777000\nopens: 9:30\nanswer: no\nversion: 1.0\n", "x.yaml", 1, FastLoader)
    assert problems == [] and data == {"phone": "02075777000", "opens": "9:30", "answer": "no", "version": "1.0"}
    assert type(data["answer"]).__name__ == "Plain" and data.line_of("version") == 4


def mutate(text, rng):
    """Return `text` with one to three typing slips: a character added or lost, or a line repeated."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.4:
            text = text[:at] + rng.choice(" \t\r\n\x85\ufeff\u00e9:-'\"&*[]{}#!|>?%@`,~\\") + text[at:]
        elif roll < 0.7:
            text = text[:at] + text[at + 1:]
        else:
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            text = "\n".join(lines[:line + 1] + lines[line:])
    return text


def test_typing_slips_in_real_files_read_the_same_with_libyaml():
    texts = [path.read_text(encoding="utf-8")[:4000] for path in DATA_FILES] + [front_matter(page) for page in PAGES]
    rng = random.Random(13)
    refused = 0
    for _ in range(400):
        text = mutate(rng.choice(texts), rng)
        fast = outcome(parse_yaml(text, "data/x.yaml", 1, FastLoader))
        assert fast == outcome(parse_yaml(text, "data/x.yaml", 1, PureLoader)), text
        refused += bool(fast[1])
    assert refused > 40  # the slips did reach the parsers' error paths


def test_a_mistake_read_from_the_restart_is_the_one_read_from_the_start():
    """PyYAML's parser reads a text libyaml stopped in from the last item libyaml read in full (yamlfile.Restart),
    and finds the same mistake, line, message and hint, as reading from the start; tried on slips in shipped files."""
    texts = [(path.name, path.read_text(encoding="utf-8")[:7000], 1) for path in DATA_FILES] * 4
    texts += [(page.name, front_matter(page), 2) for page in PAGES]
    rng, restarted = random.Random(14), []
    read_from_restart = yamlfile.mistake_after
    for _ in range(400):
        label, text, first = rng.choice(texts)
        slipped = mutate(text, rng)
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(yamlfile, "mistake_after", lambda *args: restarted.append(args[0]) or read_from_restart(*args))
            quick = outcome(parse_yaml(slipped, label, first, fields=FIELD_NAMES))
            patch.setattr(yamlfile, "mistake_after", lambda *args: None)
            assert quick == outcome(parse_yaml(slipped, label, first, fields=FIELD_NAMES)), slipped
    assert sum(restart is not None for restart in restarted) > 40, len(restarted)


def test_the_restart_is_the_item_libyaml_stopped_in_with_every_line_where_it_was():
    lines = (REPO / "data/centres.yaml").read_text(encoding="utf-8").split("\n")
    items = [number for number, line in enumerate(lines) if line.startswith("  - id: ")]
    slipped = lines[:items[20] + 2] + [lines[items[20] + 2].replace(": ", " ", 1)] + lines[items[20] + 3:]
    with pytest.raises(PureParserNeeded) as needed:
        load_yaml("\n".join(slipped), "data/centres.yaml", 1, FastLoader)
    restart = needed.value.restart.split("\n")
    assert len(restart) == len(slipped) and restart[items[20]:] == slipped[items[20]:]
    assert [line for line in restart[:items[20]] if line] == ["centres:"]


@pytest.mark.parametrize("text, restart", [
    ("a: 1\nb:\n  - x\n  - y: [\n", "\nb:\n\n  - y: [\n"),
    ("a: 1\nb: 2\nc: [\n", "\n\nc: [\n"),
    ("a: &x 1\nb: 2\nc: [\n", None),
    ("a: 1\nb: *x\nc: [\n", None),
    ("---\na: 1\nb: 2\nc: [\n", None),
    ("%YAML 1.1\n---\na: 1\nb: 2\nc: [\n", None),
    ("a: 1\r\nb: 2\r\nc: [\r\n", None),
    ("a: 1\nb: 2\u2028c: [\n", None),
    ("- a\n- b\n- c: [\n", None),
    ("a:\n  b: 1\n  c: [\n", "a:\n  b: 1\n  c: [\n"),
    ("a:\n  -\n    b: 1\n  -\n    c: [\n", "a:\n  -\n    b: 1\n  -\n    c: [\n"),
    ("a:\n  - - b\n  - - c: [\n", "a:\n\n  - - c: [\n"),
], ids=["list item", "field", "anchor", "alias", "document start", "directive", "Windows line ends", "line separator",
        "list at the top", "in a group of fields", "dash on its own line", "list in a list"])
def test_the_restart_is_a_top_level_field_or_list_item_and_none_where_lines_above_change_how_yaml_reads_on(text, restart):
    with pytest.raises(PureParserNeeded) as needed:
        load_yaml(text, "x.yaml", 1, FastLoader)
    assert needed.value.restart == restart


TOKENS = ["a", "k1", ":", ": ", " ", "  ", "\n", "\n  ", "\n- ", "- ", "[", "]", "{", "}", ", ", "?", "? ", "'", '"',
          "\\", "\\x41", "\\u00e9", "\\/", "\\N", "&x ", "*x", "!!str ", "!t ", "#c", " #c", "|", ">", "|-", "\r\n",
          "\r", "\u2028", "\x85", "...", "---", "%YAML 1.2", "9:30", "no", "0x1F", "1_000", ".inf", "2026-01-01", "\u00e9",
          "\U0001F600", "<<", "@", "`", "\ufeff", "-1", "~", "null"]


def test_random_yaml_shapes_read_the_same_with_libyaml():
    rng = random.Random(12)
    accepted = 0
    for _ in range(3000):
        text = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 25)))
        fast = outcome(parse_yaml(text, "data/x.yaml", 1, FastLoader))
        assert fast == outcome(parse_yaml(text, "data/x.yaml", 1, PureLoader)), text
        accepted += not fast[1]
    assert 300 < accepted < 2700  # both parsers' reading and refusing paths were reached


def test_without_libyaml_the_pure_parser_gives_the_same_results():
    script = (
        "import sys; sys.modules['yaml._yaml'] = None\n"
        f"sys.path[:0] = [{str(REPO)!r}, {str(REPO / 'tests')!r}]\n"
        "import yaml; from sitegen import yamlfile\n"
        "from test_yaml_fast import DATA_FILES, PAGES, front_matter, outcome\n"
        "assert not yaml.__with_libyaml__ and yamlfile.FastLoader is yamlfile.PureLoader\n"
        "texts = [(p.read_text(encoding='utf-8'), 1) for p in DATA_FILES] + [(front_matter(p), 2) for p in PAGES]\n"
        "print(repr([outcome(yamlfile.parse_yaml(t, 'x', line)) for t, line in texts]))\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    texts = [(p.read_text(encoding="utf-8"), 1) for p in DATA_FILES] + [(front_matter(p), 2) for p in PAGES]
    assert run.stdout.strip() == repr([outcome(parse_yaml(text, "x", line, FastLoader)) for text, line in texts])
