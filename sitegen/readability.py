"""The Flesch-Kincaid grade of plain text, counted as textstat 0.7.8 counts it, without its dictionary.

textstat looks each word up in the CMU pronouncing dictionary, which takes about a second to
load on every build. Here syllables come from spelling rules instead, worked out once per word;
tests/test_readability.py checks that every shipped page gets textstat's grade within half a year.
"""

import re
from functools import lru_cache

# textstat keeps an apostrophe only where it makes a contraction (don't, it's, we'll), drops the
# rest of the punctuation (hyphens too, so 'follow-up' is one word) and splits on white space.
NOT_CONTRACTION = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION = re.compile(r"[^\w\s']")
SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Spellings where one group of vowels is read as two (cre-ate, ra-di-o, go-ing, cen-tre) or a
# group read as one is split by a silent e (some-one, late-ly). Each match adds or takes one.
SPLIT_VOWELS = re.compile(
    r"(?<![ct])ia(?!ns?$)|(?<![ct])io(?!n)|(?<![ct])iou|iu|(?<![ct])ie(?=t)|(?<=l)ie(?=nt)|(?<=[cr][r])ea(?=t)|ea$|(?<!p)eo(?!u|n$)|(?<!q)ua(?!r)"
    r"|(?<!q)uo|(?<!q)ui(?=[nst]$|ty)|oe(?=t)|ao|[aeiouy]ing|[aeiou]y[aeo]|[^aeiouy]res?$|(?<![fytp])ours?$")
SILENT_E = re.compile(r"(?<=[aeiouy][^aeiouy])e(?=ly$|ment|ness|ful|less|lines?$|times?$|thing|one$|body|where)")
ED_SILENT = re.compile(r"[^aeiouytd]ed$")
ES_SILENT = re.compile(r"(?:[^aeiouyscxzghl]|[aeiouy]l)es$")
# Words that spelling rules count wrongly and pages use: mostly letters read one by one.
SPELLED_OUT = {"uk": 2, "usa": 3, "eu": 2, "ok": 2, "ip": 2, "people": 2}


def words(text):
    """The words of `text` as textstat counts them."""
    return PUNCTUATION.sub("", NOT_CONTRACTION.sub("", text)).split()


def sentence_count(text):
    """Sentences as textstat counts them: runs up to . ! or ?, ignoring those of two words or fewer."""
    sentences = SENTENCE.findall(text)
    return max(1, len(sentences) - sum(len(words(s)) <= 2 for s in sentences)) if text else 0


@lru_cache(maxsize=65536)
def syllables(word):
    """Estimate the syllables of one word from its spelling (at least 1)."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if not letters:
        return 1
    if letters in SPELLED_OUT:
        return SPELLED_OUT[letters]
    count = len(VOWEL_GROUP.findall(letters)) + len(SPLIT_VOWELS.findall(letters)) - len(SILENT_E.findall(letters))
    if letters.endswith("e") and not re.search(r"[^aeiouy]le$|[aeiouy]e$|^[^aeiouy]*e$", letters):
        count -= 1  # a silent final e: care, time, write
    elif ED_SILENT.search(letters) or ES_SILENT.search(letters):
        count -= 1  # asked, makes (but needed, places, tables)
    return max(1, count)


def flesch_kincaid_grade(text):
    """Return 0.39 × words per sentence + 11.8 × syllables per word − 15.59 (0.0 for no words)."""
    found = words(text)
    if not found:
        return 0.0
    per_sentence = len(found) / sentence_count(text)
    per_word = sum(syllables(word) for word in found) / len(found)
    return 0.39 * per_sentence + 11.8 * per_word - 15.59
