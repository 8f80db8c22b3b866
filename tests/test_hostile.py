"""Hostile and unusual input (issue 11): never delete what is not ours, never publish what is
outside the project, never hang, and name the file and line for every mistake.

Each test makes one kind of fault and checks the exit code, the exact message with its file
and line, that site/ (and any --out folder) is untouched and that nothing leaked into it."""

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from sitegen import cli
from sitegen.content import MAX_TAG_STARTS
from sitegen.problems import LISTED_PER_FILE
from sitegen.files import TEMPORARY_FILES
from sitegen.output import STAMP
from sitegen.serve import Preview, scan

from conftest import CENTRE, PROGRAMME, REPO, SITE_YAML, page_text
from test_cli import run

CENTRES = f"centres:\n{CENTRE}programmes:\n{PROGRAMME}"
SECRET = "NOT-FOR-PUBLISHING-4e1f"  # what a file outside the project holds; it must never reach the site
BUG = "a bug, not your edit"
TIME_LIMIT = 60  # seconds for a whole build in a fresh Python; the faults below took minutes, or for ever
BUILD = """
import sys
from pathlib import Path
from sitegen import cli
cli.ROOT = Path(sys.argv[1])
sys.exit(cli.main(sys.argv[2:]))
"""
PREVIEW = """
import sys
from sitegen.serve import Preview
preview = Preview(sys.argv[1], "http://127.0.0.1:8000/", "")
print(preview.rebuild().error_page is not None)
"""


def snapshot(folder):
    """Every file under a folder with its bytes (links as links: nothing is followed)."""
    return {p.relative_to(folder).as_posix(): (os.readlink(p) if p.is_symlink() else p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink()}


@pytest.fixture
def outside(tmp_path):
    """A file outside the project holding a secret."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def run_in_subprocess(root, *argv, script=BUILD):
    """Run a script on the project in a fresh Python, killed after TIME_LIMIT; return (exit code, stdout, stderr)."""
    done = subprocess.run([sys.executable, "-c", script, str(root), *argv], cwd=REPO, capture_output=True,
                          text=True, timeout=TIME_LIMIT, env={**os.environ, "PYTHONPATH": str(REPO)})
    return done.returncode, done.stdout, done.stderr


def write(root, files):
    """Write text (str) or bytes into the project."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def assert_refused(capsys, root, files, message, argv=("build",)):
    """Write `files`, build, and check exit 1, the exact message, no bug message and site/ untouched."""
    before = snapshot(root / "site")
    write(root, files)
    code, err = run(capsys, *argv)
    assert code == 1, err
    assert f"  {message}" in err, err
    assert BUG not in err and "Traceback" not in err
    assert "site/ was left as it was" in err
    assert snapshot(root / "site") == before
    return err


def assert_nothing_leaked(folder):
    """No file of the built folder holds the secret or a forbidden attribute."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data, path
            if path.suffix == ".html":
                assert not forbidden_markup(data.decode()), (path, forbidden_markup(data.decode()))


# --- --out writes only into a new, empty or generator-made folder ------------------------------


def usage_error(capsys, *argv):
    """Run the command line expecting a usage error; return its message."""
    with pytest.raises(SystemExit) as exit_info:
        cli.main(list(argv))
    assert exit_info.value.code == 2
    return capsys.readouterr().err


def test_out_refuses_a_folder_it_did_not_make(project, capsys, tmp_path):
    checkout = tmp_path / "gh-pages"
    write(checkout, {".git/HEAD": "ref: refs/heads/gh-pages\n", "index.html": "<p>theirs</p>"})
    before = snapshot(checkout)
    err = usage_error(capsys, "build", "--out", str(checkout))
    assert (f"--out {checkout} is not empty and was not made by this generator (it has no {STAMP} file), "
            "so building there would delete what it holds; choose a new or empty folder") in err
    assert snapshot(checkout) == before


@pytest.mark.parametrize("name", ["scripts", "Makefile", "content", "data/finder", "tests", ".git", "content/new-folder", "."])
def test_out_refuses_every_project_file_and_folder(project, capsys, name):
    write(project, {"scripts/tool.py": "print(1)\n", "Makefile": "all:\n", "tests/test_x.py": "\n", ".git/HEAD": "x\n"})
    before = snapshot(project)
    err = usage_error(capsys, "build", "--out", str(project / name))
    assert "would replace the project's own files" in err
    assert snapshot(project) == before


def test_out_refuses_a_file_and_a_link(project, capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    assert f"--out {tmp_path / 'notes.txt'} is a file, not a folder" in usage_error(capsys, "build", "--out", str(tmp_path / "notes.txt"))
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    assert "is a symbolic link; give the folder it points to instead" in usage_error(capsys, "build", "--out", str(tmp_path / "link"))
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_out_builds_into_new_empty_and_its_own_folders(project, capsys, tmp_path):
    for folder in (tmp_path / "new" / "site", tmp_path / "empty"):
        if folder.name == "empty":
            folder.mkdir()
        assert run(capsys, "build", "--out", str(folder))[0] == 0
        assert (folder / STAMP).is_file() and (folder / "index.html").is_file()
        (folder / "stale.html").write_text("old")
        assert run(capsys, "build", "--out", str(folder))[0] == 0  # made by us: replaced whole
        assert not (folder / "stale.html").exists()
    assert run(capsys, "build", "--out", str(project / "public"))[0] == 0  # a new folder of the project's own
    assert run(capsys, "build", "--out", str(project / "public"))[0] == 0
    assert (project / "site" / STAMP).is_file()


def refuse_in_read_only_folders(monkeypatch):
    """Make deleting from a folder without write permission fail, as it does for anyone but root."""
    for name in ("unlink", "rmdir"):
        real = getattr(os, name)

        def guarded(path, *, dir_fd=None, real=real):
            folder = os.fstat(dir_fd) if dir_fd is not None else os.stat(os.path.dirname(path) or ".")
            if not folder.st_mode & stat.S_IWUSR:
                raise PermissionError(13, "Permission denied", path)
            return real(path, dir_fd=dir_fd)

        monkeypatch.setattr(os, name, guarded)


def test_an_out_folder_that_cannot_be_made_is_refused(project, capsys, tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    out = tmp_path / "notes.txt" / "site"
    err = usage_error(capsys, "build", "--out", str(out))
    assert f"--out {out} cannot be made: {tmp_path / 'notes.txt'} is a file, not a folder" in err
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_a_folder_that_cannot_be_written_is_an_error_not_a_bug(project, capsys, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(project))
    monkeypatch.setattr("tempfile.mkdtemp", refuse)
    code, err = run(capsys, "build")
    assert code == 1
    assert f"Error: could not write {project}: Permission denied.\n" in err
    assert "; site/ was left as it was." in err and BUG not in err


def test_a_failed_build_leaves_the_out_folder_untouched(project, capsys, tmp_path, outside):
    out = tmp_path / "public"
    assert run(capsys, "build", "--out", str(out))[0] == 0
    before = snapshot(out)
    (project / "static" / "env").symlink_to(outside)
    code, err = run(capsys, "build", "--out", str(out))
    assert code == 1 and f"; {out}/ was left as it was." in err
    assert snapshot(out) == before
    assert_nothing_leaked(out)


def test_the_old_site_is_removed_whoever_owns_it(project, capsys, monkeypatch):
    locked = project / "site" / "locked"
    write(locked, {"inner/file.txt": "x"})
    for folder in (locked / "inner", locked):
        folder.chmod(0o500)  # read-only folders, as another user's build leaves them
    refuse_in_read_only_folders(monkeypatch)
    with pytest.raises(PermissionError):
        os.unlink(locked / "inner" / "file.txt")
    assert run(capsys, "build")[0] == 0
    assert [p.name for p in project.iterdir() if p.name.startswith(".site-")] == []
    assert not (project / "site" / "locked").exists()


# --- Only regular files inside the project are read ------------------------------------------


@pytest.mark.parametrize("link", ["content/leak.md", "static/leak.txt", "data/finder/leak.csv", "templates/leak.html",
                                  "static/images"])
def test_a_link_pointing_outside_the_project_is_an_error_naming_it(project, capsys, outside, link):
    path = project / link
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(outside if "." in link else outside.parent)
    assert_refused(capsys, project, {}, f"{link}: this symbolic link points outside the project (to '{os.readlink(path)}'), "
                   "and the build reads only the project's own files, never those in hidden folders such as .git\n"
                   "    hint: copy the file into the project instead of linking to it, or delete the link")
    assert_nothing_leaked(project / "site")


def test_a_whole_folder_linked_from_outside_is_an_error(project, capsys, outside):
    shutil.rmtree(project / "static")
    (project / "static").symlink_to(outside.parent)
    assert_refused(capsys, project, {}, "static: this symbolic link points outside the project")
    assert_nothing_leaked(project / "site")


def test_a_link_into_the_projects_git_folder_is_an_error(project, capsys):
    write(project, {".git/config": f"[remote]\n  token = {SECRET}\n"})
    (project / "static" / "config.txt").symlink_to(project / ".git" / "config")
    assert_refused(capsys, project, {}, "static/config.txt: this symbolic link points outside the project")
    assert_nothing_leaked(project / "site")


def test_a_link_inside_the_project_is_followed(project, capsys):
    (project / "static" / "icon.svg").symlink_to(project / "static" / "favicon.svg")
    (project / "content" / "privacy-copy.md").symlink_to("privacy.md")
    assert run(capsys, "build")[0] == 0
    assert (project / "site" / "icon.svg").read_bytes() == (project / "static" / "favicon.svg").read_bytes()
    assert not (project / "site" / "icon.svg").is_symlink()
    assert (project / "site" / "privacy-copy" / "index.html").is_file()


def test_a_dangling_link_and_a_pipe_are_errors_not_hangs(project, capsys):
    (project / "content" / "gone.md").symlink_to(project / "content" / "nowhere.md")
    os.mkfifo(project / "content" / "pipe.md")
    os.mkfifo(project / "data" / "site.yaml.new")
    before = snapshot(project / "site")
    code, _, err = run_in_subprocess(project, "build")
    assert code == 1
    assert "  content/gone.md: this symbolic link points to nothing (it points to " in err
    assert "  content/pipe.md: this is not an ordinary file (it is a pipe, socket or device), so the build cannot read it" in err
    assert "  data/site.yaml.new: this is not an ordinary file" in err
    assert snapshot(project / "site") == before


def test_temporary_files_are_skipped_by_the_build_and_the_preview(project, capsys):
    names = [".#about.md", "#about.md#", "about.md~", ".about.md.swp", "._about.md", ".DS_Store", "Thumbs.db", "~$notes.md"]
    assert len(names) > len(TEMPORARY_FILES) - 2  # every pattern is tried
    (project / "content" / ".#privacy.md").symlink_to("root@host.1234:1700000000")  # Emacs's lock: a link to nothing
    for folder in ("content", "static", "data", "templates"):
        for name in names[1:]:
            write(project, {f"{folder}/{name}": "<script>x</script>\x00"})
    code, err = run(capsys, "build")
    assert code == 0, err
    assert not any(name in err for name in names)
    built = {p.name for p in (project / "site").rglob("*")}
    assert not built & set(names)
    watched = {Path(path).name for path in scan(project)}
    assert not watched & set(names + [".#privacy.md"])
    assert "favicon.svg" in watched


def test_the_folder_of_a_page_named_like_a_page_is_an_error(project, capsys):
    (project / "content" / "x.md").mkdir()
    assert_refused(capsys, project, {}, "content/x.md: this is a folder, but its name ends in .md like a page\n"
                   "    hint: rename the folder (pages are files; a folder of pages is named like 'costs')")


@pytest.mark.parametrize("fault, message", [
    ("folder", "data/site.yaml: this should be a file, but it is a folder\n    hint: rename or move the folder, and put the file back"),
    ("permission", "data/site.yaml: this file cannot be read (Permission denied)\n"
                   "    hint: make it readable by the person or program running the build (for example: chmod a+r), "
                   "or restore it from the last published version"),
])
def test_a_file_that_cannot_be_read_is_named_with_what_to_do(project, capsys, monkeypatch, fault, message):
    site_yaml = project / "data" / "site.yaml"
    if fault == "folder":
        site_yaml.unlink()
        site_yaml.mkdir()
    else:  # the tests may run as root, who can read anything: make the system say no
        real_read = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes", lambda self: (_ for _ in ()).throw(
            PermissionError(13, "Permission denied", str(self))) if self == site_yaml else real_read(self))
    err = assert_refused(capsys, project, {}, message)
    assert "Errors (1)" in err  # and no second error about the footer or the missing site settings


# --- What pages may contain -------------------------------------------------------------------


class MarkupCollector(HTMLParser):
    """Collect what the site's security policy forbids, and every id with how often it appears."""

    def __init__(self):
        super().__init__()
        self.forbidden, self.ids = [], []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name in ("style", "srcset", "formaction", "background"):
                self.forbidden.append(f"<{tag} {name}>")
            if name in ("src", "poster", "data") and re.match(r"([a-z]+:)?//", value):
                self.forbidden.append(f"<{tag} {name}={value}>")
            if name == "href" and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                self.forbidden.append(f"<{tag} href={value}>")
            if name == "id":
                self.ids.append(value)
        if tag == "style" or (tag == "script" and not dict(attrs).get("src")):
            self.forbidden.append(f"<{tag}> inline")


def forbidden_markup(html):
    """Return the forbidden attributes and elements of a page, and any id it uses twice."""
    collector = MarkupCollector()
    collector.feed(html)
    twice = sorted({i for i in collector.ids if collector.ids.count(i) > 1})
    return collector.forbidden + [f"id '{i}' twice" for i in twice]


ATTRIBUTES = [
    ("onclick", 'Click here.\n{: onclick="alert(1)" }\n', "content/extra.md:12:", "sets 'onclick' to 'alert(1)'; expected only an id (#name) or a class (.name)"),
    ("style", "## Part {: style=\"color: red\" }\n", "content/extra.md:11:", "sets 'style' to 'color: red'"),
    ("srcset", '![A map](/favicon.svg){: srcset="https://tracker.example/x.png 2x" }\n', "content/extra.md:11:",
     "sets 'srcset' to 'https://tracker.example/x.png 2x'"),
    ("href", '[Home](index.md){: href="https://tracker.example/" }\n', "content/extra.md:11:", "sets 'href' to 'https://tracker.example/'"),
    ("data", "Words.\n\nMore words.\n{: data-track=yes }\n", "content/extra.md:14:", "sets 'data-track' to 'yes'"),
    ("bad-class", 'Words.\n{: class="a&quot;onclick" }\n', "content/extra.md:12:",
     "sets 'class' to 'a\"onclick'; expected an id or class made of letters, digits, '-' and '_'"),
    ("layout-id", "Words.\n\n## Skip here {: #main-content }\n", "content/extra.md:13:",
     "sets 'id' to 'main-content'; expected an id the layout does not use itself"),
]


@pytest.mark.parametrize("body, where, message", [a[1:] for a in ATTRIBUTES], ids=[a[0] for a in ATTRIBUTES])
def test_attribute_lists_set_only_ids_and_classes(project, capsys, body, where, message):
    err = assert_refused(capsys, project, {"content/extra.md": page_text("Extra", body)},
                         f"{where} the attribute list ")
    assert message in err, err
    assert_nothing_leaked(project / "site")


HOSTILE_BUT_ALLOWED = textwrap.dedent("""\
    Write to <help@example.org> or see <https://www.testcharity.org.uk/help>. Fish &amp; chips &copy; &#169;.

    ## Main content

    ## Menu

    ## Menu heading

    ## Centre leeds

    | Left | Right |
    |:-----|------:|
    | a    | b     |

    - One
    - Two
    {: .app-checklist }

    Some words.
    {: #my-part .app-note }

    !!! warning "Take care"
        Words inside.

    A [link](index.md#who-can-claim) and [another](#main-content-section).
    """)


@pytest.fixture
def hostile_site(make_project, monkeypatch, capsys):
    """A project whose pages hold every unusual thing pages may hold, built; return the site folder."""
    root = make_project({"content/unusual.md": page_text("Unusual", HOSTILE_BUT_ALLOWED)})
    monkeypatch.setattr(cli, "ROOT", root)
    code, err = run(capsys, "build")
    assert code == 0, err
    return root / "site"


def test_unusual_pages_build_with_their_meaning_kept(hostile_site):
    html = (hostile_site / "unusual" / "index.html").read_text()
    assert '<a href="mailto:help@example.org">' in html
    assert "Fish &amp; chips" in html
    assert 'id="main-content-section"' in html and 'id="menu-section"' in html and 'id="menu-heading-section"' in html
    assert 'id="centre-leeds-section"' in html
    assert '<ul class="app-checklist">' in html and '<p class="app-note" id="my-part">' in html
    assert 'align="right"' in html


def test_no_page_of_the_real_site_or_an_unusual_one_has_forbidden_markup(built_site, hostile_site):
    pages = sorted(built_site.rglob("*.html")) + sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 15
    for path in pages:
        assert forbidden_markup(path.read_text()) == [], path


def test_the_scan_finds_forbidden_markup():
    found = forbidden_markup('<p onclick="x" style="y" id="a"><img src="https://t.example/p.png" srcset="x"></p>'
                             '<a href="javascript:x" id="a"></a><script>x</script>')
    assert found == ["<p onclick>", "<p style>", "<img src=https://t.example/p.png>", "<img srcset>",
                     "<a href=javascript:x>", "<script> inline", "id 'a' twice"]


@pytest.mark.parametrize("body, where, message", [
    ("Fine.\n\nA <b>bold</b> word.\n", "content/extra.md:13:", "HTML is not allowed in pages, found '<b>'"),
    ("Fine.\n\nIt says \u202egnirts\u202c here.\n", "content/extra.md:13:", "this line holds an invisible control character (U+202E) at column 9"),
    ("Tab\x0bhere.\n", "content/extra.md:11:", "this line holds an invisible control character (U+000B) at column 4; "
                                              "expected only letters, digits, spaces and punctuation"),
    ("Fine.\n\n" + "[" * 30000 + "\n", "content/extra.md:13:", "this paragraph leaves 30000 '[' open; expected at most 200 without a ']'"),
    ("Fine.\n\n" + "[" * 3000 + "a" + "]" * 3000 + "\n", "content/extra.md:13:",
     "this paragraph has brackets inside brackets 3000 deep; expected at most 32"),
    ("".join("    " * i + "- x\n" for i in range(40)), "content/extra.md:44:",
     "this line is nested 33 levels deep (in lists or quotes); expected at most 32"),
    ("x" * 300_000, "content/extra.md:", "this file is too big: 293 kB, where at most 128 kB is allowed"),
    ("Fine.\n\n" + "*_" * 10_000 + "a" + "_*" * 10_000 + "\n", "content/extra.md:13:",
     "this paragraph is 40,002 characters long; expected at most 16,000"),
    ("Fine.\n\n" + ("<a " * 5000 + "\n\n") * 8, "content/extra.md:13:",
     "this page has 40,000 '<' signs that start HTML tags (before a letter, '/', '!' or '?'); expected at most 100"),
    ("Fine.\n\n" + ("[a]( " * 3000 + "\n\n") * 8, "content/extra.md:13:",
     "this paragraph has 3,000 links (each '](' starts one); expected at most 100"),
    ("Fine.\n\n" + ("]\n#" * 5000 + "\n\n") * 8, "content/extra.md:214:", "this page has 40,000 headings; expected at most 200"),
    ("Fine.\n\n" + (">#\n" * 3750 + "\n") * 8, "content/extra.md:213:", "this page has 30,000 headings; expected at most 200"),
    ("Fine.\n\n" + ("``\\" * 5000 + "\n\n") * 8, "content/extra.md:13:",
     "this paragraph has 5,000 runs of two or more '`'; expected at most 20"),
], ids=["raw-html", "bidi-override", "control-character", "open-brackets", "deep-brackets", "deep-lists", "too-big",
        "long-paragraph", "tag-starts", "link-starts", "headings", "headings-in-quotes", "backtick-runs"])
def test_pages_that_would_hang_or_break_the_page_are_refused_in_time(project, body, where, message):
    write(project, {"content/extra.md": page_text("Extra", body)})
    before = snapshot(project / "site")
    code, _, err = run_in_subprocess(project, "build")
    assert code == 1
    assert f"  {where} {message}" in err.replace(f"{where}:", f"{where}"), err
    assert BUG not in err and "Traceback" not in err
    assert snapshot(project / "site") == before


def test_a_page_may_hold_web_addresses_in_angle_brackets_up_to_the_limit(project, capsys):
    def addresses(count):
        return "\n\n".join(f"See <https://www.nhs.uk/conditions/lung-cancer/{n}/>." for n in range(count)) + "\n"
    write(project, {"content/extra.md": page_text("Extra", addresses(MAX_TAG_STARTS))})
    code, err = run(capsys, "build")
    assert code == 0 and MAX_TAG_STARTS >= 100, err
    assert (project / "site/extra/index.html").read_text().count('href="https://www.nhs.uk/') == MAX_TAG_STARTS
    assert_refused(capsys, project, {"content/extra.md": page_text("Extra", addresses(MAX_TAG_STARTS + 1))},
                   f"content/extra.md:11: this page has {MAX_TAG_STARTS + 1} '<' signs that start HTML tags")


def test_a_page_of_thousands_of_broken_links_lists_twenty_and_counts_the_rest(project):
    links = "\n\n".join(f"See [part {n}](part-{n}.md)." for n in range(3000))
    write(project, {"content/extra.md": page_text("Extra", links + "\n")})
    before = snapshot(project / "site")
    code, _, err = run_in_subprocess(project, "build")
    assert code == 1 and "Errors (3,000) — fix these:" in err, err[-2000:]
    listed = re.findall(r"content/extra\.md:(\d+): the link 'part-\d+\.md' points to a page that does not exist", err)
    assert [int(line) for line in listed] == [11 + 2 * n for n in range(LISTED_PER_FILE)]
    assert "  content/extra.md: and 2,980 more like these in this file, not listed here" in err
    assert "the build stopped with 3,000 errors" in err
    assert snapshot(project / "site") == before


def test_a_page_written_in_another_encoding_names_its_line(project, capsys):
    text = page_text("Extra", "Fine.\n\nCaf\xe9 au lait.\n").encode("latin-1")
    assert_refused(capsys, project, {"content/extra.md": text},
                   "content/extra.md:13: this file is not UTF-8 text (invalid continuation byte): "
                   "byte 0xe9 at column 4 is not part of any letter")


@pytest.mark.parametrize("name, message", [
    ("content/travel costs.md", "content/travel costs.md: the file name becomes the page's web address, so it may hold "
                                "only letters, digits, '-', '_' and '.', but it holds a space"),
    ("content/fish&chips.md", "content/fish&chips.md: the file name becomes the page's web address, so it may hold "
                              "only letters, digits, '-', '_' and '.', but it holds '&'"),
    ("static/my map.svg", "static/my map.svg: the file name is part of its web address, so it may hold "
                          "only letters, digits, '-', '_' and '.', but it holds a space"),
    ("content/robots.txt.md", "content/robots.txt.md: this page would become /robots.txt/, which clashes with "
                              "the file the build makes, /robots.txt"),
    ("content/favicon.svg.md", "content/favicon.svg.md: this page would become /favicon.svg/, which clashes with static/favicon.svg"),
    ("content/pagefind.md", "content/pagefind.md: this page would become /pagefind/, which clashes with "
                            "the file the build makes, /pagefind"),
    ("content/css/main.css.md", "content/css/main.css.md: this page would become /css/main.css/, which clashes with "
                                "static/css/main.css"),
    ("content/favicon.svg/map.md", "content/favicon.svg/map.md: this page would become /favicon.svg/map/, which clashes "
                                   "with static/favicon.svg"),
    ("static/pagefind/pagefind.js", "static/pagefind/pagefind.js: the build makes /pagefind itself, so this file would be "
                                    "replaced or lost"),
    ("static/.search-documents/page-home.html", "static/.search-documents/page-home.html: the build makes "
                                                "/.search-documents itself, so this file would be replaced or lost"),
    ("static/Robots.txt", "static/Robots.txt: the build makes /robots.txt itself, so this file would be replaced or lost"),
    ("content/..md", "content/..md: the file name becomes the page's web address, so each part should start with a letter or digit"),
    ("content/Privacy.md", "content/privacy.md: this page's address /privacy/ differs only in capital letters from "
                           "content/Privacy.md, and macOS and Windows treat them as one file"),
])
def test_file_names_that_make_bad_or_clashing_addresses_are_errors(project, capsys, name, message):
    text = page_text("Extra") if name.endswith(".md") else "<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert_refused(capsys, project, {name: text}, message)


def test_sitemap_is_well_formed_and_addresses_are_encoded(project, capsys):
    assert run(capsys, "build", "--base-url", "https://example.org/a&b/")[0] == 0
    sitemap = ElementTree.parse(project / "site" / "sitemap.xml").getroot()
    locations = [e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://example.org/a&b/privacy/" in locations
    assert b"a&amp;b" in (project / "site" / "sitemap.xml").read_bytes()


@pytest.mark.parametrize("url", ["https://example.org/?page=1", "https://example.org/#top", "https://user:pw@example.org/",
                                 "https://exa mple.org/", "ftp://example.org/"])
def test_a_base_url_that_would_break_addresses_is_refused(project, capsys, url):
    assert f"--base-url should " in usage_error(capsys, "build", "--base-url", url)
    assert_refused(capsys, project, {"data/site.yaml": SITE_YAML + f"base_url: '{url}'\n"}, "data/site.yaml:10: 'base_url' should ")


# --- Data files: limits, lines and references --------------------------------------------------


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))


@pytest.mark.parametrize("text, where, message", [
    (CENTRES + BILLION_LAUGHS, "data/centres.yaml:32:",
     "aliases ('*name') here expand to more than 100,000 values; expected a file written out in full"),
    (CENTRES + "loop: &loop\n  - *loop\n", "data/centres.yaml:28:",
     "the alias '*loop' is inside the '&loop' it refers to, so it would never end"),
    (CENTRES + "deep: " + "[" * 5000 + "]" * 5000 + "\n", "data/centres.yaml:27:",
     "lists and groups of fields are nested 21 deep here; expected at most 20"),
    (CENTRES + "deep:\n" + "".join("  " * i + "- \n" for i in range(30)), "data/centres.yaml:47:",
     "lists and groups of fields are nested 21 deep here; expected at most 20"),
    (CENTRES + "? [a, b]\n: c\n", "data/centres.yaml:27:",
     "a field name here is a list or group of fields; expected a name like 'town'"),
    (CENTRES.replace("53.80806", "1" + "0" * 5000), "data/centres.yaml:9:", "this number has 5,001 digits; expected at most 999"),
    (CENTRES.replace("town: Leeds", "town: Le\x0beds"), "data/centres.yaml:7:",
     "this line holds an invisible control character (U+000B) at column 13"),
    (CENTRES.replace("town: Leeds", "town: Le\x7feds"), "data/centres.yaml:7:",
     "this line holds an invisible control character (U+007F) at column 13"),
])
def test_yaml_that_would_hang_or_crash_is_refused_at_its_line(project, text, where, message):
    write(project, {"data/centres.yaml": text})
    before = snapshot(project / "site")
    code, _, err = run_in_subprocess(project, "build")
    assert code == 1
    assert f"  {where} {message}" in err, err
    assert BUG not in err and "Traceback" not in err
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("files, message", [
    ({"content/extra.md": page_text("Extra", description='"Tab\\vhere."')}, "content/extra.md:3: this value holds an "
     "invisible control character (U+000B); expected only letters, digits, spaces and punctuation"),
    ({"data/centres.yaml": CENTRES.replace("town: Leeds", 'town: "Le\\x07eds"')}, "data/centres.yaml:7: this value holds "
     "an invisible control character (U+0007)"),
])
def test_a_control_character_written_as_an_escape_is_refused_at_its_line(project, capsys, files, message):
    assert_refused(capsys, project, files, message)
    assert_nothing_leaked(project / "site")


def test_invalid_utf8_in_centres_names_its_line(project, capsys):
    assert_refused(capsys, project, {"data/centres.yaml": CENTRES.replace("Leeds", "L\udceeeds", 1).encode("utf-8", "surrogateescape")},
                   "data/centres.yaml:3: this file is not UTF-8 text (invalid continuation byte): "
                   "byte 0xee at column 12 is not part of any letter")


def test_a_link_to_a_draft_page_says_it_is_a_draft(project, capsys):
    write(project, {"content/privacy.md": page_text("Privacy", draft="true")})
    assert_refused(capsys, project, {}, "data/site.yaml:8: 'privacy.md' is a draft page, so the published site would link to nothing\n"
                   "    hint: publish it (remove 'draft: true' from content/privacy.md) or remove this link")


def test_a_page_linking_to_a_draft_says_it_is_a_draft(project, capsys):
    write(project, {"content/soon.md": page_text("Soon", draft="true")})
    assert_refused(capsys, project, {"content/extra.md": page_text("Extra", "See [soon](soon.md).\n")},
                   "content/extra.md:11: 'soon.md' is a draft page, so the published site would link to nothing")


def test_a_broken_page_is_reported_once_not_again_by_what_links_to_it(project, capsys):
    err = assert_refused(capsys, project, {"content/privacy.md": page_text("Privacy", next_review="someday")},
                         "content/privacy.md:5: ")
    assert "Errors (1)" in err and "data/site.yaml" not in err


@pytest.mark.parametrize("table, text, where, message", [
    ("places.csv", 'Aberdeen,"Scotland,Scotland,57.1,-2.1\n', "data/finder/places.csv:2:",
     "a quote mark opened on this line is never closed"),
    ("places.csv", "Big," + "x" * 140_000 + ",Scotland,57.1,-2.1\n", "data/finder/places.csv:2:",
     "this line cannot be read as a table row: field larger than field limit (131072)"),
    ("postcode-districts.csv", 'M20,"53.4,-2.2\n', "data/finder/postcode-districts.csv:2:",
     "a quote mark opened on this line is never closed"),
])
def test_a_broken_place_table_names_the_line(project, capsys, table, text, where, message):
    path = project / "data" / "finder" / table
    lines = path.read_text().splitlines(keepends=True)
    assert_refused(capsys, project, {f"data/finder/{table}": lines[0] + text + "".join(lines[1:])}, f"{where} {message}")


# --- The command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http"])
def test_a_port_outside_1_to_65535_is_a_usage_error(project, capsys, port):
    err = usage_error(capsys, "serve", "--port", port)
    assert f"argument --port: should be a whole number from 1 to 65535, got '{port}'" in err


@pytest.mark.parametrize("title", ["Costs\\Help", 'Say "hello"', "Costs: what's paid?", "- a list?", "#1 & more",
                                   "Coût du voyage", "true", "2026-11-01", "*star", "Tab\there", "{braces}", "x" * 200])
def test_new_page_makes_a_page_the_build_accepts_whatever_the_title(project, capsys, title):
    assert cli.main(["new", "page", title]) == 0
    made = project / capsys.readouterr().out.strip()
    assert re.fullmatch(r"[a-z0-9-]{1,60}\.md", made.name)
    write(project, {made.relative_to(project).as_posix(): made.read_text().replace("draft: true", "draft: false")})
    code, err = run(capsys, "check")
    assert code == 0, err
    html_title = re.search(r"title: (.*)", made.read_text()).group(1)
    assert json.loads(html_title) == " ".join(title.split())


# --- The preview --------------------------------------------------------------------------------


def test_the_preview_stays_responsive_while_a_bad_file_stands(project, outside):
    write(project, {"content/extra.md": page_text("Extra", "[" * 30000), "data/centres.yaml": CENTRES + BILLION_LAUGHS})
    (project / "content" / ".#about.md").symlink_to("root@host.1234:1700000000")
    os.mkfifo(project / "data" / "pipe.yaml")
    code, out, err = run_in_subprocess(project, script=PREVIEW)
    assert code == 0, err
    assert out.strip() == "True"  # it shows the error page, and did not hang
    assert "content/extra.md:11: this paragraph leaves 30000 '[' open" in err
    assert BUG not in err


def test_the_error_page_names_the_mistakes(project):
    write(project, {"content/extra.md": page_text("Extra", "Hi.\n{: onclick=\"x\" }\n")})
    preview = Preview(project, "http://127.0.0.1:8000/", "")
    page = preview.rebuild().error_page.decode()
    assert "content/extra.md" in page and "sets &#39;onclick&#39;" in page


def test_the_error_page_lists_twenty_mistakes_a_file_and_counts_the_rest(project):
    write(project, {"content/extra.md": page_text("Extra", "\n\n".join(f"See [part {n}](part-{n}.md)." for n in range(300)))})
    page = Preview(project, "http://127.0.0.1:8000/", "").rebuild().error_page.decode()
    assert len(set(re.findall(r"part-(\d+)\.md&#39; points to a page that does not exist", page))) == LISTED_PER_FILE
    assert "and 280 more like these in this file, not listed here" in page


def test_the_previews_error_page_shows_nothing_of_a_file_outside_the_project(tmp_path):
    from sitegen.serve import snippet

    outside = tmp_path / "outside.txt"
    outside.write_text("SECRET=1\n", encoding="utf-8")
    root = tmp_path / "project"
    (root / "content").mkdir(parents=True)
    (root / "content/leak.md").symlink_to(outside)
    (root / "content/own.md").write_text("first\nsecond\n", encoding="utf-8")
    assert snippet(root / "content/leak.md", 1, root) == ()
    assert snippet(root / "content/own.md", 2, root) == ((1, "first", False), (2, "second", True))
