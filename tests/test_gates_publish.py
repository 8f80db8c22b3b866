"""Publishing (issue 6): the GitHub Actions workflow and the _headers file (netlify.toml: test_netlify.py)."""

import fnmatch
import re

import pytest
import yaml

import gates

WORKFLOW = gates.REPO / ".github" / "workflows" / "publish.yml"
HEADERS = gates.REPO / "static" / "_headers"


def workflow():
    """The publishing workflow, parsed."""
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def test_workflow_tests_and_builds_before_deploying_only_from_main():
    faults = gates.workflow_faults(workflow())
    assert not faults, "\n".join(faults)


@pytest.mark.parametrize("break_it, expected", [
    (lambda w: w["jobs"]["deploy"].pop("if"), "job deploy must run only on a push to main"),
    (lambda w: w["on"].update(push={"branches": ["main"]}), "push must trigger it on every branch"),
    (lambda w: w["jobs"]["deploy"].update(needs="check"), "job deploy must need the job that tests and builds the site"),
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


def module_imports(script):
    """The relative addresses a script imports, statically or with import()."""
    text = script.read_text(encoding="utf-8")
    return re.findall(r"""(?:\bfrom\s+|\bimport\s*\(\s*)['"](\.{1,2}/[^'"]+)['"]""", text)


def test_every_module_imported_without_a_version_is_checked_again_before_use():
    """A module imported by a plain relative address has no version in it: unless _headers tells browsers to check
    it again (no-cache), an old copy could run beside a new page that needs the new one."""
    rules = gates.parse_headers(HEADERS.read_text(encoding="utf-8"))
    no_cache = [pattern for pattern, headers in rules.items() if headers.get("cache-control") == "no-cache"]
    scripts = sorted((gates.REPO / "static" / "js").rglob("*.js"))
    imported = {(script.parent / address).resolve().relative_to(gates.REPO / "static").as_posix()
                for script in scripts for address in module_imports(script)}
    assert "js/spelling.js" in imported and "js/finder/places.js" in imported
    unchecked = [path for path in sorted(imported) if not any(fnmatch.fnmatch(f"/{path}", pattern) for pattern in no_cache)]
    assert not unchecked, f"add a 'Cache-Control: no-cache' rule to static/_headers for: {unchecked}"
