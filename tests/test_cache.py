"""Fast builds give the same site: start-up, the build cache, and parallel rendering."""

import datetime
import hashlib
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import struct
import time
import zipfile
from contextlib import closing
from pathlib import Path

import pytest

from sitegen import cache, cli, incremental, parallel, search, unchanged
from sitegen.cache import CACHE_DIR, DATABASE, PRUNE_AFTER_DAYS, DiskCache
from sitegen.pipeline import build

from conftest import page_text
from test_incremental import edit, write

REPO = Path(__file__).resolve().parent.parent


def test_help_imports_nothing_a_build_needs():
    script = ("import sys; from sitegen.cli import make_parser; make_parser(); "
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('markdown', 'jinja2', 'yaml', 'tornado', 'watchdog', 'livereload')))")
    found = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


# --- The build cache: warm builds give what cold builds give ------------------

TODAY = datetime.date(2026, 11, 24)


def site_tree(folder):
    """Every file of a built site: {relative path: bytes}."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def rename_page(root):
    """Rename trains.md to rail.md, and the link to it."""
    (root / "content/travel/trains.md").rename(root / "content/travel/rail.md")
    edit(root, "content/travel.md", "travel/trains.md", "travel/rail.md")


@pytest.fixture
def counted(monkeypatch):
    """Count the pages loaded from Markdown and rendered with templates (what the cache saves)."""
    calls = {"load": 0, "render": 0}

    def counting(name, real):
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(incremental, "load_page", counting("load", incremental.load_page))
    monkeypatch.setattr(incremental, "render_page", counting("render", incremental.render_page))
    return calls


NESTED_PAGES = {
    "content/index.md": page_text("Home", "Welcome.\n\n## Who can claim\n\nAnyone.\n", template="home", order=1),
    "content/travel.md": page_text("Travel costs", "You may get help with travel. See [trains](travel/trains.md).\n", order=3),
    "content/travel/trains.md": page_text("Trains", "Trains are one way.\n"),
}


@pytest.fixture
def project(make_project):
    """A small project with nested pages, built once so that the cache is full."""
    root = make_project(NESTED_PAGES)
    build(root, root.parent / "warm", today=TODAY)
    return root


CHANGES = [
    ("page edited", lambda r: edit(r, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")),
    ("page added", lambda r: write(r, "content/buses.md", page_text("Buses", "Buses are slow.\n", order=4))),
    ("page deleted", lambda r: (r / "content/privacy.md").unlink() or edit(r, "data/site.yaml", "page: privacy.md", "page: index.md")),
    ("page renamed", lambda r: rename_page(r)),
    ("template edited", lambda r: edit(r, "templates/base.html", "No cookies.", "No cookies at all.")),
    ("component edited", lambda r: edit(r, "templates/components/centre-card.html", "What it offers", "What is offered")),
    ("centres edited", lambda r: edit(r, "data/centres.yaml", "name: Leeds Cancer Centre", "name: Leeds Centre")),
    ("site settings edited", lambda r: edit(r, "data/site.yaml", "charity_name: Test Charity", "charity_name: A Charity")),
    ("finder table edited", lambda r: edit(r, "data/finder/postcode-districts.csv", "LS1,53.7965", "LS1,53.7966")),
    ("static file changed", lambda r: edit(r, "static/css/main.css", ":root {", ":root {\n  --app-test: 1px;")),
    ("static file added", lambda r: write(r, "static/images/map.txt", "a map")),
]


@pytest.mark.parametrize("name, change", CHANGES, ids=[c[0] for c in CHANGES])
def test_warm_build_after_a_change_equals_a_cold_build(project, name, change):
    change(project)
    build(project, project.parent / "warm", today=TODAY)
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")


def test_an_unchanged_build_loads_and_renders_nothing_again(project, counted):
    build(project, project.parent / "warm", today=TODAY)
    assert counted == {"load": 0, "render": 0}


def test_a_page_edit_loads_and_renders_only_that_page(project, counted):
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")
    build(project, project.parent / "warm", today=TODAY)
    assert counted == {"load": 1, "render": 1}


def test_a_component_edit_renders_only_the_pages_that_use_it(project, counted):
    edit(project, "templates/components/centre-card.html", "What it offers", "What is offered")
    build(project, project.parent / "warm", today=TODAY)
    assert counted == {"load": 0, "render": 1}  # only Find a centre shows centres


def test_a_data_edit_renders_only_the_pages_that_show_it(project, counted):
    edit(project, "data/centres.yaml", "name: Leeds Cancer Centre", "name: Leeds Centre")
    build(project, project.parent / "warm", today=TODAY)
    assert counted == {"load": 0, "render": 1}


@pytest.fixture
def compiled(monkeypatch):
    """The names of the templates Jinja compiles, in a process that has compiled none before."""
    import jinja2

    from sitegen import render

    names, real = [], jinja2.Environment.compile
    monkeypatch.setattr(render, "COMPILED", {})
    monkeypatch.setattr(jinja2.Environment, "compile",
                        lambda env, source, name=None, *args, **kwargs: names.append(name) or real(env, source, name, *args, **kwargs))
    return names


def test_templates_compiled_by_one_build_are_taken_from_the_cache_by_the_next(project, compiled):
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")
    build(project, project.parent / "warm", today=TODAY)
    assert compiled == []
    edit(project, "templates/base.html", "No cookies.", "No cookies at all.")
    build(project, project.parent / "warm", today=TODAY)
    assert compiled == ["base.html"]  # only the template that changed
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")


def cache_rows(project, kind=None):
    """The (kind, key, value) of every entry in the project's cache database, or of one kind."""
    with closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as database:
        return [row for row in database.execute("SELECT kind, key, value FROM entries ORDER BY kind, key")
                if kind in (None, row[0])]


def set_entry(project, kind, key, value):
    """Overwrite one entry's bytes, as a damaged disk or another program might."""
    with closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as database, database:
        database.execute("UPDATE entries SET value = ? WHERE kind = ? AND key = ?", (value, kind, key))


DAMAGED_ENTRIES = [lambda data: data[: len(data) // 2], lambda data: b"", lambda data: data[:-1] + bytes([data[-1] ^ 1]),
                   lambda data: hashlib.sha256(b"not a pickle").digest() + b"not a pickle"]


def test_damaged_entries_are_ignored_and_made_again(project, counted):
    rows = cache_rows(project)
    assert {"page", "html"} <= {kind for kind, _, _ in rows}
    for number, (kind, key, value) in enumerate(rows):
        set_entry(project, kind, key, DAMAGED_ENTRIES[number % 4](value))
    build(project, project.parent / "warm", today=TODAY)
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")
    assert counted["render"] > 0
    counted.update(load=0, render=0)
    build(project, project.parent / "warm", today=TODAY)  # made again, so trusted again
    assert counted == {"load": 0, "render": 0}


DAMAGED_FILES = {
    "cut in half": lambda data: data[: len(data) // 2],
    "emptied": lambda data: b"",
    "not a database": lambda data: b"these are not the bytes of an SQLite database\n" * 100,
    "a byte changed every 512": lambda data: bytes(b ^ 0xFF if n % 512 == 100 else b for n, b in enumerate(data)),
}


@pytest.mark.parametrize("damage", DAMAGED_FILES)
def test_a_damaged_cache_database_is_ignored_and_made_again(project, counted, damage):
    database = project / CACHE_DIR / DATABASE
    database.write_bytes(DAMAGED_FILES[damage](database.read_bytes()))
    build(project, project.parent / "warm", today=TODAY)
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")
    counted.update(load=0, render=0)
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")
    build(project, project.parent / "warm", today=TODAY)  # the other pages come from the cache made again
    assert counted == {"load": 1, "render": 1}


def test_a_cache_locked_by_another_process_is_waited_for_then_left_alone(project, monkeypatch):
    """A lock held too long (another build writing) costs this build its cache, never the cache itself."""
    monkeypatch.setattr(cache, "BUSY_SECONDS", 0.05)
    rows = cache_rows(project)
    with closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as other:
        other.execute("BEGIN EXCLUSIVE")  # readers and writers both wait
        edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")
        build(project, project.parent / "locked", today=TODAY)
        other.rollback()
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "locked") == site_tree(project.parent / "cold")
    assert {row[:2] for row in rows} <= {row[:2] for row in cache_rows(project)}  # nothing was deleted


def test_a_cache_that_cannot_be_written_gives_the_same_site(project):
    shutil.rmtree(project / CACHE_DIR)
    (project / CACHE_DIR).write_text("a file where the cache's folder should be")
    build(project, project.parent / "unwritable", today=TODAY)
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "unwritable") == site_tree(project.parent / "cold")


def test_a_new_generator_version_trusts_nothing_from_the_old(project, counted, monkeypatch):
    for module in (cache, unchanged):  # every key is made with it
        monkeypatch.setattr(module, "generator_version", lambda: "a newer generator")
    build(project, project.parent / "warm", today=TODAY)
    assert counted == {"load": 6, "render": 7}  # six pages, and 404.html


def test_no_cache_and_a_deleted_cache_give_the_same_site(project):
    shutil.rmtree(project / ".cache")
    build(project, project.parent / "fresh", today=TODAY, cache=False)
    assert not (project / ".cache").exists()  # --no-cache neither reads nor writes it
    build(project, project.parent / "deleted", today=TODAY)
    assert (project / ".cache").is_dir()
    build(project, project.parent / "warm", today=TODAY)
    assert site_tree(project.parent / "fresh") == site_tree(project.parent / "deleted") == site_tree(project.parent / "warm")


def test_no_cache_option_reaches_the_build(project, monkeypatch, capsys):
    monkeypatch.setattr(cli, "ROOT", project)
    shutil.rmtree(project / ".cache")
    assert cli.main(["build", "--no-cache"]) == 0
    assert not (project / ".cache").exists()
    assert cli.main(["build"]) == 0
    assert (project / ".cache").is_dir()


# --- Parallel loading and rendering -------------------------------------------

@pytest.fixture
def big_project(make_project):
    """A project with enough pages for the build to use every core."""
    pages = {f"content/topic/page-{n:03d}.md": page_text(f"Topic {n}", f"Words about topic {n}.\n\n## Part {n}\n\n- one\n- two\n\n"
                                                         f"See [the next one](page-{(n + 1) % 80:03d}.md).\n")
             for n in range(80)}
    return make_project(pages)


def test_parallel_and_serial_builds_are_byte_identical(big_project, counted, monkeypatch):
    assert parallel.worker_count() >= 2, "this machine has one processor, so nothing runs in parallel"
    build(big_project, big_project.parent / "parallel", today=TODAY)
    assert counted == {"load": 0, "render": 0}  # the workers did it all
    shutil.rmtree(big_project / ".cache")
    monkeypatch.setattr(parallel, "MIN_PAGES", 10_000)
    build(big_project, big_project.parent / "serial", today=TODAY)
    assert counted == {"load": 84, "render": 85}  # 84 pages and 404.html
    assert site_tree(big_project.parent / "parallel") == site_tree(big_project.parent / "serial")


def test_two_builds_at_once_share_the_cache_and_give_the_same_site(big_project):
    """Two processes (a build and the preview, or two builds) may write to .cache/ at the same moment."""
    shutil.rmtree(big_project / CACHE_DIR, ignore_errors=True)
    script = "import sys; from sitegen import cli; cli.ROOT = cli.Path(sys.argv[1]); sys.exit(cli.main(sys.argv[2:]))"
    builds = [subprocess.Popen([sys.executable, "-c", script, str(big_project), "build", "--out", str(big_project.parent / name)],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
              for name in ("first", "second")]
    for process in builds:
        said, _ = process.communicate(timeout=300)
        assert process.returncode == 0, said
    build(big_project, big_project.parent / "cold", cache=False)
    assert site_tree(big_project.parent / "first") == site_tree(big_project.parent / "second") == site_tree(big_project.parent / "cold")
    assert len(cache_rows(big_project, "html")) == 85  # 84 pages and 404.html, each filed once


def test_work_in_background_runs_in_another_process_and_gives_its_result():
    assert parallel.worker_count() >= 2, "this machine has one processor, so nothing runs in parallel"
    assert parallel.in_background(lambda: ("made by", os.getpid()))() != ("made by", os.getpid())
    assert parallel.in_background(lambda: list(range(100_000)))() == list(range(100_000))  # more than a pipe holds


def test_work_in_background_ends_its_process_before_its_result_is_asked_for():
    """The finder's index is asked for only after every page has loaded: its process must not wait, with all its memory, till then."""
    result = parallel.in_background(lambda: list(range(100_000)))  # more than a pipe holds
    deadline = time.monotonic() + 30
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert multiprocessing.active_children() == []
    assert result() == list(range(100_000))


def test_work_that_fails_in_background_is_done_again_here_and_a_bug_shows_here():
    parent = os.getpid()

    def fails_in_the_other_process():
        if os.getpid() != parent:
            os._exit(3)  # as if killed
        return "made here"

    assert parallel.in_background(fails_in_the_other_process)() == "made here"
    with pytest.raises(ZeroDivisionError):
        parallel.in_background(lambda: 1 / 0)()


@pytest.mark.parametrize("workers", [
    "parallel.in_background(lambda: time.sleep(5))",
    "(pool := parallel.worker_pool(2)).__enter__().map_async(time.sleep, [5, 5])",
], ids=["background process", "worker pool"])
def test_ctrl_c_stops_a_build_with_workers_and_no_worker_prints_a_traceback(workers):
    """A terminal sends Ctrl-C to every process of the build: the workers leave it to the build."""
    script = ("import os, signal, sys, time\n"
              "from sitegen import parallel\n"
              f"started = {workers}\n"
              "time.sleep(1)\n"
              "try:\n"
              "    os.killpg(0, signal.SIGINT)  # as Ctrl-C does\n"
              "    time.sleep(5)\n"
              "except KeyboardInterrupt:\n"
              "    time.sleep(1)  # as a build takes a moment to put things back\n"
              "    print('stopped', flush=True)\n"
              "    sys.exit(130)\n")
    run = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, timeout=60,
                         start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert (run.returncode, run.stdout) == (130, "stopped\n"), run.stderr
    assert run.stderr == ""


def test_a_cold_build_makes_the_finder_index_in_another_process_and_a_warm_one_not_at_all(project, monkeypatch, tmp_path):
    made_in = tmp_path / "made-in"
    real = incremental.render_finder_index

    def recording(root):
        with open(made_in, "a") as file:
            file.write(f"{os.getpid()}\n")
        return real(root)

    monkeypatch.setattr(incremental, "render_finder_index", recording)
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    build(project, project.parent / "cold", today=TODAY)
    made_by = [int(pid) for pid in made_in.read_text().split()]
    assert len(made_by) == 1 and made_by != [os.getpid()]  # made once, in another process
    made_in.unlink()
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and buses.")
    build(project, project.parent / "warm", today=TODAY)
    assert not made_in.exists()  # taken from .cache/: no process started for it
    build(project, project.parent / "uncached", today=TODAY, cache=False)
    assert made_in.read_text().split() not in ([], [str(os.getpid())])  # --no-cache: made again, beside the build
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "uncached")


def test_a_cold_build_reads_its_templates_before_it_waits_for_the_finder_index(project, monkeypatch):
    """Reading the templates is work the build can do while the finder's index is made beside it."""
    happened = []
    real_background, real_load_templates = incremental.in_background, incremental.Builder.load_templates

    def background(function):
        result = real_background(function)
        return lambda: happened.append("finder index waited for") or result()

    monkeypatch.setattr(incremental, "in_background", background)
    monkeypatch.setattr(incremental.Builder, "load_templates", lambda builder: happened.append("templates read") or real_load_templates(builder))
    shutil.rmtree(project / CACHE_DIR, ignore_errors=True)
    build(project, project.parent / "cold", today=TODAY)
    assert happened == ["templates read", "finder index waited for"]


def test_entries_unused_for_two_weeks_are_pruned_and_used_ones_kept(project):
    (old_kind, old_key, _), (kept_kind, kept_key, _) = cache_rows(project)[:2]
    with closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as database, database:
        database.execute("UPDATE entries SET used = used - ? WHERE kind = ? AND key = ?", (PRUNE_AFTER_DAYS + 1, old_kind, old_key))
    (project / CACHE_DIR / ".pruned").unlink(missing_ok=True)
    DiskCache(project).prune()
    left = {(kind, key) for kind, key, _ in cache_rows(project)}
    assert (old_kind, old_key) not in left and (kept_kind, kept_key) in left
    build(project, project.parent / "warm", today=TODAY)  # what was pruned is made again
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")


def test_an_entry_used_again_is_not_pruned(project):
    (kind, key, _), *_ = cache_rows(project)
    with closing(sqlite3.connect(project / CACHE_DIR / DATABASE)) as database, database:
        database.execute("UPDATE entries SET used = used - ? WHERE kind = ? AND key = ?", (PRUNE_AFTER_DAYS - 1, kind, key))
    store = DiskCache(project)
    assert store.get(kind, key) is not None
    store.close()
    (project / CACHE_DIR / ".pruned").unlink(missing_ok=True)
    DiskCache(project).prune()
    assert (kind, key) in {(k, key) for k, key, _ in cache_rows(project)}


# --- The search index, and a build that has nothing to make ---------------------

@pytest.fixture
def pagefind_runs(monkeypatch):
    """Count the times Pagefind itself is run (what reusing its bundle saves)."""
    runs = []
    real = search.run_pagefind
    monkeypatch.setattr(search, "run_pagefind", lambda *args: runs.append(args) or real(*args))
    return runs


def test_an_unchanged_build_reuses_the_search_index(project, pagefind_runs):
    build(project, project.parent / "warm", today=TODAY)
    assert pagefind_runs == []
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert len(pagefind_runs) == 1
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")


def test_a_changed_page_indexes_the_site_again(project, pagefind_runs):
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains and coaches.")
    build(project, project.parent / "warm", today=TODAY)
    assert len(pagefind_runs) == 1
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")
    assert b"coaches" in b"".join(site_tree(project.parent / "warm" / "travel").values())


def test_search_words_for_a_page_index_the_site_again(project, pagefind_runs):
    write(project, "data/search.yaml", "also_found_by:\n  travel/trains.md: [railway]\n")
    build(project, project.parent / "warm", today=TODAY)
    assert len(pagefind_runs) == 1  # an extra document, not a built page, changed
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")


def test_only_the_search_indexes_used_last_are_kept(project, pagefind_runs, monkeypatch):
    monkeypatch.setattr(search, "KEEP_BUNDLES", 2)
    kept = project / ".cache" / "pagefind"
    [first] = kept.iterdir()
    for word in ("coaches", "buses", "ferries"):
        edit(project, "content/travel/trains.md", "Trains are one way.", f"Trains are one way. So are {word}.")
        build(project, project.parent / word, today=TODAY)
        edit(project, "content/travel/trains.md", f"Trains are one way. So are {word}.", "Trains are one way.")
        build(project, project.parent / "first", today=TODAY)  # the first bundle used again each time
    assert len(pagefind_runs) == 3
    assert first in set(kept.iterdir()) and len(list(kept.iterdir())) == 2
    edit(project, "content/travel/trains.md", "Trains are one way.", "Trains are one way. So are ferries.")
    build(project, project.parent / "ferries again", today=TODAY)  # the last made: kept
    assert len(pagefind_runs) == 3
    edit(project, "content/travel/trains.md", "So are ferries.", "So are coaches.")
    build(project, project.parent / "coaches again", today=TODAY)  # dropped: made again, the same
    assert len(pagefind_runs) == 4
    assert site_tree(project.parent / "coaches again") == site_tree(project.parent / "coaches")


@pytest.mark.parametrize("damage", ["a byte changed", "cut short", "not a zip", "a path outside the bundle"])
def test_a_damaged_search_index_in_the_cache_is_not_trusted(project, pagefind_runs, damage):
    [entry] = (project / ".cache" / "pagefind").iterdir()
    kept = entry.read_bytes()
    if damage == "a byte changed":
        with zipfile.ZipFile(entry) as archive:
            start = archive.infolist()[0].header_offset
        name_length, extra_length = struct.unpack("<HH", kept[start + 26:start + 30])  # from its local header
        at = start + 30 + name_length + extra_length  # the first file's first byte
        entry.write_bytes(kept[:at] + bytes([kept[at] ^ 1]) + kept[at + 1:])
    elif damage == "cut short":
        entry.write_bytes(kept[: len(kept) // 2])
    elif damage == "not a zip":
        entry.write_text("{not a zip")
    else:
        with zipfile.ZipFile(entry, "a") as archive:
            archive.writestr("../../outside.js", "alert(1)")
    build(project, project.parent / "warm", today=TODAY)
    assert len(pagefind_runs) == 1
    assert not (project.parent / "outside.js").exists() and not (project.parent / "warm" / "outside.js").exists()
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")
    pagefind_runs.clear()
    build(project, project.parent / "warm", today=TODAY)  # kept again, so reused again
    assert pagefind_runs == []


def test_a_new_pagefind_version_indexes_the_site_again(project, pagefind_runs, monkeypatch):
    monkeypatch.setattr(search, "pagefind_version", lambda program: "9.9.9")
    build(project, project.parent / "warm", today=TODAY)
    assert len(pagefind_runs) == 1


def test_a_build_with_nothing_to_make_imports_neither_markdown_nor_jinja(project):
    script = ("import sys; from pathlib import Path; from sitegen import cli; cli.ROOT = Path(sys.argv[1]); "
              "code = cli.main(['build']); "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'markdown', 'jinja2', 'markupsafe', 'asyncio'})); "
              "sys.exit(code)")
    shutil.rmtree(project / ".cache")
    runs = [subprocess.run([sys.executable, "-c", script, str(project)], cwd=REPO, capture_output=True, text=True)
            for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr
    assert runs[0].stdout.strip() != "[]"  # the first build into site/ has pages to make
    assert runs[1].stdout.strip() == "[]"


def test_a_layout_id_change_gives_headings_new_ids_in_a_warm_build(project):
    write(project, "content/travel/trains.md", page_text("Trains", "## Timetable\n\nTrains are one way.\n"))
    build(project, project.parent / "warm", today=TODAY)
    assert b'id="timetable"' in (project.parent / "warm" / "travel/trains/index.html").read_bytes()
    edit(project, "templates/base.html", "<body", '<body id="timetable"')
    build(project, project.parent / "warm", today=TODAY)
    build(project, project.parent / "cold", today=TODAY, cache=False)
    assert site_tree(project.parent / "warm") == site_tree(project.parent / "cold")
    assert b'id="timetable-section"' in (project.parent / "warm" / "travel/trains/index.html").read_bytes()


def test_the_real_site_is_the_same_built_warm_and_cold(tmp_path):
    build(REPO, tmp_path / "cold", cache=False)
    build(REPO, tmp_path / "warm")  # fills .cache/ if it was empty
    build(REPO, tmp_path / "warm")  # takes everything from .cache/
    assert site_tree(tmp_path / "cold") == site_tree(tmp_path / "warm")


def test_a_new_preview_takes_what_an_earlier_one_made_from_the_cache(project, counted):
    from sitegen.serve import Preview

    Preview(project, "http://127.0.0.1:8000/", "").rebuild()
    counted.update(load=0, render=0)
    Preview(project, "http://127.0.0.1:8000/", "").rebuild()  # as after restarting `serve`
    assert counted == {"load": 0, "render": 0}


def test_a_preview_without_the_cache_neither_reads_nor_writes_it(project, counted):
    from sitegen.serve import Preview

    shutil.rmtree(project / ".cache")
    Preview(project, "http://127.0.0.1:8000/", "", cache=False).rebuild()
    assert not (project / ".cache").exists()
    assert counted["render"] > 0
