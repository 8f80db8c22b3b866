"""Static quality gates (issue 6) over every page of the real built site, and proof that each one can fail."""

import warnings

import pytest

import gates
from conftest import write_project
from sitegen.pipeline import build

# --- The real site -------------------------------------------------------------------


@pytest.fixture(scope="session")
def docs(built_site):
    """Every page of the real built site, parsed."""
    return gates.load_pages(built_site)


@pytest.fixture(scope="module")
def vnu_faults(built_site, broken_site):
    """The Nu Html Checker's errors for every page of the real site and of the broken one (below),
    from one run over them all: {site: faults}."""
    gates.require_node_tools()
    gates.require_java()
    return gates.run_vnu_on_sites({site: gates.site_pages(site) for site in (built_site, broken_site)})


def report(faults):
    """Return a failure message that lists every fault, one a line."""
    return f"{len(faults)} fault(s):\n" + "\n".join(faults)


def test_gates_see_every_page(docs, built_site):
    """The gates run over the home page, the 404 page and every other page the build made."""
    built = {gates.page_name(built_site, p) for p in built_site.rglob("*.html")}
    assert {"/", "/404.html"} <= set(docs)
    assert set(docs) == built, f"pages the gates would miss: {sorted(built - set(docs))}"


class TestTheHtmlChecker:
    """One run of the Nu Html Checker serves both tests (a class runs whole on one worker)."""

    def test_html_is_valid(self, vnu_faults, built_site):
        faults = vnu_faults[built_site]
        assert not faults, report(faults)

    def test_vnu_finds_invalid_elements(self, vnu_faults, broken_site):
        faults = vnu_faults[broken_site]
        assert any(f.startswith("/privacy/: invalid HTML, line") and "blink" in f for f in faults), report(faults)


def test_one_h1_per_page(docs):
    faults = gates.over_pages(docs, gates.check_one_h1)
    assert not faults, report(faults)


def test_no_inline_scripts_styles_or_handlers(docs):
    faults = gates.over_pages(docs, gates.check_inline_code)
    assert not faults, report(faults)


def test_images_have_alt_text(docs):
    faults = gates.over_pages(docs, gates.check_images)
    assert not faults, report(faults)


def test_nothing_loaded_from_other_sites(docs, built_site):
    faults = gates.over_pages(docs, gates.check_resources) + gates.check_css_files(built_site)
    assert not faults, report(faults)


def test_every_page_sets_csp_and_referrer_policy(docs):
    faults = gates.over_pages(docs, gates.check_security_meta)
    assert not faults, report(faults)


def test_internal_links_and_fragments_resolve(docs, built_site):
    faults = gates.check_links(docs, built_site)
    assert not faults, report(faults)


def test_external_links_are_https_and_well_formed(docs):
    faults = gates.over_pages(docs, gates.check_external_links)
    assert not faults, report(faults)
    count = sum(1 for doc in docs.values() for e in doc.all("a") if e.attrs.get("href", "").startswith("https://"))
    warnings.warn(f"{count} external links were checked for https and form only: there is no network here, "
                  "so their targets were not fetched", UserWarning, stacklevel=1)


# --- Each gate can fail: a small site with one of each fault ---------------------------

BROKEN_BITS = """
  <script>document.title = 'inline'</script>
  <p style="color: red" onclick="go()">Styled</p>
  <a href="javascript:void(0)">Do it</a>
  <img src="{{ base_path }}favicon.svg">
  <img src="{{ base_path }}favicon.svg" alt=" ">
  <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Roboto">
  <iframe src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>
  <blink>Old</blink>
  <a href="#nowhere">Nowhere</a>
  <a href="{{ base_path }}missing/">Missing</a>
  <a href="{{ base_path }}#no-such-id">Home, bad fragment</a>
  <a href="http://www.example.org/">Plain http</a>
  <a href="https://exa mple.org/">Malformed</a>
  <a href="mailto:nobody">Bad email</a>
  <h1>A second main heading</h1>
"""


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """Build a small project whose plain page template carries one of each fault (the tests only read it)."""
    page = (gates.REPO / "templates" / "page.html").read_text(encoding="utf-8")
    marker = "{% block before_body %}"
    assert marker in page, "templates/page.html changed: update BROKEN_BITS' anchor"
    broken = page.replace(marker, BROKEN_BITS + marker, 1)
    folder = tmp_path_factory.mktemp("broken")
    root = write_project(folder / "project", {"templates/page.html": broken,
                         "static/css/fonts.css": "@font-face { font-family: X; src: url(https://fonts.gstatic.com/x.woff2); }\n"})
    out = folder / "broken-site"
    build(root, out)
    return out


@pytest.mark.parametrize("check, expected", [
    (gates.check_one_h1, "/privacy/: has 2 <h1> elements"),
    (gates.check_inline_code, "/privacy/: inline <script> on line"),
    (gates.check_inline_code, "/privacy/: style attribute on <p>"),
    (gates.check_inline_code, "/privacy/: event-handler attribute onclick on <p>"),
    (gates.check_inline_code, "/privacy/: javascript: URL in href"),
    (gates.check_images, '/privacy/: image without alt: <img src="/favicon.svg">'),
    (gates.check_images, '/privacy/: image with empty alt: <img src="/favicon.svg">'),
    (gates.check_resources, "/privacy/: third-party resource from fonts.googleapis.com"),
    (gates.check_resources, "/privacy/: embedded <iframe>"),
    (gates.check_external_links, "/privacy/: external link http://www.example.org/ is not https"),
    (gates.check_external_links, "/privacy/: external link https://exa mple.org/ is malformed"),
    (gates.check_external_links, "/privacy/: malformed email link mailto:nobody"),
])
def test_page_checks_find_faults(broken_site, check, expected):
    faults = gates.over_pages(gates.load_pages(broken_site), check)
    assert any(fault.startswith(expected) for fault in faults), report(faults)


def test_link_check_finds_broken_links_and_fragments(broken_site):
    faults = gates.check_links(gates.load_pages(broken_site), broken_site)
    for expected in ('/privacy/: broken fragment #nowhere: /privacy/ has no element with id "nowhere"',
                     "/privacy/: broken link /missing/: no file /missing/ in the built site",
                     '/privacy/: broken fragment /#no-such-id: / has no element with id "no-such-id"'):
        assert any(fault.startswith(expected) for fault in faults), report(faults)


def test_css_check_finds_third_party_fonts(broken_site):
    faults = gates.check_css_files(broken_site)
    assert "/css/fonts.css: loads https://fonts.gstatic.com/x.woff2 from fonts.gstatic.com; serve it from the site itself" in faults


def test_security_meta_check_finds_weak_policies():
    doc = gates.PageDoc("/x/", None, [gates.Element("meta", {"http-equiv": "Content-Security-Policy",
                                                             "content": "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.example.com"}, 3)])
    faults = gates.over_pages({"/x/": doc}, gates.check_security_meta)
    assert faults == [
        "/x/: needs <meta name=\"referrer\" content=\"no-referrer\">, found []",
        "/x/: Content-Security-Policy <meta>: script-src allows 'unsafe-inline'",
        "/x/: Content-Security-Policy <meta>: script-src allows https://cdn.example.com",
        "/x/: Content-Security-Policy <meta>: has no style-src",
        "/x/: Content-Security-Policy <meta>: has no img-src",
        "/x/: Content-Security-Policy <meta>: has no font-src",
        "/x/: Content-Security-Policy <meta>: has no object-src",
        "/x/: Content-Security-Policy <meta>: has no base-uri",
    ]


def test_missing_checker_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="quality gate cannot run in CI: no Java"):
        gates.require(False, "no Java")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="quality gate skipped: no Java"):
        gates.require(False, "no Java")
