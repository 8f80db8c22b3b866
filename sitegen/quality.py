"""Content-quality measures: reading age of a rendered page."""

import html
import re

from .readability import flesch_kincaid_grade

READING_AGE_TARGET = 11
PROSE_TAGS = {"p", "li", "td", "th", "dd", "dt", "blockquote"}
# A tag as Python-Markdown writes one: it escapes '<' and '>' in text and in attribute values, so the
# first '>' ends the tag. A page with HTML typed into it is refused, but is read first: a tag never
# holds '<', so that a page of "<a <a <a" takes time that grows with its length, not with its square.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>")


def prose_blocks(fragment):
    """Yield the text of each prose block (paragraph, list item, table cell) of an HTML fragment, in order.

    A block inside another (a paragraph in a list item) ends the text before it, as a new line would."""
    depth, parts, position = 0, [], 0
    for tag in TAG.finditer(fragment):
        if depth:
            parts.append(fragment[position:tag.start()])
        position = tag.end()
        if tag[2].lower() not in PROSE_TAGS:
            continue
        if parts and (tag[1] or depth):
            yield html.unescape("".join(parts))
            parts = []
        depth = max(0, depth - 1) if tag[1] else depth + 1


def prose_text(fragment: str) -> str:
    """Return the prose of an HTML fragment, one sentence-terminated block a line."""
    blocks = (" ".join(text.split()) for text in prose_blocks(fragment))
    return "\n".join(text if text[-1] in ".!?:" else text + "." for text in blocks if text)


def reading_age(fragment: str) -> int | None:
    """Estimate the reading age (Flesch-Kincaid grade + 5) of an HTML fragment."""
    text = prose_text(fragment)
    if len(re.findall(r"\w+", text)) < 30:
        return None  # too little prose for a meaningful score
    return round(flesch_kincaid_grade(text) + 5)
