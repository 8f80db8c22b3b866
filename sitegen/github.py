"""Problems as GitHub shows them: a mark on the line of a pull request, and a table in the job summary.

Workflow commands: https://docs.github.com/en/actions/reference/workflow-commands-for-github-actions
GitHub shows only 10 annotations of each kind per step, so the summary table carries the list (as the terminal
lists it: 20 errors and 20 warnings a file, then a count of the rest)."""

import html
import os
from pathlib import Path

from .problems import CONFIRM, ERROR, REMINDER, WARNING, listed_per_file

# What each kind of problem becomes in GitHub, and its title over the mark. Facts to confirm are
# many and change nothing, so they go only in the summary, not among the marks on the lines.
COMMANDS = {ERROR: "error", WARNING: "warning", REMINDER: "notice"}
SECTIONS = (
    (ERROR, "Errors: fix these"),
    (WARNING, "Warnings: fix these before publishing"),
    (REMINDER, "Reminders: due by date"),
    (CONFIRM, "Still to confirm with the charity"),
)


def escape_data(text):
    """Escape the message of a workflow command: %, carriage return and newline."""
    return str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text):
    """Escape a property (file, title) of a workflow command: as data, plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(problem, prefix="", fatal=frozenset((ERROR,))):
    """Return one problem as a workflow command, or None for a kind GitHub need not mark."""
    command = "error" if problem.level in fatal else COMMANDS.get(problem.level)
    if command is None:
        return None
    properties = [f"file={escape_property(prefix + problem.path)}"]
    if problem.line:
        properties.append(f"line={problem.line}")
    properties.append(f"title={escape_property(title(problem, problem.level in fatal))}")
    return f"::{command} {','.join(properties)}::{escape_data(message_with_hint(problem))}"


def title(problem, fatal):
    """The short title GitHub shows over a mark."""
    if problem.level == REMINDER:
        return f"Reminder: due {problem.due.isoformat()}" if problem.due else "Reminder"
    if problem.level == WARNING:
        return "Warning (stops publishing)" if fatal else "Warning"
    return "Error"


def message_with_hint(problem):
    """The words the terminal prints after the file and line: the message, then its hint."""
    return f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message


def annotations(problems, prefix="", fatal=frozenset((ERROR,))):
    """Return the workflow commands for every problem, errors first (GitHub shows only the first few)."""
    order = {level: number for number, (level, _) in enumerate(SECTIONS)}
    ranked = sorted(listed_per_file(problems), key=lambda p: order.get(p.level, len(order)))
    return [line for line in (annotation(p, prefix, fatal) for p in ranked) if line]


def summary_table(problems, prefix="", link=None):
    """Return the Markdown for the job summary: one table (file, line, message, hint) per kind of problem."""
    parts = []
    for level, heading in SECTIONS:
        found = [p for p in problems if p.level == level]
        if not found:
            continue
        parts.append(f"### {heading} ({len(found):,})\n\n| File | Line | Message | Hint |\n|---|---|---|---|")
        parts += [summary_row(p, prefix, link) for p in listed_per_file(found)]
        parts.append("")
    return "\n".join(parts) if parts else "No problems found.\n"


def summary_row(problem, prefix, link):
    """One row of the summary table, with the file linked to its line when the run says where it is."""
    path = prefix + problem.path
    shown = f"`{cell(path)}`"
    if link:
        shown = f"[{shown}]({link}/{path}{f'#L{problem.line}' if problem.line else ''})"
    message = problem.message + (f" (due {problem.due.isoformat()})" if problem.due and problem.due.isoformat() not in problem.message else "")
    return f"| {shown} | {problem.line or ''} | {cell(message)} | {cell(problem.hint)} |"


def cell(text):
    """Text made safe for one cell of a Markdown table: shown as typed, on one line."""
    return html.escape(str(text), quote=False).replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def repository_prefix(root, environ=os.environ):
    """The project folder's path inside the repository ('' at its top), so marks land on the right file."""
    workspace = environ.get("GITHUB_WORKSPACE")
    if not workspace:
        return ""
    try:
        inside = Path(root).resolve().relative_to(Path(workspace).resolve()).as_posix()
    except ValueError:
        return ""
    return "" if inside == "." else inside + "/"


def blob_link(environ=os.environ):
    """The address of the checked-out files on GitHub, for links from the summary, or None outside GitHub."""
    server, repository, sha = (environ.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"))
    return f"{server}/{repository}/blob/{sha}" if server and repository and sha else None


def report_to_github(problems, root, heading, fatal=frozenset((ERROR,)), environ=os.environ):
    """Print a workflow command for each problem and add the full table to $GITHUB_STEP_SUMMARY."""
    prefix = repository_prefix(root, environ)
    for line in annotations(problems, prefix, fatal):
        print(line, flush=True)
    summary_file = environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as summary:
            summary.write(f"## {heading}\n\n{summary_table(problems, prefix, blob_link(environ))}\n")
