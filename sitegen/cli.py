"""The command line: build, check, serve and new page."""

import argparse
import datetime
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from .clock import process_seconds
from .files import CONTROL_CHARACTERS
from .github import report_to_github
from .output import out_refusal
from .problems import CONFIRM, ERROR, REMINDER, WARNING, BuildError, reminders_in
from .terminal import NOT_YOUR_EDIT, counted, report, say

ROOT = Path(__file__).resolve().parent.parent


def make_parser():
    """Return the argument parser; every command and option has help text."""
    parser = argparse.ArgumentParser(prog="build.py", description="Build the second-opinion guidance site from content/ and data/.")
    parser.add_argument("command", nargs="?", default="build", choices=("build", "check", "serve", "new", "schema"),
                        help="build (default): build site/; check: report every problem and fact to confirm, write nothing; "
                             "serve: live preview; new: create a page (new page \"Title\"); "
                             "schema: rewrite schemas/*.json from the field definitions")
    parser.add_argument("args", nargs="*", help="for 'new': page \"Title\"")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors (used when publishing)")
    parser.add_argument("--out", type=Path, help="output folder (default: site/ in the project folder)")
    parser.add_argument("--base-url", help="where the site is published, e.g. https://example.org/second-opinions/")
    parser.add_argument("--host", default="127.0.0.1", help="serve: address to listen on (default 127.0.0.1, this computer only)")
    parser.add_argument("--port", type=port_number, default=8000, help="serve: port, 1 to 65535 (default 8000)")
    parser.add_argument("--no-cache", action="store_true",
                        help="build, serve: make everything afresh, ignoring what earlier builds kept in .cache/ (safe to delete)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show details, including tracebacks of bugs")
    parser.add_argument("--format", choices=("text", "github"), default=None,
                        help="build, check: 'github' also prints each problem as a GitHub Actions workflow command "
                             "(a mark on its line) and adds a table of them to the job summary; the default is "
                             "'github' when GITHUB_ACTIONS=true, else 'text'")
    parser.add_argument("--fail-on-reminders", action="store_true",
                        help="check: fail while any reminder is due (a page's review date or a centre's re-check "
                             "has passed); for the weekly scheduled run, never for a push or pull request")
    return parser


def main(argv=None):
    """Run a command; return 0 when it worked, 1 for problems in the content, 2 for wrong usage."""
    parser = make_parser()
    options = parser.parse_args(argv)
    options.format = options.format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")
    usage_error = check_usage(options)
    if usage_error:
        parser.error(usage_error)
    try:
        return run(options)
    except BuildError as error:
        report(error.problems, options.strict, unchanged=shown_out(options) if options.command == "build" else None)
        tell_github(error.problems, options, "The build stopped")
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the workers ignore it (parallel.py), so this is all that is said
        say(f"\nStopped: {shown_out(options)} was left as it was." if options.command == "build" else "\nStopped.")
        return 130
    except OSError as error:  # the system refused: a folder not writable, a disk full
        where = error.filename or shown_out(options)
        kept = f"; {shown_out(options)} was left as it was" if options.command == "build" else ""
        say(f"Error: could not write {where}: {error.strerror or error}.\n"
            f"    hint: check that you may write to that folder and that the disk has space{kept}.")
        return 1
    except Exception as error:
        if options.verbose:
            raise
        say(f"Error: {type(error).__name__}: {error}\n"
                  f"Something went wrong inside the generator ({NOT_YOUR_EDIT}).\n"
                      "Run again with --verbose and send the output to the site's maintainers.")
        return 1


def check_usage(options):
    """Return a message when the options make no sense together, else None."""
    if options.base_url:
        from .render import base_url_mistake  # here: `--help` and a build with nothing to do import no YAML

        if base_url_mistake(options.base_url):
            return f"--base-url {base_url_mistake(options.base_url)}"
    if options.out and options.command == "build" and out_refusal(options.out, ROOT, ROOT / "site"):
        return out_refusal(options.out, ROOT, ROOT / "site")
    if options.command == "new" and (len(options.args) != 2 or options.args[0] != "page"):
        return 'use: python build.py new page "Title of the page"'
    if options.command == "new" and not page_title(options.args[1]):
        return 'the title is empty; use: python build.py new page "Title of the page"'
    if options.command != "new" and options.args:
        return f"unexpected words: {' '.join(options.args)}"
    return None


def port_number(text):
    """argparse type: a TCP port, 1 to 65535 (0 would pick one at random)."""
    try:
        port = int(text)
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"should be a whole number from 1 to 65535, got '{text}'")
    return port


def build(root, out, **options):
    """Build the site (pipeline.build), imported only by the commands that build: `--help` needs no YAML or Markdown."""
    from .pipeline import build as build_site

    return build_site(root, out, **options)


def gather(root, base_url=None):
    """Check the site (pipeline.gather), imported only when needed."""
    from .pipeline import gather as gather_site

    return gather_site(root, base_url)


def run(options):
    """Dispatch to the chosen command."""
    out = (options.out or ROOT / "site").resolve()
    if options.command == "build":
        result = build(ROOT, out, strict=options.strict, base_url=options.base_url, cache=not options.no_cache)
        report(result.problems, options.strict, listed=(ERROR, WARNING))
        tell_github(result.problems, options, "The site was built")
        say(summary(result, shown_out(options)))
        return 0
    if options.command == "check":
        return run_check(options)
    if options.command == "new":
        return new_page(options.args[1])
    if options.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(ROOT):
            say(f"Wrote {path.relative_to(ROOT)}")
        return 0
    import logging  # only the preview logs (builds print through terminal.py), so only it pays for the import

    logging.basicConfig(level=logging.DEBUG if options.verbose else logging.INFO, format="%(message)s")
    from .serve import serve
    return serve(ROOT, host=options.host, port=options.port, base_url=options.base_url, cache=not options.no_cache)


def run_check(options):
    """Validate everything, write nothing, and list every problem, reminder and fact to confirm."""
    from .quality import READING_AGE_TARGET  # here: a build with nothing to do imports no reading-age code

    result = gather(ROOT, options.base_url)
    say(f"\nReading age of each page (target: {READING_AGE_TARGET} or under):")
    for source, age in sorted(result.reading_ages.items()):
        say(f"  {source}: {age if age is not None else 'too little text to measure'}")
    report(result.problems, options.strict, listed=(ERROR, WARNING, REMINDER, CONFIRM), reminders_fail=options.fail_on_reminders)
    failure = check_failure(result.problems, options)
    tell_github(result.problems, options, f"Check: {failure or 'passed'}")
    if failure:
        say(f"\nError: {failure}.")
        return 1
    reminders = len(reminders_in(result.problems))
    say(f"Checked {counted(result.pages, 'page')}, {counted(result.centres, 'centre')} and {counted(result.programmes, 'programme')}: "
        f"no errors{' or warnings' if options.strict else ''}"
        + (f" ({counted(reminders, 'reminder')} due, listed above)." if reminders else "."))
    return 0


def check_failure(problems, options):
    """Say why `check` fails (errors; warnings under --strict; reminders under --fail-on-reminders), or None."""
    counts = {level: sum(p.level == level for p in problems) for level in (ERROR, WARNING, REMINDER)}
    reasons = [counted(counts[ERROR], "error")] if counts[ERROR] else []
    reasons += [f"{counted(counts[WARNING], 'warning')} in strict mode"] if options.strict and counts[WARNING] else []
    reasons += [f"{counted(counts[REMINDER], 'reminder')} due (--fail-on-reminders)"] if options.fail_on_reminders and counts[REMINDER] else []
    return f"the check found {' and '.join(reasons)}" if reasons else None


def tell_github(problems, options, heading):
    """With --format github: mark each problem on its line and add the full list to the job summary."""
    if options.format != "github":
        return
    fatal = {ERROR} | ({WARNING} if options.strict else set()) | ({REMINDER} if options.fail_on_reminders else set())
    report_to_github(problems, ROOT, heading, fatal=frozenset(fatal))


def shown_out(options):
    """The output folder as the person typed it, or site/."""
    out = (options.out or ROOT / "site").resolve()
    return f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}/"


def summary(result, shown):
    """The one line that ends a successful build."""
    confirm = sum(p.level == CONFIRM for p in result.problems)
    reminders = sum(p.level == REMINDER for p in result.problems)
    waiting = [f"{counted(reminders, 'reminder')} due"] * bool(reminders) + [f"{confirm} facts still to confirm"] * bool(confirm)
    note = f" ({' and '.join(waiting)}: python build.py check lists them)" if waiting else ""
    return f"Built {counted(result.pages, 'page')} and {counted(result.centres, 'centre')} into {shown} in {process_seconds():.2f}s{note}"


def new_page(typed):
    """Create content/<slug>.md with every front matter field filled in; print its path."""
    title = page_title(typed)
    slug = page_slug(title)
    path = ROOT / "content" / f"{slug}.md"
    if path.exists():
        say(f"Error: content/{slug}.md already exists; choose another title or edit that page.")
        return 1
    today = datetime.date.today()
    # JSON's string syntax is also YAML's double-quoted one, so any title reads back as typed.
    path.write_text(NEW_PAGE.format(title=json.dumps(title, ensure_ascii=False), today=today, next=next_year(today)),
                    encoding="utf-8")
    print(f"content/{slug}.md")
    return 0


def page_title(typed):
    """The title as typed, with control characters and runs of spaces made single spaces."""
    return " ".join(CONTROL_CHARACTERS.sub(" ", typed).split())


def page_slug(title):
    """A file name for a title: lower-case ASCII letters and digits joined by hyphens, at most 60 characters."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:60].strip("-")
    return slug or "new-page"


def next_year(day):
    """The same date a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


NEW_PAGE = """---
title: {title}
description: "One plain sentence saying what this page helps with."
last_reviewed: {today}
next_review: {next}
sources:
  - title: "Where the facts on this page come from"
    url: https://www.example.org/replace-this
draft: true
---

Start with the most important point, in one or two short sentences.

## A heading for the first part

Write short sentences. Use everyday words.
"""
