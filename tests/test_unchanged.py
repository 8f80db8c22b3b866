"""A build with nothing changed leaves the site as it is and says what it said; any change builds again."""

import datetime
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from sitegen import cli, unchanged
from sitegen.files import INPUT_FOLDERS
from sitegen.pipeline import build

from test_cache import CHANGES, NESTED_PAGES, REPO, TODAY, cache_rows, set_entry, site_tree
from test_incremental import edit

AN_HOUR_AGO = time.time() - 3600


def age_inputs(root):
    """Date every input an hour back, as files are when they were not just edited."""
    for folder in INPUT_FOLDERS:
        for path in [root / folder, *(root / folder).rglob("*")]:
            os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO), follow_symlinks=False)


def built_afresh(root, out, **options):
    """Build; return whether the output folder was made again (a new folder takes the old one's place)."""
    before = os.stat(out).st_ino
    build(root, out, **{"today": TODAY, **options})
    return os.stat(out).st_ino != before


@pytest.fixture
def settled(make_project):
    """A project whose inputs were last changed an hour ago, built once into site/."""
    root = make_project(NESTED_PAGES)
    age_inputs(root)
    build(root, root / "site", today=TODAY)
    return root


def test_a_build_with_nothing_to_do_loads_no_yaml_markdown_or_jinja(settled):
    """What makes a warm build fast: it only looks at the files, so it imports none of what would read them."""
    script = ("import sys; from sitegen import cli; cli.ROOT = cli.Path(sys.argv[1]); code = cli.main(['build']); "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'yaml', 'markdown', 'jinja2'} "
              "| {'sitegen.quality', 'html.parser'} & set(sys.modules))); sys.exit(code)")
    runs = [subprocess.run([sys.executable, "-c", script, str(settled)], cwd=REPO, capture_output=True, text=True)
            for _ in range(2)]  # the first builds for today's date (the fixture's build was for another day)
    assert [run.returncode for run in runs] == [0, 0], runs[1].stderr
    assert not runs[0].stdout.strip().endswith("[]")  # it read the data files again, with PyYAML
    assert runs[1].stdout.strip().endswith("[]"), runs[1].stdout


def test_an_unchanged_build_leaves_the_site_as_it_is_and_gives_the_same_result(settled):
    site = settled / "site"
    before, folder = site_tree(site), os.stat(site).st_ino
    first = build(settled, settled.parent / "again", today=TODAY)
    result = build(settled, site, today=TODAY)
    assert os.stat(site).st_ino == folder and site_tree(site) == before
    assert (result.pages, result.centres, result.programmes) == (first.pages, first.centres, first.programmes)
    assert [str(p) for p in result.problems] == [str(p) for p in first.problems] and result.problems


@pytest.mark.parametrize("name, change", CHANGES, ids=[c[0] for c in CHANGES])
def test_any_change_to_an_input_builds_again(settled, name, change):
    change(settled)
    assert built_afresh(settled, settled / "site")
    build(settled, settled.parent / "cold", today=TODAY, cache=False)
    assert site_tree(settled / "site") == site_tree(settled.parent / "cold")


def test_an_edit_that_keeps_the_size_and_puts_the_time_back_is_still_seen(settled):
    path = settled / "content/travel.md"
    edit(settled, "content/travel.md", "help with travel", "help with trains")  # the same length
    os.utime(path, (AN_HOUR_AGO, AN_HOUR_AGO))  # as `cp -p` or an archive would leave it
    assert built_afresh(settled, settled / "site")
    assert "help with trains" in (settled / "site/travel/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["deleted", "edited", "added", "folder deleted"])
def test_a_changed_output_folder_is_built_again(settled, damage):
    site = settled / "site"
    expected = site_tree(site)
    if damage == "deleted":
        (site / "travel/index.html").unlink()
    elif damage == "edited":
        (site / "css/main.css").write_text("body {}", encoding="utf-8")
    elif damage == "added":
        (site / "left-behind.html").write_text("<p>old</p>", encoding="utf-8")
    else:
        shutil.rmtree(site / "travel")
    build(settled, site, today=TODAY)
    assert site_tree(site) == expected


def test_a_deleted_output_folder_is_built_again(settled):
    site = settled / "site"
    expected = site_tree(site)
    os.rename(site, settled.parent / "moved")
    build(settled, site, today=TODAY)
    assert site_tree(site) == expected


@pytest.mark.parametrize("options", [{"base_url": "https://example.org/guide/"}, {"strict": True},
                                     {"today": TODAY + datetime.timedelta(days=1)}, {"cache": False}],
                         ids=["base URL", "strict", "another day", "no cache"])
def test_other_options_or_another_day_build_again(settled, options):
    assert built_afresh(settled, settled / "site", **options)


def test_the_same_inputs_into_another_folder_build_again(settled):
    build(settled, settled.parent / "other", today=TODAY)
    assert built_afresh(settled, settled / "site") is False  # each folder keeps its own record
    assert built_afresh(settled, settled.parent / "other") is False


def test_a_new_pagefind_builds_again(settled, monkeypatch, tmp_path):
    program = tmp_path / "pagefind"
    program.write_bytes(b"another version")
    monkeypatch.setattr(unchanged, "find_pagefind", lambda: str(program))
    assert built_afresh(settled, settled / "site")


def test_a_damaged_record_is_ignored(settled):
    records = cache_rows(settled, unchanged.KIND)
    assert records
    for kind, key, value in records:
        set_entry(settled, kind, key, value[:-1])
    assert built_afresh(settled, settled / "site")
    assert not built_afresh(settled, settled / "site")  # remembered again


def test_a_build_just_after_an_edit_is_not_remembered(settled):
    edit(settled, "content/travel.md", "help with travel", "help with trains")  # modified now
    assert built_afresh(settled, settled / "site")
    assert built_afresh(settled, settled / "site"), "the edit may have a twin in the same clock tick"
    age_inputs(settled)
    assert built_afresh(settled, settled / "site")
    assert not built_afresh(settled, settled / "site")


def test_a_symbolic_link_in_the_inputs_always_builds_again(settled):
    (settled / "static/images").mkdir(exist_ok=True)
    (settled / "static/images/icon.svg").symlink_to(settled / "static/favicon.svg")
    age_inputs(settled)
    assert built_afresh(settled, settled / "site")
    assert built_afresh(settled, settled / "site")


def test_the_command_line_says_the_same_when_nothing_changed(settled, monkeypatch, capsys):
    monkeypatch.setattr(cli, "ROOT", settled)
    assert cli.main(["build"]) == 0
    made = capsys.readouterr()
    site = os.stat(settled / "site").st_ino
    assert cli.main(["build"]) == 0
    again = capsys.readouterr()
    assert os.stat(settled / "site").st_ino == site

    def timeless(text):
        return [re.sub(r" in [0-9.]+s", "", line) for line in text.splitlines()]
    assert timeless(again.err) == timeless(made.err) and "Built 6 pages" in made.err
    assert again.out == made.out
