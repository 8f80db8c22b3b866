"""Load content/**/*.md: front matter into fields, Markdown into HTML."""

import bisect
import dataclasses
import itertools
import os
import re
from pathlib import Path, PurePosixPath

from . import schema
from .constants import UNUSUAL_SPACES
from .data import make_record, relative
from .files import (Unreadable, control_character_problems, invisible_character_problems, project_files, read_project_text,
                    visible)
from .markdown_rules import ALLOWED_ATTRIBUTES, SAFE_NAME, page_url
from .problems import ERROR, WARNING, Problem
from .quality import reading_age
from .yamlfile import control_value_problems, parse_yaml

FRONT_MATTER_EXAMPLE = "start the file with a line '---', then 'title: …' and 'description: …', then another '---'"
MAX_OPEN_BRACKETS = 200  # more, and Python-Markdown's link scan grows with the square of them
MAX_PARAGRAPH_CHARACTERS = 16_000  # Python-Markdown's inline patterns take time that grows with the square of a paragraph
MAX_NESTING = 32         # lists, quotes and brackets deeper than this make Python-Markdown recurse too far
# Python-Markdown reads a page's HTML with a parser whose time grows with the number of '<' that start
# a tag times the length of the page: 5,000 '<a ' in 120 kB took four minutes; 100 take about a second.
MAX_TAG_STARTS = 100
# Each link in a paragraph makes Python-Markdown look along the rest of it for the link's ')', so
# 3,000 '[a]( ' in a paragraph took 5 s (and a page of eight, 40 s); 100 take about a fifteenth of that.
MAX_LINKS_PER_PARAGRAPH = 100
# Each run of two or more '`' makes Python-Markdown look along the rest of the paragraph for its pair:
# eight paragraphs of '``\' took 33 s. (Code is marked with single '`', which cost little.)
MAX_BACKTICK_RUNS = 20
# Each heading's id is made unique by trying every number already taken, so 40,000 headings took 25 s.
MAX_HEADINGS = 200
# '# Title', or the line under a title; in a quote or a list item too ('> # Title', '- # Title')
HEADING_LINE = re.compile(r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*(?:#|=+[ \t]*$|-+[ \t]*$)")
TAG_START = re.compile(r"<[A-Za-z/!?]")
MAX_PROBLEMS_PER_PAGE = 20
# GOV.UK's content design limits: a longer title is cut short in search engines' results and browser tabs,
# and a longer description under the title and in search results stops being a summary.
LONGEST = {"title": 65, "description": 160}
BRACKET_HINT = "close each link's brackets, or write \\[ for a bracket that is not a link"


def load_pages(root, base_path="/", load=None, drafts=False, sources=None, reserved_ids=None):
    """Load every page under content/; return (pages, problems).

    The preview passes a caching `load`, and `drafts=True` so editors see pages not yet published.
    `sources`, a set, gets the name of every page file, published or not (drafts, and pages with mistakes).
    `reserved_ids` are layout_ids(), when the caller has them already."""
    files, problems = project_files(root, "content")
    pages, others, top = [], [], len(str(Path(root) / "content")) + 1
    converter = LazyMarkdown(base_path, reserved_ids or layout_ids(root / "templates"))
    for path in files:
        if path.suffix != ".md":
            others.append(path)
            continue
        if sources is not None:
            sources.add(str(path)[top:].replace(os.sep, "/"))  # as relative_to(), which is slower
        page, found = (load or load_page)(path, root, converter)
        problems += found
        if page and (drafts or not page.draft):
            pages.append(page)
    if not (root / "content").is_dir():
        problems.append(Problem(ERROR, "content", None, "the content folder is missing"))
    problems += [Problem(WARNING, relative(path, root), None, "this file is not a page, so it is left out", not_a_page_hint(path))
                 for path in others if not path.name.startswith(".")]
    problems += [Problem(ERROR, relative(path, root), None, "this is a folder, but its name ends in .md like a page",
                         "rename the folder (pages are files; a folder of pages is named like 'costs')")
                 for path in folders_named_like_pages(root / "content")]
    return pages, problems


MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".txt"}  # as other tools name Markdown, any case
DOCUMENT_SUFFIXES = {".doc", ".docx", ".odt", ".rtf", ".pages", ".pdf"}


def not_a_page_hint(path):
    """Say what to do with a file in content/ that is not a page, by what it seems to be."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return f"to publish it, rename it {path.stem}.md (pages end in .md, in small letters)"
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return "a document cannot be a page: copy its words into a new .md page (EDITING.md says how)"
    return "pages must end in .md; pictures belong in static/images/"


class LazyMarkdown:
    """A Markdown converter made on first use: a build whose pages all come from the cache never imports Markdown."""

    def __init__(self, base_path, reserved_ids):
        self.__dict__.update(base_path=base_path, reserved_ids=reserved_ids, made=None)

    def __getattr__(self, name):
        return getattr(self.converter(), name)

    def __setattr__(self, name, value):
        setattr(self.converter(), name, value)

    def converter(self):
        """The real converter, made the first time it is needed."""
        if self.made is None:
            from .markup import make_markdown

            self.__dict__["made"] = make_markdown(self.base_path, self.reserved_ids)
        return self.made


def folders_named_like_pages(folder):
    """Return the folders under `folder` whose names end in .md."""
    found = []
    for parent, dirs, _ in os.walk(folder):
        found += [Path(parent) / name for name in dirs if name.endswith(".md")]
    return sorted(found)


def layout_ids(templates_dir):
    """Return (ids the templates give elements, the fixed starts of ids they make from data): headings must not reuse them."""
    fixed, starts = set(), set()
    for path in project_files(templates_dir.parent, templates_dir.name)[0]:
        try:
            text = read_project_text(path, templates_dir.parent)
        except Unreadable:
            continue  # rendering reports it
        for value in re.findall(r"""\bid=["']([^"']*)["']""", text):
            if "{" not in value:
                fixed.add(value)
            elif not value.startswith("{"):
                starts.add(value.partition("{")[0])
    return frozenset(fixed), frozenset(starts)


def load_page(path, root, converter):
    """Load one page; return (Page or None, problems)."""
    rel = relative(path, root)
    try:
        text = read_project_text(path, root)
    except Unreadable as error:
        return None, [error.problem]
    problems = control_character_problems(text, rel)
    if problems:
        return None, problems
    front, body, body_line, problems = split_front_matter(text, rel)
    problems += invisible_character_problems(text, rel)
    if front is None:
        return None, problems
    problems += schema.check_record(front, schema.FRONT_MATTER, rel)
    if any(p.level == ERROR for p in problems):
        return None, problems
    source = str(PurePosixPath(path.relative_to(root / "content").as_posix()))
    problems += file_name_problems(source, rel) + length_problems(front, rel)
    if not body.strip() and front.get("draft") is not True:  # a draft may be empty until it is written
        problems.append(Problem(WARNING, rel, body_line - 1, "this page has no words below its front matter, so readers "
                                "would find only its title", "write the page's text after the second '---' line"))
    rendered, found = render_markdown(converter, body, source, rel, body_line)
    return make_page(front, source, rendered), problems + found


def file_name_problems(source, rel):
    """A page's file name becomes its web address: letters, digits, '-', '_' and '.' only, starting with a letter or digit."""
    bad = sorted(set(re.sub(r"[A-Za-z0-9._/-]", "", source)))
    if not bad and any(part[:1] in ".-_" for part in source.split("/")):
        return [Problem(ERROR, rel, None, "the file name becomes the page's web address, so each part should start "
                        "with a letter or digit", "rename the file, like travel-costs.md")]
    if not bad:
        return []
    shown = ", ".join("a space" if c == " " else f"'{c}'" for c in bad)
    return [Problem(ERROR, rel, None, f"the file name becomes the page's web address, so it may hold only letters, "
                    f"digits, '-', '_' and '.', but it holds {shown}",
                    "rename the file with hyphens between words, like travel-costs.md")]


def length_problems(front, rel):
    """Warn where a title or description is longer than LONGEST allows."""
    return [Problem(WARNING, rel, front.line_of(name), f"'{name}' has {len(front[name])} characters, more than the {longest} "
                    "that fit in search results", "say it in fewer words: the page itself can say the rest")
            for name, longest in LONGEST.items() if isinstance(front.get(name), str) and len(front[name]) > longest]


def split_front_matter(text, rel):
    """Split a page into (front matter mapping, Markdown body, body's first line, problems)."""
    text = text.lstrip("\ufeff")
    match = re.match(r"---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", text, re.S)
    if not match:
        return None, "", 1, [front_matter_fence_problem(text, rel)]
    front, problems = parse_yaml(match.group(1) or "", rel, first_line=2, fields=schema.FIELD_NAMES)
    problems += control_value_problems(front, rel)
    front = None if problems else front
    if front is None and not problems:
        problems = [Problem(ERROR, rel, 1, "the front matter is empty", FRONT_MATTER_EXAMPLE)]
    elif front is not None and not isinstance(front, dict):
        front, problems = None, [Problem(ERROR, rel, 2, "the front matter should be 'field: value' lines", FRONT_MATTER_EXAMPLE)]
    body_line = text[: match.end()].count("\n") + 1
    return front, text[match.end():], body_line, problems


FENCE_LIKE = re.compile(r"[ \t]*(?:[-\u2010-\u2015\u2212][ \t]*)+")  # hyphens and dashes: "—" is "---" to a word processor
THREE_HYPHENS = "make it exactly three hyphens: --- (a word processor may have turned them into a dash)"


def front_matter_fence_problem(text, rel):
    """Say why a page's front matter could not be found: where a '---' line is wrong or missing."""
    lines = text.split("\n")
    first = next((n for n, line in enumerate(lines) if line.strip()), 0)
    if first and lines[first].strip() == "---":
        return Problem(ERROR, rel, 1, "the page starts with an empty line, so its front matter is not read",
                       "delete the empty lines, so that '---' is the first line")
    if lines[0].strip() != "---":
        if FENCE_LIKE.fullmatch(lines[0].rstrip("\r")):
            return Problem(ERROR, rel, 1, f"the first line is '{lines[0].strip()}', not '---', so the front matter is not read",
                           THREE_HYPHENS)
        return Problem(ERROR, rel, 1, "the page has no front matter", FRONT_MATTER_EXAMPLE)
    ends = [n for n, line in enumerate(lines[1:], 2) if FENCE_LIKE.fullmatch(line.rstrip("\r"))]
    if ends:
        return Problem(ERROR, rel, ends[0], f"this line is '{lines[ends[0] - 1].strip()}', not '---', so the front matter never ends",
                       THREE_HYPHENS)
    return Problem(ERROR, rel, 1, "the front matter that starts here never ends", "add a line '---' after its last field, like 'next_review: …'")


def make_page(front, source, rendered):
    """Build a Page from validated front matter (every field schema.FRONT_MATTER defines) and rendered Markdown."""
    return make_record(schema.FRONT_MATTER, front, source=source, url=page_url(source),
                       reading_age=reading_age(rendered["body"]), lines=dict(front.key_lines, _front=front.line), **rendered)


def render_markdown(converter, body, source, rel, first_line):
    """Convert a page's Markdown; return (its Page's body, headings, links and images, as a dict; problems)."""
    problems = pathological_problems(body, rel, first_line)
    if problems:
        return {"body": ""}, problems
    converter.reset()
    converter.page_source = source
    converter.refused_attributes = []
    try:
        html = converter.convert(body)
    except RecursionError:  # a guard above should have stopped it; still the editor's page, not a bug
        return {"body": ""}, [Problem(ERROR, rel, first_line, "this page is nested too deeply for Markdown to read",
                            "use fewer levels of lists, quotes and brackets")]
    lines = body.splitlines()
    problems = raw_html_problems(converter, lines, rel, first_line)
    if "<h1" in html:
        number = next((i for i, line in enumerate(lines) if re.match(r"#(?!#)|=+\s*$", line)), 0)
        problems.append(Problem(ERROR, rel, first_line + number, "the page has a second main heading",
                                "the title is the page's main heading; start headings in the body with ##"))
    typed_lines = TypedLines(lines)
    problems += attribute_problems(converter, typed_lines, rel, first_line)
    problems += leftover_problems(converter.leftovers, typed_lines, rel, first_line)
    problems += heading_level_problems(converter.heading_levels, typed_lines, rel, first_line)
    problems += list_line_problems(lines, rel, first_line) + placeholder_line_problems(lines, rel, first_line)
    return {"body": html, **found_in(converter, typed_lines, first_line)}, problems


def found_in(converter, typed_lines, first_line):
    """Return the headings' ids, links and images the Markdown hook found, each link and image with its line."""
    def line(text, occurrence):
        return first_line + (typed_lines.line_of(text, occurrence) or 0)

    return {"headings": frozenset(converter.found_ids),
            "links": tuple(dataclasses.replace(link, line=line(text, n)) for link, text, n in converter.found_links),
            "images": tuple((src, alt, line(src, n)) for src, alt, n in converter.found_images)}


def pathological_problems(body, rel, first_line):
    """Refuse Markdown that Python-Markdown would take minutes over, or recurse too deeply on, at its line."""
    problems, number = [], first_line
    for block in re.split(r"(\n[ \t]*\n)", body):
        deepest, still_open = bracket_depths(block)
        links, backtick_runs = block.count("]("), len(re.findall("``+", block))
        start = number + len(block) - len(block.lstrip("\n"))  # the paragraph's first line with text
        if still_open > MAX_OPEN_BRACKETS:
            problems.append(Problem(ERROR, rel, start, f"this paragraph leaves {still_open} '[' open; "
                                    f"expected at most {MAX_OPEN_BRACKETS} without a ']'", BRACKET_HINT))
        elif deepest > MAX_NESTING:
            problems.append(Problem(ERROR, rel, start, f"this paragraph has brackets inside brackets {deepest} deep; "
                                    f"expected at most {MAX_NESTING}", BRACKET_HINT))
        elif links > MAX_LINKS_PER_PARAGRAPH:
            problems.append(Problem(ERROR, rel, start, f"this paragraph has {links:,} links (each '](' starts one); "
                                    f"expected at most {MAX_LINKS_PER_PARAGRAPH}", "split it into shorter paragraphs with blank lines"))
        elif backtick_runs > MAX_BACKTICK_RUNS:
            problems.append(Problem(ERROR, rel, start, f"this paragraph has {backtick_runs:,} runs of two or "
                                    f"more '`'; expected at most {MAX_BACKTICK_RUNS}", "mark code with one ` on each side, `like this`"))
        elif len(block) > MAX_PARAGRAPH_CHARACTERS:
            problems.append(Problem(ERROR, rel, start, f"this paragraph is {len(block):,} characters long; expected at most "
                                    f"{MAX_PARAGRAPH_CHARACTERS:,}", "split it into shorter paragraphs with blank lines"))
        number += block.count("\n")
    lines = body.split("\n")
    problems += tag_start_problems(body, rel, first_line) + heading_problems(lines, rel, first_line)
    for number, line in enumerate(lines, first_line):
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            problems.append(Problem(ERROR, rel, number, f"this line is nested {depth} levels deep (in lists or quotes); "
                                    f"expected at most {MAX_NESTING}", "indent less, or use fewer '>' marks"))
    return problems[:MAX_PROBLEMS_PER_PAGE]


def tag_start_problems(body, rel, first_line):
    """Refuse a page with more '<' than Python-Markdown's HTML reader can get through in time, at the first one."""
    starts = [match.start() for match in TAG_START.finditer(body)]
    if len(starts) <= MAX_TAG_STARTS:
        return []
    return [Problem(ERROR, rel, first_line + body.count("\n", 0, starts[0]),
                    f"this page has {len(starts):,} '<' signs that start HTML tags (before a letter, '/', '!' or '?'); "
                    f"expected at most {MAX_TAG_STARTS}", "HTML is not allowed in pages: write a web address as a link, "
                    "[the page's name](https://…), and 'less than' in words")]


def heading_problems(lines, rel, first_line):
    """Refuse a page with more headings than Python-Markdown can give ids in time, at the first one too many."""
    headings = [number for number, line in enumerate(lines, first_line) if HEADING_LINE.match(line)]
    if len(headings) <= MAX_HEADINGS:
        return []
    return [Problem(ERROR, rel, headings[MAX_HEADINGS], f"this page has {len(headings):,} headings; expected at most "
                    f"{MAX_HEADINGS}", "split it into several pages")]


def bracket_depths(block):
    """Return (deepest nesting of '[', how many are left open) in a block of Markdown."""
    depth = deepest = 0
    for match in re.finditer(r"\\.|[\[\]]", block):
        if match.group() == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif match.group() == "]":
            depth = max(0, depth - 1)
    return deepest, depth


def nesting_depth(line):
    """Return how deep a line is nested: one level per '>' or per four columns of indent."""
    indent = re.match(r"[ \t>]*", line).group()
    return indent.count(">") + len(indent.replace(">", "").expandtabs(4)) // 4


def raw_html_problems(converter, lines, rel, first_line):
    """Report HTML typed into Markdown, which the site's security policy forbids (entities like &amp; are fine)."""
    stashed = [block for block in converter.htmlStash.rawHtmlBlocks if not re.fullmatch(r"&#?\w+;", str(block).strip())]
    if not stashed:
        return []
    first = str(stashed[0]).strip().splitlines()[0] if str(stashed[0]).strip() else ""
    number = next((i for i, line in enumerate(lines) if first and first in line), None)
    if number is None:
        number = next((i for i, line in enumerate(lines) if re.search(r"<[A-Za-z!/?]", line)), 0)
    return [Problem(ERROR, rel, first_line + number, f"HTML is not allowed in pages, found '{first[:40]}'",
                    "use Markdown instead: ## for headings, - for lists, [text](page.md) for links")]


def attribute_problems(converter, typed_lines, rel, first_line):
    """Report each attribute in a '{: …}' list that pages may not set, at its line."""
    from .markup import as_typed  # Markdown has been imported: this page was just converted

    problems = []
    for name, value in converter.refused_attributes:
        value = as_typed(converter, value)
        typed = name if typed_lines.line_of(name, 0, within="{") is not None else value
        number = typed_lines.next_line_of(typed, within="{") or 0
        expected = ("an id the layout does not use itself" if name == "id" and SAFE_NAME.fullmatch(value)
                    else "an id or class made of letters, digits, '-' and '_'" if name in ALLOWED_ATTRIBUTES
                    else "only an id (#name) or a class (.name)")
        problems.append(Problem(ERROR, rel, first_line + number, f"the attribute list sets '{name}' to '{value}'; "
                                f"expected {expected}",
                                "pages may not set other attributes: the site's layout and security policy decide them"))
    return problems


LEFTOVER_WORDING = {  # kind (markup.LEFTOVER_MARKUP) → (what is wrong, what to do); {} is what was typed
    "footnote": ("'{}' would show as typed: the site has no footnotes",
                 "say it in the sentence, or link to the source: [the NHS page](https://…)"),
    "reference": ("the link '{}' would show as typed: no line below says where its second [...] goes",
                  "write [words](https://…), or add a line like '[nhs]: https://…' after the paragraph"),
    "link": ("the link '{}' would show as typed",
             "write [words](page.md), with nothing between ] and ( and a ) at the end"),
    "table": ("this table would show as typed, starting '{}'",
              "under the first row, write a row with a --- for each column, like | --- | --- |"),
    "bold": ("'{}' would show as typed: bold needs ** before and after its words",
             "write **words in bold**, or take the ** out"),
    "email": ("'{}' would show as plain text, which readers cannot tap or click to write an email",
              "put it between < and >, like <name@example.org>"),
    "address": ("'{}' would show as plain text, which readers cannot tap or click",
                "make it a link with words that say where it goes, like [the NHS website](https://www.nhs.uk)"),
    "bullet": ("this list would show as one paragraph, starting '{}'",
               "start each item on a line of its own with '- ' in place of the bullet sign (a list pasted from a word processor keeps them)"),
    "numbered": ("this numbered list would show as one paragraph, starting '{}'",
                 "write each number with a full stop, like 1. and 2., each item on a line of its own"),
}


def leftover_problems(leftovers, typed_lines, rel, first_line):
    """Warn, at its line, about each piece of Markdown that would reach readers as typed (markup.leftover_markup)."""
    problems = []
    for kind, typed, around in leftovers:
        number = typed_lines.next_line_of(around) or typed_lines.line_of(typed, 0) or 0
        message, hint = LEFTOVER_WORDING[kind]
        problems.append(Problem(WARNING, rel, first_line + number, message.format(typed[:60]), hint))
    return problems


# Lines as typed. Python-Markdown, unlike GitHub's preview, reads a list straight under a paragraph's last line as
# more of the paragraph, and a list mark or heading mark next to a non-breaking space as words.
LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|[0-9]{1,3}\.)[ \t]+\S")
NOT_PARAGRAPH = re.compile(r" {0,3}(?:[-*+][ \t]|[0-9]{1,9}[.)][ \t]|#|>|\||<|\{:|```|~~~|!!!)| {4}|\t")
BREAK_LINE = re.compile(r" {0,3}(?:#|(?:[-*_][ \t]*){3,}$)")  # a heading or a rule: what follows starts afresh
CODE_FENCE = re.compile(r" {0,3}(?:```|~~~)")
SHORT_INDENT = re.compile(r" {1,3}\S")  # under a list item, Python-Markdown needs 4 spaces where GitHub takes 2
UNDER_ITEM = re.compile(r" {4}|\t")  # what Python-Markdown keeps in the item above
SPACED_MARK = re.compile(rf"[ \t]*(?:[{UNUSUAL_SPACES}][ \t{UNUSUAL_SPACES}]*(?:[-*+]|[0-9]{{1,3}}\.|#{{1,6}})[ \t{UNUSUAL_SPACES}]"
                         rf"|(?:[-*+]|[0-9]{{1,3}}\.)[{UNUSUAL_SPACES}])")


def list_line_problems(lines, rel, first_line):
    """Warn where Python-Markdown reads a list differently from GitHub's preview: a list that starts on a paragraph's
    next line, an item or a paragraph indented under an item by fewer than 4 spaces, and a list or heading mark beside
    an unusual space."""
    problems, in_code, block, spaced = [], False, None, False  # block: what the lines since the last empty one are
    in_list = list_block = False  # whether the last block, and this one, are a list or indented under one
    for number, line in enumerate(lines, first_line):
        if CODE_FENCE.match(line):
            in_code = not in_code
        if in_code or not line.strip() or BREAK_LINE.match(line):
            in_list, list_block, block, spaced = list_block, False, None, False
            continue
        if SPACED_MARK.match(line):
            if not spaced:  # one message a block
                problems.append(Problem(WARNING, rel, number, f"'{visible(line.strip()[:60])}' would show as words, not as a list "
                                        "item or heading: a non-breaking space stands before or after its mark", "delete the "
                                        "spaces at the start of the line and after its '-', '1.' or '#', and type ordinary ones"))
            spaced = True
        elif block == "paragraph" and LIST_ITEM.match(line):
            problems.append(Problem(WARNING, rel, number, f"the list starting '{line.strip()[:60]}' would show as part of "
                                    "the paragraph above it", "leave an empty line between the paragraph and the list's first item"))
            block = "told"
        elif SHORT_INDENT.match(line) and ((block == "list" and LIST_ITEM.match(line)) or (block is None and in_list)):
            problems.append(short_indent_problem(line, rel, number, LIST_ITEM.match(line)))
            block = "told"
        elif block is None:
            list_block = bool(LIST_ITEM.match(line) or (in_list and UNDER_ITEM.match(line)))
            block = "list" if LIST_ITEM.match(line) else "other" if list_block or NOT_PARAGRAPH.match(line) else "paragraph"
    return problems


def short_indent_problem(line, rel, number, is_item):
    """The warning for an item, or a paragraph after an empty line, indented under an item by 1 to 3 spaces."""
    what = "item" if is_item else "text"
    shown = "would not show as a list under the item above" if is_item else "would show below the list, not in its last item"
    spaces = len(line) - len(line.lstrip(" "))
    return Problem(WARNING, rel, number, f"the {what} '{line.strip()[:60]}' is indented {spaces} space{'s' * (spaces > 1)}, "
                   f"so it {shown} (GitHub's preview needs 2, the site 4)",
                   f"indent it with 4 spaces to put it under the item above, or with none to make it "
                   f"{'one more item' if is_item else 'a paragraph after the list'}")


def placeholder_line_problems(lines, rel, first_line):
    """Warn at each line outside code that holds a placeholder ("TBC", "TODO", "lorem ipsum"): readers would see it."""
    problems, in_code = [], False
    for number, line in enumerate(lines, first_line):
        in_code ^= bool(CODE_FENCE.match(line))
        found = None if in_code else schema.PLACEHOLDER.search(line)
        if found:
            problems.append(Problem(WARNING, rel, number, f"'{found.group()}' is a placeholder that readers would see as written",
                                    "write what it stands for, or take it out until it is known"))
    return problems


def heading_level_problems(levels, typed_lines, rel, first_line):
    """Warn at each heading that skips a level (#### under ##): people using screen readers move by heading level."""
    problems, above, seen = [], 1, {}  # the page's title is its only level-1 heading
    for level, text in levels:
        occurrence = seen[text] = seen.get(text, -1) + 1
        if level > above + 1:
            number = typed_lines.line_of(text, occurrence, within="#" * level) or typed_lines.line_of(text, 0) or 0
            problems.append(Problem(WARNING, rel, first_line + number, f"this heading is level {level} ({'#' * level}) "
                                    f"under a level {above} heading, so level {above + 1} is skipped",
                                    f"start it with {'#' * (above + 1)}: screen readers list headings by level"))
        above = level
    return problems


class TypedLines:
    """Where a piece of typed text is in a page's Markdown. The text is searched with str.find, only as far as the
    line asked for, and from where the last search of that piece stopped: a page may hold thousands of links,
    and reading every line for each of them took seconds."""

    def __init__(self, lines):
        self.lines = lines
        self.text = "\n".join(lines)
        self.starts = [0, *itertools.accumulate(len(line) + 1 for line in lines)]  # each line's offset, then the end
        self.found = {}  # (text, within) → ([0-based lines holding both, in order], where to search next)
        self.asked = {}  # (text, within) → how many times next_line_of() was asked

    def line_of(self, text, occurrence, within=""):
        """The line of the `occurrence`-th line holding `text` (and `within`), or of the last one; None when none does."""
        hits, at = self.found.get((text, within), ([], 0))
        while self.lines and len(hits) <= occurrence and at <= len(self.text):
            at = self.text.find(text, at)
            if at == -1:
                break
            line = bisect.bisect_right(self.starts, at) - 1
            if at + len(text) < self.starts[line + 1] and within in self.lines[line]:  # not across a line's end
                hits.append(line)
                at = self.starts[line + 1]  # each line once
            else:
                at += 1
        self.found[(text, within)] = (hits, at)
        return hits[min(occurrence, len(hits) - 1)] if hits else None

    def next_line_of(self, text, within=""):
        """line_of() the next occurrence: the first time asked for `text`, its first line, then its second…"""
        occurrence = self.asked[(text, within)] = self.asked.get((text, within), -1) + 1
        return self.line_of(text, occurrence, within)
