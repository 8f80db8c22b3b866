"""Site search's build step (issue 14): what Pagefind indexes, the extra documents, and clear failures."""

import gzip
import json

import pytest

from sitegen import cli, search
from sitegen.content import load_pages
from sitegen.data import load_centres
from sitegen.incremental import Builder
from sitegen.pipeline import build, gather
from sitegen.problems import BuildError

from conftest import page_text


def indexed(site):
    """Return {url: fragment} for every document in a built site's search index."""
    fragments = {}
    for path in sorted((site / search.BUNDLE / "fragment").glob("*.pf_fragment")):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        fragments[data["url"]] = data
    return fragments


def plan_for(root, base_url="http://localhost:8000/"):
    """Plan the search of a project, as a build does."""
    pages, _ = load_pages(root)
    centres, _, _ = load_centres(root)
    return search.plan_search(root, pages, centres, base_url)


def test_build_indexes_main_text_but_not_the_parts_repeated_on_every_page(make_project, tmp_path):
    body = "Help with the cost of trains.\n\n## Who can claim\n\nAnyone on a low income.\n"
    root = make_project({"content/travel.md": page_text("Travel", body)})
    build(root, tmp_path / "site")
    pages = indexed(tmp_path / "site")
    travel = pages["/travel/"]
    assert travel["meta"]["title"] == "Travel"
    assert "Who can claim" in travel["content"] and "low income" in travel["content"]
    assert "Report a problem" not in travel["content"] and "Questions about a second opinion" not in travel["content"]
    assert "A source" not in travel["content"]  # the sources list
    assert "Next review" not in travel["content"] and "In this guide" not in travel["content"]
    assert {a["id"] for a in travel["anchors"]} >= {"who-can-claim"}  # sections lead to their heading


def test_build_leaves_out_the_search_page_the_404_page_and_pagefinds_own_interfaces(make_project, tmp_path):
    root = make_project({"content/search.md": page_text("Search this guide", template="search", guidance="false")})
    build(root, tmp_path / "site")
    urls = set(indexed(tmp_path / "site"))
    assert "/" in urls and "/privacy/" in urls
    assert "/search/" not in urls and not any("404" in url for url in urls)
    bundle = tmp_path / "site" / search.BUNDLE
    assert (bundle / "pagefind.js").is_file() and list(bundle.glob("wasm.*.pagefind"))
    assert not [name for name in search.UNUSED_FILES if (bundle / name).exists()]


def test_each_centre_is_found_by_name_town_and_organisation_and_leads_to_its_card(make_project, tmp_path):
    root = make_project()
    build(root, tmp_path / "site", base_url="https://example.org/guide/")
    centre = indexed(tmp_path / "site")[f"/{search.EXTRA_FOLDER}/centre-leeds.html"]
    assert centre["meta"]["url"] == "/guide/find-a-centre/#centre-leeds"
    assert centre["meta"]["title"] == "Leeds Cancer Centre"
    assert centre["meta"]["section"] == "Find a centre"
    assert "The Leeds Teaching Hospitals NHS Trust" in centre["content"]
    page = (tmp_path / "site" / "find-a-centre" / "index.html").read_text(encoding="utf-8")
    assert 'id="centre-leeds"' in page
    assert "Leeds Cancer Centre" not in indexed(tmp_path / "site")["/find-a-centre/"]["content"]  # no double result


def test_the_guides_words_go_beside_the_index_most_used_first_for_search_to_respell_with(make_project, tmp_path):
    body = "A referral, a Referral &amp; a REFERRAL. Your hospital sends it.\n" + "Referral, again.\n" * 30
    root = make_project({"content/travel.md": page_text("Travel", body),
                         "content/search.md": page_text("Searchonlyword", "Searchonlyword.", template="search", guidance="false"),
                         "data/search.yaml": "also_found_by:\n  travel.md: [mileage]\n"})
    build(root, tmp_path / "site")
    words = json.loads((tmp_path / "site" / search.BUNDLE / search.WORDS_FILE).read_text(encoding="utf-8"))
    assert words[0] == "referral"  # used most
    assert {"hospital", "sends", "mileage", "leeds", "travel"} <= set(words)  # pages, data/search.yaml and centres
    assert "searchonlyword" not in words and "amp" not in words and "a" not in words and "it" not in words
    assert len(set(words)) == len(words)
    (root / "content" / "travel.md").write_text(page_text("Travel", body + "\nMore.\n"), encoding="utf-8")
    build(root, tmp_path / "site")  # the index comes from .cache/ when the pages it reads are the same
    (root / "content" / "travel.md").write_text(page_text("Travel", body), encoding="utf-8")
    build(root, tmp_path / "site")
    assert json.loads((tmp_path / "site" / search.BUNDLE / search.WORDS_FILE).read_text(encoding="utf-8")) == words



def test_a_title_holding_a_less_than_sign_hides_no_words_of_the_page_from_respelling(make_project, tmp_path):
    """A title is text, not HTML: its '<' starts no tag that would swallow the description and the body's first words."""
    root = make_project({"content/fares.md": page_text("Fares < £50", "Mileage refunds.", description="Grants explained.")})
    build(root, tmp_path / "site")
    words = json.loads((tmp_path / "site" / search.BUNDLE / search.WORDS_FILE).read_text(encoding="utf-8"))
    assert {"fares", "grants", "explained", "mileage", "refunds"} <= set(words)

def test_each_page_has_a_small_document_of_its_title_and_other_words_that_shows_its_description(make_project, tmp_path):
    root = make_project({"data/search.yaml": "also_found_by:\n  privacy.md: [cookies, tracking]\n"})
    build(root, tmp_path / "site")
    documents = indexed(tmp_path / "site")
    privacy = documents[f"/{search.EXTRA_FOLDER}/page-privacy.html"]
    assert privacy["meta"] == {"url": "/privacy/", "title": "Privacy", "description": "About privacy."}
    assert privacy["content"].split() == ["Privacy.", "cookies,", "tracking."]
    assert documents[f"/{search.EXTRA_FOLDER}/page-contact.html"]["content"] == "Contact us."
    assert {url for url in documents if url.startswith(f"/{search.EXTRA_FOLDER}/page-")} == \
        {f"/{search.EXTRA_FOLDER}/page-" + name for name in ("home.html", "find-a-centre.html", "contact.html", "privacy.html")}


@pytest.mark.parametrize("text, line, message", [
    ("also_found_by:\n  travel.md: [trains]\n", 2, "'travel.md' is not a page in content/"),
    ("also_found_by:\n  privacy.md: cookies\n", 2, "privacy.md: expected a list of words, e.g. [train fares, bus fares], got 'cookies'"),
    ("also_found_by:\n  privacy.md: []\n", 2, "privacy.md: expected a list of words"),
    ("- privacy.md\n", None, "expected 'also_found_by:' with a page a line"),
])
def test_mistakes_in_the_search_words_are_reported_with_file_and_line(make_project, text, line, message):
    root = make_project({"data/search.yaml": text})
    _, problems = plan_for(root)
    assert len(problems) == 1
    assert problems[0].path == "data/search.yaml" and problems[0].line == line
    assert problems[0].message.startswith(message)


@pytest.mark.parametrize("page", [page_text("Privacy", guidance="false", draft="true"), "Privacy, with no front matter.\n"],
                         ids=["draft", "broken"])
def test_search_words_for_a_draft_or_broken_page_are_kept_without_a_second_mistake(make_project, page):
    root = make_project({"content/privacy.md": page, "data/search.yaml": "also_found_by:\n  privacy.md: [cookies]\n"})
    result = gather(root)
    assert [p for p in result.problems if p.path == "data/search.yaml"] == []
    assert not any(name.endswith("/page-privacy.html") for name in result.search.documents)


def test_a_build_with_a_mistake_in_the_search_words_writes_nothing(make_project, tmp_path):
    root = make_project({"data/search.yaml": "also_found_by:\n  travel.md: [trains]\n"})
    with pytest.raises(BuildError, match="data/search.yaml:2: 'travel.md' is not a page in content/"):
        build(root, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_the_search_words_file_is_optional(make_project):
    plan, problems = plan_for(make_project())
    assert problems == []
    assert b"<p" not in b"".join(content for name, content in plan.documents.items() if "/page-" in name)


def test_without_pagefind_the_build_fails_clearly_and_keeps_the_old_site(make_project, tmp_path, monkeypatch):
    root = make_project()
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("the site as it was", encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    with pytest.raises(BuildError) as raised:
        build(root, out)
    assert str(raised.value) == (
        "requirements.txt: cannot build the search index: Pagefind (the pinned 'pagefind[bin]' package) is not installed\n"
        "    hint: run `make site`, or `.venv/bin/pip install -r requirements.txt`, then build again")
    assert (out / "index.html").read_text(encoding="utf-8") == "the site as it was"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site-")] == []


def test_without_pagefind_the_command_says_what_to_do_and_exits_1(project, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-program"))
    code = cli.main(["build", "--out", str(tmp_path / "out")])
    out, err = capsys.readouterr()
    assert code == 1
    assert "Pagefind (the pinned 'pagefind[bin]' package) is not installed" in err
    assert "hint: run `make site`" in err
    assert "Traceback" not in err + out
    assert not (tmp_path / "out").exists()


def test_when_pagefind_fails_the_build_says_what_it_said(make_project, tmp_path, monkeypatch):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: the index is full' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(0o755)
    monkeypatch.setattr(search, "find_pagefind", lambda: failing)
    with pytest.raises(BuildError, match="search index: Pagefind could not index the site: Error: the index is full"):
        build(make_project(), tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_pagefind_reads_no_settings_from_outside_the_project_nor_from_static(make_project, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    # Pagefind reads all three (a setting we do not pass as a flag): any would index the privacy page alone.
    settings = 'glob: "privacy/**/*.html"\n'
    (tmp_path / "pagefind.yml").write_text(settings, encoding="utf-8")
    monkeypatch.setenv("PAGEFIND_GLOB", "privacy/**/*.html")
    root = make_project({"static/pagefind.yml": settings})  # published in the site's top folder, where Pagefind reads
    build(root, tmp_path / "site")
    assert (tmp_path / "site" / "pagefind.yml").is_file()
    assert {"/", "/privacy/", "/contact/"} <= set(indexed(tmp_path / "site"))


def test_the_real_site_is_indexed_so_the_determinism_test_covers_the_index(built_site):
    pages = indexed(built_site)
    assert "/travel-costs/" in pages and "/nhs-second-opinion/" in pages
    assert any(url.startswith(f"/{search.EXTRA_FOLDER}/centre-") for url in pages)


def test_the_preview_and_check_make_no_search_documents(make_project, monkeypatch):
    """Only a build indexes: the preview's rebuilds and `check` leave the documents and words unmade."""
    def unwanted(*args):
        raise AssertionError("made search documents or words that nothing indexes")

    monkeypatch.setattr(search, "title_document", unwanted)
    monkeypatch.setattr(search, "site_words", unwanted)
    root = make_project()
    assert Builder(root, drafts=True).build().pages and gather(root).pages
    with pytest.raises(AssertionError, match="nothing indexes"):
        build(root, root / "site")
