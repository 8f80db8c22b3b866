"""The preview's builder redoes only what a change affects, and gives what a full build gives, byte for byte."""

import datetime
import shutil

import pytest

from sitegen.incremental import Builder, site_files
from sitegen.output import STAMP
from sitegen.pipeline import build, gather

from conftest import CENTRE, PROGRAMME, REPO, SITE_YAML, page_text

BASE_URL = "http://127.0.0.1:8000/"
TODAY = datetime.date(2026, 11, 24)


def edit(root, name, old, new):
    """Replace `old` (which must be there) with `new` in a project file."""
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(root, name, text):
    """Write a project file, making its folder if need be."""
    (root / name).parent.mkdir(parents=True, exist_ok=True)
    (root / name).write_text(text, encoding="utf-8")


def nudge_first_place(path):
    """Move the first place in a place table by a ten-thousandth of a degree of longitude."""
    header, first, rest = path.read_text(encoding="utf-8").split("\n", 2)
    cells, column = first.split(","), header.split(",").index("lon")
    cells[column] = f"{float(cells[column]) + 0.0001:.4f}"
    path.write_text("\n".join([header, ",".join(cells), rest]), encoding="utf-8")


def assert_same_as_full_build(builder, root):
    """Rebuild incrementally and check outputs and problems equal a full build's."""
    result = builder.build()
    full = gather(root, BASE_URL, TODAY)
    assert sorted(result.outputs) == sorted(full.outputs)
    different = [path for path in full.outputs if result.outputs[path] != full.outputs[path]]
    assert different == [], f"differs from a full build: {different}"
    assert result.problems == full.problems
    assert result.reading_ages == full.reading_ages
    assert (result.pages, result.centres, result.programmes) == (full.pages, full.centres, full.programmes)
    return result


@pytest.fixture
def project(make_project):
    """A small project with menu pages, pages nested two deep, and a builder that has built it once."""
    root = make_project({
        "content/index.md": page_text("Home", "Welcome.\n\n## Who can claim\n\nAnyone.\n", template="home", order=1),
        "content/find-a-centre.md": page_text("Find a centre", template="centres", order=2),
        "content/travel.md": page_text("Travel costs", "You may get help with travel.\n", order=3),
        "content/travel/trains.md": page_text("Trains", "Trains are one way.\n"),
        "content/travel/trains/tickets.md": page_text("Tickets", "Buy them early.\n"),
    })
    builder = Builder(root, BASE_URL, TODAY)
    assert not [p for p in builder.build().problems if p.level == "error"]  # compared with a full build below
    return root, builder


def test_the_first_build_gives_what_a_full_build_gives(project):
    root, _ = project
    assert_same_as_full_build(Builder(root, BASE_URL, TODAY), root)


ALL = "every page and 404.html"
PAGES = "every page, not 404.html"
# (name, change, how many outputs made from templates are rendered again)
CHANGES = [
    ("page body", lambda r: edit(r, "content/travel/trains.md", "Trains are one way.", "Trains and buses."), 1),
    ("menu page title", lambda r: edit(r, "content/travel.md", "title: Travel costs", "title: Help with travel"), ALL),
    ("title of a page above another", lambda r: edit(r, "content/travel.md", "title: Travel costs", "title: Travel"), ALL),
    ("title of a page off the menu, above another", lambda r: edit(r, "content/travel/trains.md", "title: Trains", "title: Rail"), 2),
    ("menu order", lambda r: edit(r, "content/travel.md", "order: 3", "order: 4"), ALL),
    ("new page", lambda r: write(r, "content/buses.md", page_text("Buses", "Buses are slow.\n")), ALL),
    ("deleted page", lambda r: (r / "content/travel/trains.md").unlink(), ALL),
    ("page made a draft", lambda r: edit(r, "content/travel/trains.md", "title: Trains", "draft: true\ntitle: Trains"), ALL),
    ("review date", lambda r: edit(r, "content/travel/trains/tickets.md", "last_reviewed: 2026-11-01", "last_reviewed: 2026-11-02"), 1),
    ("centre", lambda r: edit(r, "data/centres.yaml", "name: Leeds Cancer Centre", "name: Leeds Centre"), 1),
    ("programme", lambda r: edit(r, "data/centres.yaml", "cost: Free", "cost: Nothing"), 1),
    ("site settings", lambda r: edit(r, "data/site.yaml", "charity_name: Test Charity", "charity_name: A Charity"), ALL),
    ("footer link", lambda r: edit(r, "data/site.yaml", "- title: Privacy", "- title: Your privacy"), ALL),
    ("template", lambda r: edit(r, "templates/base.html", "No cookies.", "No cookies at all."), ALL),
    ("an id the layout gives an element", lambda r: edit(r, "templates/base.html", "No cookies.",
                                                         '<span id="who-can-claim">No cookies.</span>'), ALL),  # a heading's id on the home page
    ("component", lambda r: edit(r, "templates/components/centre-card.html", "What it offers", "What is offered"), 1),  # only Find a centre shows centres
    ("page template", lambda r: edit(r, "templates/page.html", "{% block before_body %}", "{% block before_body %}\n"), PAGES),  # every page's template extends page.html; 404.html does not
    ("static file", lambda r: edit(r, "static/css/main.css", ":root {", ":root {\n  --app-test: 1px;"), ALL),
    ("new static file", lambda r: write(r, "static/images/map.txt", "a map"), ALL),
    ("place table", lambda r: nudge_first_place(r / "data/finder/postcode-districts.csv"), ALL),  # its hash is an asset
    ("nothing", lambda r: None, 0),
]


@pytest.mark.parametrize("name, change, rendered", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_change_gives_what_a_full_build_gives(project, name, change, rendered):
    root, builder = project
    change(root)
    result = assert_same_as_full_build(builder, root)
    assert builder.rendered == {ALL: result.pages + 1, PAGES: result.pages}.get(rendered, rendered)


BREAKS = [
    ("data/centres.yaml", "    postcode: LS9 7TF", "    postcode: LS9 7TF\n   oops: [", "data/centres.yaml"),
    ("data/centres.yaml", "nation: England", "nation: Englund", "data/centres.yaml"),
    ("data/site.yaml", "site_name: Second opinions", "site_name:", "data/site.yaml"),
    ("content/travel.md", "title: Travel costs", "titel: Travel costs", "content/travel.md"),
    ("content/travel.md", "You may get help", "[Trains](trian.md) You may get help", "content/travel.md"),
    ("templates/page.html", "{% block content %}", "{% block content %}{{ page.nope }}", "templates/page.html"),
    ("templates/base.html", "</body>", "{% if %}</body>", "templates/base.html"),
    ("templates/centres.html", '{% extends "page.html" %}', '{% extends "missing.html" %}', "templates/missing.html"),
]


@pytest.mark.parametrize("name, old, new, where", BREAKS, ids=[f"{b[0]}: {b[2][:20]}" for b in BREAKS])
def test_a_mistake_and_its_fix_give_what_a_full_build_gives(project, name, old, new, where):
    root, builder = project
    edit(root, name, old, new)
    broken = assert_same_as_full_build(builder, root)
    assert any(p.level == "error" and p.path == where for p in broken.problems)
    edit(root, name, new, old)
    fixed = assert_same_as_full_build(builder, root)
    assert not [p for p in fixed.problems if p.level == "error"]


def test_several_changes_at_once(project):
    root, builder = project
    edit(root, "content/travel/trains.md", "Trains are one way.", "Trains, buses and taxis.")
    edit(root, "data/centres.yaml", "town: Leeds", "town: Leeds city")
    write(root, "content/taxis.md", page_text("Taxis", "Taxis cost more.\n", order=5))
    assert_same_as_full_build(builder, root)
    (root / "content/taxis.md").unlink()
    edit(root, "templates/page.html", "{% block before_body %}", "{% block before_body %}<!-- x -->")
    assert_same_as_full_build(builder, root)


# Each step changes something a page's problems depend on without changing that page, content/travel.md.
LINKED_CHANGES = [
    ("the heading it links to is added", lambda r: edit(r, "content/travel/trains/tickets.md", "Buy them early.",
                                                         "## When to buy\n\nBuy them early.")),
    ("the heading is renamed", lambda r: edit(r, "content/travel/trains/tickets.md", "## When to buy", "## Buying")),
    ("the page it links to becomes a draft", lambda r: edit(r, "content/travel/trains/tickets.md", "title: Tickets",
                                                             "draft: true\ntitle: Tickets")),
    ("the page it links to is deleted", lambda r: (r / "content/travel/trains/tickets.md").unlink()),
    ("a page named like it appears (did you mean …?)", lambda r: write(r, "content/travel/trains/tickets-2027.md", page_text("Tickets"))),
    ("the picture it shows is added", lambda r: write(r, "static/images/map.png", "\x89PNG\r\n\x1a\n")),
]


def test_a_pages_problems_follow_what_it_links_to_and_shows(project):
    root, builder = project
    edit(root, "content/travel.md", "You may get help with travel.",
         "See [when to buy](travel/trains/tickets.md#when-to-buy).\n\n![A map of the routes](/images/map.png)")
    found = [assert_same_as_full_build(builder, root).problems]
    for name, change in LINKED_CHANGES:
        change(root)
        found.append(assert_same_as_full_build(builder, root).problems)
    about_travel = [sorted((p.message, p.hint) for p in problems if p.path == "content/travel.md") for problems in found]
    assert all(before != after for before, after in zip(about_travel, about_travel[1:])), about_travel


def test_a_new_context_name_in_a_template_renders_its_pages_every_time(project):
    """A page whose templates read something the builder cannot track is never reused."""
    root, builder = project
    edit(root, "templates/page.html", "{% block content %}", "{% block content %}{% if unknown_name is defined %}x{% endif %}")
    result = assert_same_as_full_build(builder, root)
    assert builder.rendered == result.pages  # 404.html does not use page.html


def test_each_template_is_taken_to_read_every_name_jinja_finds_it_reading():
    """The cheap reading of a template's names leaves out none of those Jinja's compiler finds."""
    from jinja2 import meta

    from sitegen.incremental import analyse_templates
    from sitegen.render import make_env

    env = make_env(REPO / "templates")
    _, names, _ = analyse_templates(env)
    for template in env.list_templates():
        undeclared = meta.find_undeclared_variables(env.parse(env.loader.get_source(env, template)[0]))
        assert undeclared <= names[template], template


def test_templates_read_to_find_what_pages_depend_on_are_compiled_without_parsing_them_again(monkeypatch):
    import jinja2

    from sitegen.incremental import analyse_templates
    from sitegen.render import make_env

    parsed = []
    real_parse = jinja2.parser.Parser.parse
    monkeypatch.setattr(jinja2.parser.Parser, "parse", lambda parser: parsed.append(parser.name) or real_parse(parser))
    env = make_env(REPO / "templates")
    analyse_templates(env)
    names = env.list_templates()
    assert sorted(parsed) == names
    for name in names:
        source, filename, _ = env.loader.get_source(env, name)
        code = env.compile(source, name, filename, raw=True)  # from the tree the analysis made
        assert code == make_env(REPO / "templates").compile(source, name, filename, raw=True), name
    assert sorted(parsed) == sorted(names * 2)  # once for the analysis, once for the fresh environments, no more
    assert env.parsed == {}  # nothing kept once compiled


def test_a_loop_variable_named_like_site_data_still_gives_what_a_full_build_gives(project):
    root, builder = project
    edit(root, "templates/page.html", "{% block content %}", "{% block content %}{% for centres in [1] %}{{ centres }}{% endfor %}")
    assert_same_as_full_build(builder, root)
    edit(root, "data/centres.yaml", "name: Leeds Cancer Centre", "name: Leeds Centre")
    assert_same_as_full_build(builder, root)


def test_the_site_files_are_those_a_full_build_writes(project, tmp_path):
    root, builder = project
    out = tmp_path / "site"
    build(root, out, base_url=BASE_URL, today=TODAY)
    written = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert written.pop(STAMP)  # marks the folder as the generator's; the preview has no folder to mark
    assert (out / "pagefind" / "pagefind.js").is_file()
    # The preview has no search index (it says so); everything else is the same (issue 14).
    written = {path: data for path, data in written.items() if not path.startswith("pagefind/")}
    assert site_files(builder.build().outputs, root / "static") == written


def test_the_real_site_after_each_kind_of_change(tmp_path):
    """The real content, data and templates: a page, a centre, a template and a static file."""
    root = tmp_path / "real"
    for folder in ("content", "data", "templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    builder = Builder(root, BASE_URL, TODAY)
    assert_same_as_full_build(builder, root)
    page = sorted((root / "content").glob("*.md"))[-1]
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert_same_as_full_build(builder, root)
    edit(root, "data/centres.yaml", '    town: "', '    town: "Greater ')
    assert_same_as_full_build(builder, root)
    edit(root, "templates/base.html", "</footer>", "</footer>\n")
    assert_same_as_full_build(builder, root)
    edit(root, "static/css/main.css", ":root {", ":root {\n  --app-test: 1px;")
    assert_same_as_full_build(builder, root)


def test_default_project_matches(make_project):
    """The plain fixture project, including its centres and programme, straight after a first build."""
    root = make_project({"data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME}", "data/site.yaml": SITE_YAML})
    assert_same_as_full_build(Builder(root, BASE_URL, TODAY), root)


def test_the_preview_shows_drafts_with_a_banner_and_the_build_leaves_them_out(make_project):
    root = make_project({"content/later.md": page_text("Later", "Not ready yet.\n", draft="true")})
    preview = Builder(root, BASE_URL, TODAY, drafts=True).build().outputs
    assert "Draft: only the preview shows this page" in preview["later/index.html"].decode()
    assert "later/index.html" not in gather(root, BASE_URL, TODAY).outputs
    assert "Draft:" not in preview["index.html"].decode()
