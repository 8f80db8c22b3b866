"""Problems on GitHub (issue 12): a mark on the line, in the terminal's words, and the full list in the job summary."""

import datetime
import re

import pytest

from sitegen import cli, github
from sitegen.problems import CONFIRM, ERROR, REMINDER, WARNING, Problem

from conftest import CENTRE, PROGRAMME, page_text

BAD_PHONE = CENTRE.replace("    offers:", "    phone: 0113 49\n    offers:")
FILES = {
    "data/centres.yaml": f"centres:\n{BAD_PHONE}programmes:\n{PROGRAMME}",
    "content/costs-2026.md": page_text("Costs", "See [the 100% guide](http://www.nhs.uk/100%25).\n"),
}
ERROR_LINE = ("::error file=data/centres.yaml,line=12,title=Error::"
              "centre 1 (\"Leeds Cancer Centre\"): 'phone' should be a UK phone number, like 0113 496 0000, got '0113 49'"
              "%0Ahint: check each digit against the source: 6 digits starting 011 is not a UK number in use (most have 11 digits, starting 0)")
WARNING_LINE = ("::warning file=content/costs-2026.md,line=11,title=Warning::"
                "the link 'http://www.nhs.uk/100%2525' uses http://, which is not secure%0Ahint: use the https:// address")


@pytest.fixture
def project(make_project, monkeypatch, tmp_path):
    """A project with one error and one warning, checked as if on GitHub's runner."""
    root = make_project(FILES)
    monkeypatch.setattr(cli, "ROOT", root)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(root))
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "step-summary.md"))
    for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"):
        monkeypatch.delenv(name, raising=False)
    return root


def test_one_error_and_one_warning_as_workflow_commands(project, capsys):
    assert cli.main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [ERROR_LINE, WARNING_LINE]
    # The terminal's words, so the log and the mark say the same.
    assert "data/centres.yaml:12: centre 1 (\"Leeds Cancer Centre\"): 'phone' should be a UK phone number" in captured.err
    assert "content/costs-2026.md:11: the link 'http://www.nhs.uk/100%25' uses http://" in captured.err


def test_warnings_are_errors_on_github_in_strict_mode(project, capsys):
    cli.main(["check", "--strict"])
    assert capsys.readouterr().out.splitlines()[1].startswith(
        "::error file=content/costs-2026.md,line=11,title=Warning (stops publishing)::")


def test_plain_format_prints_no_workflow_commands(project, capsys, tmp_path):
    cli.main(["check", "--format", "text"])
    assert capsys.readouterr().out == ""
    assert not (tmp_path / "step-summary.md").exists()


def test_job_summary_lists_every_problem_in_a_table(project, capsys, tmp_path):
    (tmp_path / "step-summary.md").write_text("Earlier step.\n", encoding="utf-8")
    cli.main(["check"])
    summary = (tmp_path / "step-summary.md").read_text(encoding="utf-8")
    assert summary.startswith("Earlier step.\n## Check: the check found 1 error\n")  # appended, never replacing
    assert ("### Errors: fix these (1)\n\n| File | Line | Message | Hint |\n|---|---|---|---|\n"
            "| `data/centres.yaml` | 12 | centre 1 (\"Leeds Cancer Centre\"): 'phone' should be a UK phone number, "
            "like 0113 496 0000, got '0113 49' | check each digit against the source: 6 digits starting 011 is not a UK number in use "
            "(most have 11 digits, starting 0) |\n") in summary
    assert ("### Warnings: fix these before publishing (1)\n\n| File | Line | Message | Hint |\n|---|---|---|---|\n"
            "| `content/costs-2026.md` | 11 | the link 'http://www.nhs.uk/100%25' uses http://, which is not secure "
            "| use the https:// address |\n") in summary
    assert re.search(r"^### Still to confirm with the charity \(\d+\)$", summary, re.M)
    assert "| `data/site.yaml` |  | the charity's phone is not set, so it is not shown |  |" in summary


def test_summary_and_marks_list_twenty_errors_a_file_and_count_the_rest_but_every_fact_to_confirm():
    problems = ([Problem(ERROR, "content/a.md", n, f"mistake {n}") for n in range(1, 1201)]
                + [Problem(ERROR, "content/b.md", 1, "one mistake")]
                + [Problem(CONFIRM, "data/centres.yaml", n, f"confirm {n}") for n in range(1, 31)])
    table = github.summary_table(problems)
    assert "### Errors: fix these (1,201)" in table
    assert re.findall(r"\| `content/a\.md` \| (\d+) \| mistake", table) == [str(n) for n in range(1, 21)]
    assert "| `content/a.md` |  | and 1,180 more like these in this file, not listed here |" in table
    assert "| `content/b.md` | 1 | one mistake |" in table
    assert len(re.findall(r"\| confirm \d+ \|", table)) == 30
    marks = github.annotations(problems)
    assert len(marks) == 22 and "and 1,180 more like these" in marks[20] and "one mistake" in marks[21]


def test_paths_are_relative_to_the_repository_and_linked_to_their_line(project, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project.parent))
    for name, value in (("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "charity/site"), ("GITHUB_SHA", "abc123")):
        monkeypatch.setenv(name, value)
    cli.main(["check"])
    assert capsys.readouterr().out.startswith("::error file=project/data/centres.yaml,line=12,")
    summary = (project.parent / "step-summary.md").read_text(encoding="utf-8")
    assert "| [`project/data/centres.yaml`](https://github.com/charity/site/blob/abc123/project/data/centres.yaml#L12) | 12 |" in summary


def test_escaping_follows_the_workflow_command_rules():
    problem = Problem(ERROR, "data/a:b,c.yaml", 3, "50% of\r\nit", "say: yes, | or <b>no</b>")
    assert github.annotation(problem) == "::error file=data/a%3Ab%2Cc.yaml,line=3,title=Error::50%25 of%0D%0Ait%0Ahint: say: yes, | or <b>no</b>"
    assert github.summary_row(problem, "", None) == "| `data/a:b,c.yaml` | 3 | 50% of<br>it | say: yes, \\| or &lt;b&gt;no&lt;/b&gt; |"


def test_only_the_kinds_github_should_mark_become_annotations():
    problems = [Problem(CONFIRM, "data/site.yaml", None, "confirm"), Problem(REMINDER, "content/a.md", 4, "due", due=datetime.date(2026, 1, 2)),
                Problem(WARNING, "content/a.md", None, "w"), Problem(ERROR, "content", None, "e")]
    assert github.annotations(problems) == [
        "::error file=content,title=Error::e",
        "::warning file=content/a.md,title=Warning::w",
        "::notice file=content/a.md,line=4,title=Reminder%3A due 2026-01-02::due",
    ]


def test_github_format_is_the_default_on_githubs_runner(make_project, monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(cli, "ROOT", make_project(FILES))
    cli.main(["check"])
    assert capsys.readouterr().out == ""  # at a terminal: words only
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    cli.main(["check"])
    assert capsys.readouterr().out.startswith("::error file=data/centres.yaml,line=12,title=Error::")
