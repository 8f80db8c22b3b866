"""The command line as an editor meets it: exact messages, exit codes, an untouched site/."""

import pytest

from sitegen import cli

from conftest import CENTRE, PROGRAMME, SITE_YAML, default_files, page_text

CENTRES = f"centres:\n{CENTRE}programmes:\n{PROGRAMME}"


def centres_with(old, new):
    """data/centres.yaml with one piece of text changed."""
    assert old in CENTRES
    return {"data/centres.yaml": CENTRES.replace(old, new, 1)}


def snapshot(folder):
    """Every file under a folder with its bytes."""
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(capsys, *argv):
    """Run the CLI; return (exit code, stderr)."""
    code = cli.main(list(argv))
    return code, capsys.readouterr().err


MISTAKES = [
    ("yaml-colon", centres_with("address: Beckett Street, Leeds", "address: Beckett Street: Leeds"),
     "data/centres.yaml:6:", "mapping values are not allowed"),
    ("yaml-tab", centres_with("    town: Leeds", "\ttown: Leeds"), "data/centres.yaml:7:", "indent with spaces, not tabs"),
    ("yaml-unclosed-quote", centres_with("town: Leeds", 'town: "Leeds'), "data/centres.yaml:7:", "never closed"),
    ("duplicate-key", centres_with("    town: Leeds\n", "    town: Leeds\n    town: York\n"), "data/centres.yaml:8:",
     "'town' appears twice"),
    ("missing-field", centres_with("    postcode: LS9 7TF\n", ""), "data/centres.yaml:2:", "'postcode' is missing"),
    ("misspelt-field", centres_with("postcode:", "postcod:"), "data/centres.yaml:8:", "did you mean 'postcode'?"),
    ("bad-postcode", centres_with("LS9 7TF", "LS9 7T"), "data/centres.yaml:8:", "should be a full UK postcode"),
    ("lower-case-postcode", centres_with("LS9 7TF", "ls9 7tf"), "data/centres.yaml:8:", "in capitals with one space"),
    ("bad-phone", centres_with("    offers:", "    phone: 0113 49\n    offers:"), "data/centres.yaml:12:",
     "'phone' should be a UK phone number, like 0113 496 0000, got '0113 49'"),
    ("bad-email", centres_with("    offers:", "    email: help.example.org\n    offers:"), "data/centres.yaml:12:",
     "'email' should be an email address"),
    ("latitude-outside-uk", centres_with("53.80806", "48.1"), "data/centres.yaml:9:", "between 49.8 and 60.9"),
    ("latitude-as-text", centres_with("53.80806", "north"), "data/centres.yaml:9:", "'latitude' should be a number"),
    ("nation-typo", centres_with("nation: England", "nation: Englnd"), "data/centres.yaml:5:",
     "one of England, Scotland, Wales, Northern Ireland"),
    ("date-format", centres_with("last_checked: 2026-11-01", "last_checked: 01/11/2026"), "data/centres.yaml:14:",
     "a date written YYYY-MM-DD"),
    ("impossible-date", centres_with("last_checked: 2026-11-01", "last_checked: 2026-02-30"), "data/centres.yaml:14:",
     "got '2026-02-30'\n    hint: 2026-02-30 is not a real day"),
    ("offers-as-text", centres_with("    offers:\n      - Regional cancer centre\n", "    offers: Regional cancer centre\n"),
     "data/centres.yaml:12:", "'offers' should be a list of text"),
    ("offers-item-empty", centres_with("      - Regional cancer centre\n", "      - Regional cancer centre\n      - \"\"\n"),
     "data/centres.yaml:12:", "'offers' item 2 is empty\n    hint: write the text after its '- ', or delete that line"),
    ("offers-item-blank", centres_with("      - Regional cancer centre\n", "      -\n      - Regional cancer centre\n"),
     "data/centres.yaml:12:", "'offers' item 1 is empty"),
    ("offers-item-fields", centres_with("      - Regional cancer centre\n", "      - Regional cancer centre\n      - kind: lung\n"),
     "data/centres.yaml:12:", "'offers' item 2 should be some text, got a group of fields"),
    ("unconfirmed-unknown-field", centres_with("    sources:", "    unconfirmed: [postcod]\n    sources:"),
     "data/centres.yaml:15:", "did you mean 'postcode'?"),
    ("source-without-title", centres_with("      - title: Leeds Teaching Hospitals\n        url:", "      - url:"),
     "data/centres.yaml:16:", "source 1: 'title' is missing"),
    ("python-tag", centres_with("town: Leeds", "town: !!python/object:os.system x"), "data/centres.yaml:7:",
     "the value of 'town' starts with '!', which YAML reads as one of its own marks"),
    ("website-without-https", centres_with("website: https://www.leedsth.nhs.uk", "website: www.leedsth.nhs.uk"),
     "data/centres.yaml:11:", "a web address starting https://"),
    ("duplicate-id", {"data/centres.yaml": f"centres:\n{CENTRE}{CENTRE}programmes:\n{PROGRAMME}"},
     "data/centres.yaml:18:", "centre id 'leeds' is used twice (first at line 2)"),
    ("copied-centre", {"data/centres.yaml": f"centres:\n{CENTRE}{CENTRE.replace('id: leeds', 'id: leeds-2')}programmes:\n{PROGRAMME}"},
     "data/centres.yaml:18:", "centre 'leeds-2' has the same name as 'leeds' (line 2): \"Leeds Cancer Centre\""),
    ("copied-programme", {"data/centres.yaml": f"centres:\n{CENTRE}programmes:\n{PROGRAMME}{PROGRAMME.replace('id: nhs', 'id: nhs-2')}"},
     "data/centres.yaml:", "programme 'nhs-2' has the same name as 'nhs'"),
    ("centres-not-a-list", {"data/centres.yaml": f"centres: none\nprogrammes:\n{PROGRAMME}"}, "data/centres.yaml:1:",
     "'centres' should be a list"),
    ("empty-data-file", {"data/centres.yaml": ""}, "data/centres.yaml:", "this file is empty"),
    ("missing-data-file", {"data/centres.yaml": None}, "data/centres.yaml:", "this file is missing"),
    ("bt-postcode-wrong-nation", centres_with("LS9 7TF", "BT9 7AB"), "data/centres.yaml:2:", "does not match nation England"),
    ("programme-page-missing", {"data/centres.yaml": CENTRES.replace("page: index.md", "page: nhs.md")},
     "data/centres.yaml:", "'nhs.md' is not a page in content/"),
    ("site-missing-field", {"data/site.yaml": SITE_YAML.replace("charity_name: Test Charity\n", "")},
     "data/site.yaml:1:", "'charity_name' is missing"),
    ("footer-link-missing-page", {"data/site.yaml": SITE_YAML.replace("page: privacy.md", "page: privcy.md")},
     "data/site.yaml:", "did you mean 'privacy.md'?"),
    ("no-front-matter", {"content/extra.md": "Just words.\n"}, "content/extra.md:1:", "the page has no front matter"),
    ("front-matter-not-closed", {"content/extra.md": "---\ntitle: x\n\nWords.\n"}, "content/extra.md:1:",
     "the front matter that starts here never ends"),
    ("front-matter-yaml", {"content/extra.md": "---\ntitle: Costs: what\ndescription: d\n---\n"}, "content/extra.md:2:",
     "not valid YAML"),
    ("missing-title", {"content/extra.md": page_text("X").replace("title: X\n", "")}, "content/extra.md:2:",
     "'title' is missing"),
    ("unknown-front-matter", {"content/extra.md": page_text("X", tittle="Y")}, "content/extra.md:",
     "unknown field 'tittle'"),
    ("missing-page-link", {"content/extra.md": page_text("X", "Read [costs](costs.md).\n")}, "content/extra.md:11:",
     "the link 'costs.md' points to a page that does not exist"),
    ("missing-heading-link", {"content/extra.md": page_text("X", "See [who](index.md#who-can-clam).\n")},
     "content/extra.md:11:", "did you mean 'who-can-claim'?"),
    ("email-without-mailto", {"content/extra.md": page_text("X", "Email [us](help@example.org).\n")},
     "content/extra.md:11:", "did you mean 'mailto:help@example.org'?"),
    ("javascript-link", {"content/extra.md": page_text("X", "[Click](javascript:alert(1)).\n")},
     "content/extra.md:11:", "links starting 'javascript:' are not allowed"),
    ("image-without-alt", {"content/extra.md": page_text("X", "![](/favicon.svg)\n")}, "content/extra.md:11:",
     "has no alt text"),
    ("raw-html", {"content/extra.md": page_text("X", "Hi.\n\n<script>alert(1)</script>\n")}, "content/extra.md:13:",
     "HTML is not allowed in pages"),
    ("second-h1", {"content/extra.md": page_text("X", "# Another title\n")}, "content/extra.md:11:",
     "the page has a second main heading"),
    ("review-gap-too-long", {"content/extra.md": page_text("X", next_review="2030-11-01")}, "content/extra.md:5:",
     "at most 36 months after 'last_reviewed', got 48"),
    ("review-before-reviewed", {"content/extra.md": page_text("X", next_review="2025-01-01")}, "content/extra.md:5:",
     "'next_review' should be after 'last_reviewed'"),
    ("unknown-template", {"content/extra.md": page_text("X", template="fancy")}, "content/extra.md:",
     "'template' should be one of page, home, centres, contact"),
    ("two-pages-one-url", {"content/privacy/index.md": page_text("Privacy 2")}, "content/privacy.md:1:",
     "another page also becomes /privacy/"),
    ("not-utf8", {"content/extra.md": None}, "content/extra.md:", "this file is not UTF-8 text"),
    ("template-syntax", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}{{ page.title }\n{% endblock %}\n"},
     "templates/page.html:2:", "template syntax"),
    ("template-type-error", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ page.title + 1 }}\n{% endblock %}\n"},
     "templates/page.html:3:", "template error: can only concatenate str"),
    ("template-missing-component", {"templates/page.html": "{% extends 'base.html' %}\n{% from 'components/nope.html' import nope %}\n"},
     "templates/components/nope.html", "this template does not exist"),
    ("template-undefined", {"templates/page.html": "{% extends 'base.html' %}\n{% block content %}\n{{ page.titel }}\n{% endblock %}\n"},
     "templates/page.html:3:", "has no attribute 'titel'"),
]


@pytest.mark.parametrize("files, where, message", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_editor_mistake_is_reported_and_site_is_untouched(project, capsys, files, where, message):
    before = snapshot(project / "site")
    for name, text in files.items():
        path = project / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if text is None and name.endswith(".md"):
            path.write_bytes(b"---\ntitle: caf\xe9\n---\n")
        elif text is None:
            path.unlink()
        else:
            path.write_text(text, encoding="utf-8")
    code, err = run(capsys, "build")
    assert code == 1
    assert where in err and message in err, err
    assert "Traceback" not in err
    assert "site/ was left as it was" in err
    assert snapshot(project / "site") == before


def test_ctrl_c_stops_a_build_with_a_word_and_leaves_the_site_as_it_was(project, capsys, monkeypatch):
    before = snapshot(project / "site")
    (project / "content/extra.md").write_text(page_text("Extra", "Words.\n"))
    beside = sorted(path.name for path in project.iterdir())

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("sitegen.gathering.validate", interrupted)
    code, err = run(capsys, "build")
    assert (code, err.strip()) == (130, "Stopped: site/ was left as it was.")
    assert snapshot(project / "site") == before
    assert sorted(path.name for path in project.iterdir()) == beside  # no half-made folder left behind


def test_every_problem_is_reported_in_one_run(project, capsys):
    (project / "data/centres.yaml").write_text(CENTRES.replace("LS9 7TF", "LS9").replace("England", "Englnd"))
    (project / "content/extra.md").write_text(page_text("X", "[a](nowhere.md)\n"))
    code, err = run(capsys, "build")
    assert code == 1
    assert "Errors (3)" in err
    assert "'postcode' should be" in err and "'nation' should be" in err and "nowhere.md" in err


def test_warnings_pass_unless_strict(project, capsys):
    (project / "content/extra.md").write_text(page_text("X", "See [old](http://www.example.org).\n"))
    code, err = run(capsys, "build")
    assert code == 0
    assert "content/extra.md:11: the link 'http://www.example.org' uses http://" in err
    code, err = run(capsys, "build", "--strict")
    assert code == 1
    assert "Warnings (1) — fatal in strict mode" in err
    assert "stopped with 0 errors and 1 warning in strict mode; site/ was left as it was" in err


def test_successful_build_ends_with_one_summary_line(project, capsys):
    code, err = run(capsys, "build")
    assert code == 0
    last = err.strip().splitlines()[-1]
    assert last.startswith("Built 4 pages and 1 centre into site/ in ")
    assert "facts still to confirm" in last


def test_check_lists_facts_to_confirm_and_writes_nothing(project, capsys):
    (project / "data/centres.yaml").write_text(CENTRES.replace("    sources:", "    unconfirmed: [postcode]\n    sources:"))
    before = snapshot(project / "site")
    code, err = run(capsys, "check")
    assert code == 0
    assert 'data/centres.yaml:2: centre "Leeds Cancer Centre": confirm postcode' in err
    assert "data/site.yaml: the charity's phone is not set, so it is not shown" in err
    assert snapshot(project / "site") == before


@pytest.mark.parametrize("argv, message", [
    (["publish"], "invalid choice: 'publish'"),
    (["--base-url", "example.org"], "--base-url should be a full web address"),
    (["--out", "."], "would replace the project's own files"),
    (["new", "Title"], 'use: python build.py new page "Title of the page"'),
    (["build", "extra"], "unexpected words: extra"),
])
def test_wrong_usage_exits_2(project, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(project)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(argv)
    assert exit_info.value.code == 2
    assert message in capsys.readouterr().err


def test_a_bug_shows_no_traceback_without_verbose(project, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")
    monkeypatch.setattr(cli, "build", broken)
    code, err = run(capsys, "build")
    assert code == 1
    assert "Error: RuntimeError: boom" in err and "Traceback" not in err
    with pytest.raises(RuntimeError):
        cli.main(["build", "--verbose"])


def test_new_page_creates_a_draft_with_every_field(project, capsys):
    code = cli.main(["new", "page", "Help with parking"])
    assert code == 0
    assert capsys.readouterr().out.strip() == "content/help-with-parking.md"
    text = (project / "content/help-with-parking.md").read_text()
    for field in ("title:", "description:", "last_reviewed:", "next_review:", "sources:", "draft: true"):
        assert field in text
    assert cli.main(["check"]) == 0
    assert cli.main(["new", "page", "Help with parking"]) == 1


def test_default_files_build_cleanly(make_project, monkeypatch, capsys):
    monkeypatch.setattr(cli, "ROOT", make_project())
    assert cli.main(["check", "--strict"]) == 0
    assert set(default_files()) <= {str(p.relative_to(cli.ROOT)) for p in cli.ROOT.rglob("*") if p.is_file()}


def test_example_addresses_are_flagged_as_placeholders(project, capsys):
    (project / "content/extra.md").write_text(page_text(
        "X", "See [the guide](https://www.example.org/guide).\n",
        sources="\n  - title: A guide to copy\n    url: https://example.com/replace-this"))
    code, err = run(capsys, "check")
    assert code == 0
    assert "content/extra.md:11: 'https://www.example.org/guide' looks like an example address" in err
    assert "content/extra.md:6: the source 'A guide to copy' has an example address" in err


def test_files_left_by_editing_programs_are_ignored(project, capsys):
    for name in (".index.md.swp", "index.md~", "notes.txt"):
        (project / "content" / name).write_text("x")
    code, err = run(capsys, "check")
    assert code == 0
    assert "content/notes.txt: this file is not a page, so it is left out" in err
    assert ".swp" not in err and "index.md~" not in err


def test_messages_name_the_folder_built_into(project, capsys, tmp_path):
    code, err = run(capsys, "build", "--out", str(tmp_path / "elsewhere"))
    assert code == 0
    assert f"into {tmp_path / 'elsewhere'}/ in " in err
    (project / "content/extra.md").write_text("no front matter")
    code, err = run(capsys, "build", "--out", str(tmp_path / "elsewhere"))
    assert code == 1
    assert f"; {tmp_path / 'elsewhere'}/ was left as it was." in err
