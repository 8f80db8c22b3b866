"""Problems found in an editor's files, and the error that stops a build."""

import datetime
import difflib
from dataclasses import dataclass

# Errors always stop a build; warnings about content stop it under --strict; reminders depend on
# today's date (a review or a re-check falling due), so they never stop a fix from being published,
# only the weekly run that asks for them (issue 12); facts to confirm are listed by `check`.
ERROR, WARNING, REMINDER, CONFIRM = "error", "warning", "reminder", "to confirm"
# Errors or warnings listed for one file; the rest are counted in one line, so that a page pasted with
# thousands of broken links leaves a list an editor can read (and a preview page and job summary of a sane size).
LISTED_PER_FILE = 20


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or still to confirm) at a place in a file."""

    level: str
    path: str
    line: int | None
    message: str
    hint: str = ""
    due: datetime.date | None = None  # for reminders: the day it fell due

    def __str__(self):
        text = f"{self.where}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text

    @property
    def where(self):
        """The file and line, as 'data/centres.yaml:14' (or just the file)."""
        return f"{self.path}:{self.line}" if self.line else self.path


class BuildError(Exception):
    """The build found errors an editor must fix; nothing was written."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems if p.level in (ERROR, WARNING)))


def errors_in(problems):
    """Return the problems that stop a build."""
    return [p for p in problems if p.level == ERROR]


def warnings_in(problems):
    """Return the problems that --strict makes fatal."""
    return [p for p in problems if p.level == WARNING]


def reminders_in(problems):
    """Return the reminders that fall due with the date, most overdue first."""
    return sorted((p for p in problems if p.level == REMINDER), key=lambda p: (p.due or datetime.date.min, p.path, p.line or 0))


def listed_per_file(problems):
    """Return the problems to list: the first LISTED_PER_FILE errors and warnings of each file, then for a file
    with more, one problem that counts the rest. Reminders and facts to confirm are all listed."""
    listed, counts, more = [], {}, {}
    for problem in problems:
        key = (problem.level, problem.path)
        counts[key] = counts.get(key, 0) + 1
        if counts[key] <= LISTED_PER_FILE or problem.level not in (ERROR, WARNING):
            listed.append(problem)
        elif key not in more:
            more[key] = len(listed)
            listed.append(None)  # the place of the line that counts the rest
    for (level, path), at in more.items():
        rest = counts[(level, path)] - LISTED_PER_FILE
        listed[at] = Problem(level, path, None, f"and {rest:,} more like these in this file, not listed here",
                             "fix those listed, then look again: the rest are often the same mistake")
    return listed


def did_you_mean(word, choices):
    """Return a 'did you mean' hint for a misspelt word, or an empty string."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""
