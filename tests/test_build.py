"""End to end: the real content and data, built into a temporary folder."""

import errno
import re
import shutil
import struct
import zlib

import pytest

import gates
from sitegen import output, validate
from sitegen.pipeline import build, gather
from sitegen.problems import ERROR

from conftest import REPO, page_text


def files_of(folder):
    """Every file under a folder with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_real_site_has_every_page_and_the_site_files(built_site):
    names = set(files_of(built_site))
    for source in sorted((REPO / "content").rglob("*.md")):
        slug = source.relative_to(REPO / "content").with_suffix("").as_posix()
        assert ("index.html" if slug == "index" else f"{slug}/index.html") in names
    assert {"404.html", "sitemap.xml", "robots.txt", "favicon.svg", "css/main.css"} <= names


@pytest.fixture(scope="module")
def strict_build(tmp_path_factory):
    """The real content and data built again, in strict mode: (its folder, its Result)."""
    out = tmp_path_factory.mktemp("strict") / "site"
    return out, build(REPO, out, strict=True)


def test_two_builds_are_byte_identical(built_site, strict_build):
    assert files_of(strict_build[0]) == files_of(built_site)


def test_every_internal_link_and_anchor_resolves_under_a_sub_path(tmp_path):
    """The links of the site at the root are checked by test_gates_html.py; here at a sub-path."""
    out = tmp_path / "site"
    build(REPO, out, base_url="https://example.org/some/path/")
    faults = gates.check_links(gates.load_pages(out), out, base_path="/some/path/", own_origin="https://example.org")
    assert faults == []


def test_the_link_check_finds_links_that_ignore_the_sub_path(tmp_path):
    (tmp_path / "about").mkdir()
    (tmp_path / "index.html").write_text('<a href="/about/">About</a> <a href="about/#who">Who</a> <a href="#top">Top</a>')
    (tmp_path / "about" / "index.html").write_text('<h1 id="top">About</h1>')
    faults = gates.check_links(gates.load_pages(tmp_path), tmp_path, base_path="/some/path/", own_origin="https://example.org")
    assert [fault.split(" (")[0] for fault in faults] == [
        "/: broken link /about/: it points outside the site's base path /some/path/",
        '/: broken fragment about/#who: /about/ has no element with id "who"',
        '/: broken fragment #top: / has no element with id "top"',
    ]


def test_nothing_stale_is_left_from_an_earlier_build(make_project, tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "old-page.html").write_text("stale")
    build(make_project(), out)
    assert not (out / "old-page.html").exists()


def test_a_failed_write_leaves_the_previous_site_exactly_as_it_was(make_project, tmp_path, monkeypatch):
    root, out = make_project(), tmp_path / "site"
    build(root, out)
    before = files_of(out)

    def fail(*args):
        raise OSError("disk full")
    monkeypatch.setattr(output, "swap_in", fail)
    with pytest.raises(OSError):
        build(root, out)
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def inodes_of(folder):
    """{relative path: inode} of every regular file under a folder."""
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def test_a_file_the_build_makes_again_byte_for_byte_is_the_old_sites_own_file(make_project, tmp_path):
    """Linked, not written again: the old site's copy is then deleted without freeing its space on the disk."""
    root, out = make_project(), tmp_path / "site"
    build(root, out)
    before = inodes_of(out)
    (root / "content/privacy.md").write_text((root / "content/privacy.md").read_text() + "\nOne more line.\n")
    build(root, out)
    after = inodes_of(out)
    kept = {path for path in after if before.get(path) == after[path]}
    assert "privacy/index.html" not in kept and "index.html" in kept and "css/main.css" in kept
    assert "pagefind/pagefind.js" not in kept  # Pagefind writes its own files
    build(root, tmp_path / "cold", cache=False)
    assert files_of(out) == files_of(tmp_path / "cold")


def test_only_the_old_sites_own_regular_files_are_linked(make_project, tmp_path):
    """A link in the old site, to a file or a folder elsewhere, holding the very bytes the build makes, is never
    followed: the new site's file is a file of its own, and what the link pointed to is untouched."""
    root, out = make_project(), tmp_path / "site"
    build(root, out)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(out / "privacy", elsewhere / "privacy")
    shutil.copy(out / "index.html", elsewhere / "index.html")
    shutil.rmtree(out / "privacy")
    (out / "privacy").symlink_to(elsewhere / "privacy", target_is_directory=True)
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(elsewhere / "index.html")
    build(root, out, cache=False)  # the same pages again
    for page in ("index.html", "privacy/index.html"):
        assert not (out / page).is_symlink() and (out / page).stat().st_ino != (elsewhere / page).stat().st_ino
        assert (out / page).read_bytes() == (elsewhere / page).read_bytes()
        assert (elsewhere / page).stat().st_nlink == 1


def test_where_files_cannot_be_linked_every_file_is_written_and_linking_is_tried_once(make_project, tmp_path, monkeypatch):
    root, out = make_project(), tmp_path / "site"
    build(root, out)
    tried = []

    def cannot_link(*args, **kwargs):
        tried.append(args)
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(output.os, "link", cannot_link)
    build(root, out, cache=False)
    assert len(tried) == 1
    build(root, tmp_path / "cold", cache=False)
    assert files_of(out) == files_of(tmp_path / "cold")


def test_writer_refuses_paths_outside_the_output_folder(tmp_path):
    with pytest.raises(output.UnsafePath):
        output.safe_join(tmp_path, "../escape.html")


def test_real_content_passes_strict(strict_build):
    result = strict_build[1]
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


def without_doc_comments(text):
    """A script's lines less each '/** … */' block, read line by line."""
    kept, inside = [], False
    for line in text.splitlines(keepends=True):
        inside = inside or line.lstrip().startswith("/**")
        if not inside:
            kept.append(line)
        inside = inside and not line.rstrip().endswith("*/")
    return "".join(kept)


def test_scripts_are_published_without_their_doc_comments(built_site):
    sources = sorted((REPO / "static/js").rglob("*.js"))
    assert len(sources) >= 8
    for source in sources:
        text = source.read_text(encoding="utf-8")
        # Each starts its own line: the build's pattern finds every one, and none hides inside a string.
        assert all(line.lstrip().startswith("/**") for line in text.splitlines() if "/**" in line), source
        published = (built_site / "js" / source.relative_to(REPO / "static/js")).read_text(encoding="utf-8")
        assert published == without_doc_comments(text) and "/**" not in published, source
        assert len(published) < len(text), f"{source} has no doc comments to leave out"


def png(width=1, height=1):
    """The bytes of a real PNG picture, of one colour."""
    rows = b"".join(b"\0" + b"\x80\x80\x80" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def picture_problems_of(make_project, name, data, alt="A map of the way in"):
    root = make_project({"content/extra.md": page_text("Extra", f"Words.\n\n![{alt}](/images/{name})\n")})
    (root / "static/images").mkdir(parents=True, exist_ok=True)
    (root / "static/images" / name).write_bytes(data)
    return [(p.level, p.path, p.message) for p in gather(root).problems if "images" in p.path or "image" in p.message]


def test_a_real_picture_builds_and_loads_only_when_reached(make_project):
    root = make_project({"content/extra.md": page_text("Extra", "Words.\n\n![A map of the way in](/images/map.png)\n")})
    (root / "static/images").mkdir(parents=True)
    (root / "static/images/map.png").write_bytes(png(40, 30))
    result = gather(root)
    assert [p for p in result.problems if "image" in p.path + p.message] == []
    assert '<img alt="A map of the way in" loading="lazy" src="/images/map.png">' in result.outputs["extra/index.html"].decode()


@pytest.mark.parametrize("name, data", [
    ("map.png", b"not a picture\n"), ("map.png", b"\xff\xd8\xff\xe0 a JPEG named .png"), ("photo.jpg", png()),
    ("photo.JPEG", b"GIF89a"), ("logo.svg", b"<html><body>no</body></html>"), ("logo.gif", b""),
])
def test_a_file_named_as_a_picture_it_is_not_stops_the_build(make_project, name, data):
    kind = name.rsplit(".", 1)[1].upper()
    assert picture_problems_of(make_project, name, data) == [
        ("error", f"static/images/{name}", f"this file is named as a {kind} picture, but it is not one, so readers would see a broken picture")]


def test_a_picture_too_heavy_for_a_poor_signal_is_a_warning(make_project):
    assert picture_problems_of(make_project, "map.png", png(100, 100)) == []
    heavy = b"\xff\xd8\xff\xe0" + bytes(200_000)
    assert picture_problems_of(make_project, "photo.jpg", heavy) == [
        ("warning", "static/images/photo.jpg", "this picture is 200 kB, more than the 100 kB that a phone on a poor signal fetches in two seconds")]


@pytest.mark.parametrize("alt", ["IMG_2041.jpg", "photo", "Image 3", "scan.HEIC", "picture"])
def test_alt_text_that_is_a_file_name_or_a_kind_of_picture_is_a_warning(make_project, alt):
    [problem] = picture_problems_of(make_project, "map.png", png(), alt=alt)
    assert problem[:2] == ("warning", "content/extra.md") and f"has '{alt}' as its alt text" in problem[2]
