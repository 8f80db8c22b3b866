"""Content-quality measures: reading age of a rendered page."""

import re
from html.parser import HTMLParser

from .readability import flesch_kincaid_grade

READING_AGE_TARGET = 11
PROSE_TAGS = {"p", "li", "td", "th", "dd", "dt", "blockquote"}


class _ProseCollector(HTMLParser):
    """Collect the text of prose blocks (paragraphs, list items, table cells)."""

    def __init__(self):
        super().__init__()
        self.blocks, self._depth, self._current = [], 0, []

    def handle_starttag(self, tag, attrs):
        if tag in PROSE_TAGS:
            if self._depth and self._current:
                self._flush()
            self._depth += 1

    def handle_endtag(self, tag):
        if tag in PROSE_TAGS and self._depth:
            self._flush()
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self._current.append(data)

    def _flush(self):
        text = " ".join("".join(self._current).split())
        self._current = []
        if text:
            self.blocks.append(text if text[-1] in ".!?:" else text + ".")


def prose_text(html: str) -> str:
    """Return the prose of an HTML fragment, one sentence-terminated block a line."""
    collector = _ProseCollector()
    collector.feed(html)
    return "\n".join(collector.blocks)


def reading_age(html: str) -> int | None:
    """Estimate the reading age (Flesch-Kincaid grade + 5) of an HTML fragment."""
    text = prose_text(html)
    if len(re.findall(r"\w+", text)) < 30:
        return None  # too little prose for a meaningful score
    return round(flesch_kincaid_grade(text) + 5)
