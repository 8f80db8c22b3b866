"""End to end: the real content and data, built into a temporary folder."""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from sitegen import output, validate
from sitegen.pipeline import build, gather
from sitegen.problems import ERROR

from conftest import REPO


def files_of(folder):
    """Every file under a folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class LinkCollector(HTMLParser):
    """Collect hrefs/srcs and element ids from a page."""

    def __init__(self):
        super().__init__()
        self.urls, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.urls.append(attrs[name])


def parse(html):
    """Return the LinkCollector of one page."""
    collector = LinkCollector()
    collector.feed(html)
    return collector


def test_real_site_has_every_page_and_the_site_files(built_site):
    names = set(files_of(built_site))
    for source in sorted((REPO / "content").rglob("*.md")):
        slug = source.relative_to(REPO / "content").with_suffix("").as_posix()
        assert ("index.html" if slug == "index" else f"{slug}/index.html") in names
    assert {"404.html", "sitemap.xml", "robots.txt", "favicon.svg", "css/main.css"} <= names


def test_two_builds_are_byte_identical(tmp_path):
    build(REPO, tmp_path / "one")
    build(REPO, tmp_path / "two")
    assert files_of(tmp_path / "one") == files_of(tmp_path / "two")


@pytest.mark.parametrize("base_url", ["https://example.org/", "https://example.org/some/path/"])
def test_every_internal_link_and_anchor_resolves(tmp_path, base_url):
    out = tmp_path / "site"
    build(REPO, out, base_url=base_url)
    prefix = urlsplit(base_url).path
    pages = {p.relative_to(out).as_posix(): parse(p.read_text()) for p in out.rglob("*.html")}
    broken = []
    for name, found in pages.items():
        for url in found.urls:
            target = resolve(url, name, prefix, out)
            if target is None:
                continue
            path, fragment = target
            if not (out / path).is_file():
                broken.append(f"{name}: {url} (no file {path})")
            elif fragment and fragment not in pages.get(path, parse("")).ids:
                broken.append(f"{name}: {url} (no id #{fragment})")
    assert broken == []


def resolve(url, page_name, prefix, out):
    """Return (file path, fragment) for an internal URL, or None for external ones."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return page_name, parts.fragment
    assert parts.path.startswith(prefix), f"{page_name}: {url} ignores the base path {prefix}"
    path = parts.path[len(prefix):]
    if path == "" or path.endswith("/"):
        path += "index.html"
    return path, parts.fragment


def test_nothing_stale_is_left_from_an_earlier_build(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old-page.html").write_text("stale")
    build(REPO, out)
    assert not (out / "old-page.html").exists()


def test_a_failed_write_leaves_the_previous_site_exactly_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "site"
    build(REPO, out)
    before = files_of(out)

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(output, "swap_in", fail)
    with pytest.raises(OSError):
        build(REPO, out)
    assert files_of(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_writer_refuses_paths_outside_the_output_folder(tmp_path):
    with pytest.raises(output.UnsafePath):
        output.safe_join(tmp_path, "../escape.html")


def test_real_content_passes_strict(tmp_path):
    result = build(REPO, tmp_path / "site", strict=True)
    assert result.pages >= 12 and result.centres == 27


def test_no_inline_script_or_style_anywhere(built_site):
    for path in built_site.rglob("*.html"):
        html = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert "<style" not in html and " style=" not in html, path
        assert "javascript:" not in html, path


def test_a_template_that_is_not_utf8_is_reported_like_any_editors_file(make_project):
    root = make_project()
    (root / "templates/page.html").write_bytes(b"{% extends 'base.html' %}\n{# caf\xe9 #}\n")
    errors = [str(p) for p in gather(root).problems if p.level == ERROR]
    assert {e for e in errors if "page.html" in e} == {
        "templates/page.html:2: this file is not UTF-8 text (invalid continuation byte): byte 0xe9 at column 7 "
        "is not part of any letter\n    hint: save the file as UTF-8 (in most editors: Save as, then Encoding: UTF-8)"}, errors


def test_the_page_address_clash_check_knows_every_file_the_build_makes(built_site):
    """A page may not take the name of a file the build makes (search's index too); that list must keep up."""
    pages = {path.parent.name for path in built_site.glob("*/index.html")} | {"index.html"}
    made = {path.name for path in built_site.iterdir()} - pages - {path.name for path in (REPO / "static").iterdir()}
    assert made and made <= set(validate.GENERATED_FILES), made - set(validate.GENERATED_FILES)
