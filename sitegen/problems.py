"""Problems found in an editor's files, and the error that stops a build."""

import difflib
import logging
from dataclasses import dataclass

log = logging.getLogger("sitegen")

ERROR, WARNING, CONFIRM = "error", "warning", "to confirm"


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or still to confirm) at a place in a file."""

    level: str
    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self):
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class BuildError(Exception):
    """The build found errors an editor must fix; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems if p.level != CONFIRM))


def errors_in(problems):
    """Return the problems that stop a build."""
    return [p for p in problems if p.level == ERROR]


def warnings_in(problems):
    """Return the problems that --strict makes fatal."""
    return [p for p in problems if p.level == WARNING]


def did_you_mean(word, choices):
    """Return a 'did you mean' hint for a misspelt word, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
