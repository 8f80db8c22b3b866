"""What the person at the terminal is told: shared by the command line and the preview."""

import sys

from .problems import ERROR, REMINDER, WARNING, listed_per_file, reminders_in

# Said of every failure inside the generator itself, so an editor knows it is not their mistake.
NOT_YOUR_EDIT = "a bug, not your edit"


def say(message):
    """Tell the person at the terminal something (on stderr, like every message here)."""
    print(message, file=sys.stderr)


def counted(number, noun):
    """'1 error', '2 errors'."""
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def report(problems, strict, listed=(ERROR, WARNING), unchanged=None, reminders_fail=False):
    """Print problems grouped by level, each with its file, line and hint (reminders by due date)."""
    for level in listed:
        found = reminders_in(problems) if level == REMINDER else [p for p in problems if p.level == level]
        if found:
            say(f"\n{heading(level, len(found), strict, reminders_fail)}")
            for problem in listed_per_file(found):
                say(f"  {problem}")
    errors = sum(p.level == ERROR for p in problems)
    warnings = sum(p.level == WARNING for p in problems)
    if unchanged and (errors or (strict and warnings)):
        say(f"\nError: the build stopped with {counted(errors, 'error')}"
            + (f" and {counted(warnings, 'warning')} in strict mode" if strict else "")
            + f"; {unchanged} was left as it was.")


def heading(level, count, strict, reminders_fail=False):
    """The heading over one group of problems."""
    if level == ERROR:
        return f"Errors ({count:,}) — fix these:"
    if level == WARNING:
        return f"Warnings ({count:,}){' — fatal in strict mode' if strict else ''}:"
    if level == REMINDER:
        return (f"Reminders ({count}), oldest first — "
                + ("due, so this check fails until they are done:" if reminders_fail else "due by date; they never stop a build:"))
    return f"Still to confirm with the charity ({count}):"
