"""Reminders (issue 12): a review or re-check falling due never blocks a fix; the weekly run fails on them."""

import datetime
import re

import pytest

from sitegen import cli
from sitegen.problems import REMINDER, WARNING
from sitegen.validate import check_centre, check_review_dates

from conftest import CENTRE, PROGRAMME, page_text

OVERDUE_PAGE = page_text("Old news", last_reviewed="2023-01-01", next_review="2024-01-01")
STALE_CENTRES = f"centres:\n{CENTRE.replace('last_checked: 2026-11-01', 'last_checked: 2024-06-01')}programmes:\n{PROGRAMME}"


@pytest.fixture
def overdue(make_project, monkeypatch):
    """A project whose only problems are reminders: a page past its review date and a centre not checked for a year."""
    root = make_project({"content/old.md": OVERDUE_PAGE, "data/centres.yaml": STALE_CENTRES})
    monkeypatch.setattr(cli, "ROOT", root)
    return root


def run(capsys, *argv):
    """Run the CLI; return (exit code, stdout, stderr)."""
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_reminders_alone_pass_strict_check_and_build(overdue, capsys):
    code, _, err = run(capsys, "check", "--strict")
    assert code == 0, err
    assert "Reminders (2), oldest first — due by date; they never stop a build:" in err
    assert "no errors or warnings (2 reminders due, listed above)." in err
    code, _, err = run(capsys, "build", "--strict")
    assert code == 0, err
    assert re.search(r"\(2 reminders due and \d+ facts still to confirm: python build.py check lists them\)$",
                     err.splitlines()[-1])
    assert (overdue / "site" / "old" / "index.html").is_file()


def test_check_lists_reminders_with_due_dates_oldest_first(overdue, capsys):
    _, _, err = run(capsys, "check")
    listed = err.split("Reminders (2)")[1].splitlines()[1:5]
    assert listed == [
        "  content/old.md:5: this page was due for review on 2024-01-01",
        "    hint: review the whole page, then update last_reviewed and next_review",
        '  data/centres.yaml:2: centre "Leeds Cancer Centre": details not checked since 2024-06-01; '
        "a re-check was due on 2025-06-01",
        "    hint: check them against the sources and update last_checked",
    ]


def test_scheduled_mode_fails_while_a_reminder_is_due(overdue, capsys):
    code, _, err = run(capsys, "check", "--fail-on-reminders")
    assert code == 1
    assert "Reminders (2), oldest first — due, so this check fails until they are done:" in err
    assert err.rstrip().endswith("Error: the check found 2 reminders due (--fail-on-reminders).")


def test_scheduled_mode_passes_once_reminders_are_done(make_project, monkeypatch, capsys):
    monkeypatch.setattr(cli, "ROOT", make_project())
    code, _, err = run(capsys, "check", "--strict", "--fail-on-reminders")
    assert code == 0, err
    assert "Reminders" not in err


def test_warnings_still_fail_strict_mode_beside_reminders(overdue, capsys):
    (overdue / "content" / "extra.md").write_text(page_text("X", "See [old](http://www.example.org).\n"))
    code, _, err = run(capsys, "check", "--strict")
    assert code == 1
    assert err.rstrip().endswith("Error: the check found 1 warning in strict mode.")


def test_reminders_are_notices_on_github_and_errors_in_scheduled_mode(overdue, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    _, out, _ = run(capsys, "check", "--format", "github")
    assert "::notice file=content/old.md,line=5,title=Reminder%3A due 2024-01-01::this page was due for review on 2024-01-01" in out
    _, out, _ = run(capsys, "check", "--format", "github", "--fail-on-reminders")
    assert "::error file=content/old.md,line=5,title=Reminder%3A due 2024-01-01::" in out


@pytest.mark.parametrize("next_review, expected", [
    (datetime.date(2026, 5, 31), [(REMINDER, datetime.date(2026, 5, 31))]),
    (datetime.date(2026, 6, 1), []),  # due today: not yet overdue
])
def test_review_date_passing_is_a_reminder_with_its_due_date(next_review, expected):
    from sitegen.model import Page
    page = Page(source="p.md", url="p/", title="P", description="d", body="", last_reviewed=datetime.date(2026, 1, 1),
                next_review=next_review, lines={"next_review": 5})
    found = check_review_dates(page, datetime.date(2026, 6, 1))
    assert [(p.level, p.due) for p in found] == expected


def test_stale_centre_is_a_reminder_due_a_year_after_its_check():
    from sitegen.model import Centre
    centre = Centre("a", "A", "Org", "England", "1 Road", "Leeds", "LS9 7TF", 53.8, -1.5, ("x",),
                    datetime.date(2025, 1, 10), (), website="https://www.example.nhs.uk", line=3)
    assert check_centre(centre, datetime.date(2026, 1, 10)) == []
    found = [p for p in check_centre(centre, datetime.date(2026, 1, 11)) if p.level in (REMINDER, WARNING)]
    assert [(p.level, p.line, p.due) for p in found] == [(REMINDER, 3, datetime.date(2026, 1, 10))]
