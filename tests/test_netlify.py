"""Netlify (issue 12): previews built for their own address and kept out of search engines; never the live site."""

import os
import re
import shutil
import subprocess
import sys
import tomllib

import pytest

import gates
from conftest import REPO

PREVIEW = "https://deploy-preview-42--second-opinions.netlify.app"  # $DEPLOY_PRIME_URL has no final slash
PRODUCTION = "https://second-opinions.example.org/"


def netlify():
    """netlify.toml, parsed."""
    return tomllib.loads((REPO / "netlify.toml").read_text(encoding="utf-8"))


def command_for(context):
    """The command Netlify runs in a deploy context: the context's own, else [build]'s."""
    config = netlify()
    return config.get("context", {}).get(context, {}).get("command", config["build"]["command"])


@pytest.mark.parametrize("context", ["deploy-preview", "branch-deploy"])
def test_previews_build_for_their_own_address(context):
    steps = command_for(context).split(" && ")
    assert steps[:2] == ["pip install -r requirements.txt", 'python build.py --base-url "$DEPLOY_PRIME_URL/"']
    assert "$URL" not in command_for(context), "$URL is the production address"
    assert netlify()["build"]["publish"] == "site"


def test_production_is_never_built_or_published_by_netlify():
    production = netlify()["context"]["production"]
    assert production["ignore"] == "exit 0"  # Netlify skips a build when this exits 0
    refused = subprocess.run(["bash", "-c", production["command"]], capture_output=True, text=True, timeout=10)
    assert refused.returncode == 1
    assert "GitHub Actions publishes main after the tests pass" in refused.stdout


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    """Run the deploy-preview command, as Netlify would, on a copy of the project whose site.yaml
    names a production address; return its site/ folder."""
    root = tmp_path_factory.mktemp("netlify") / "project"
    for name in ("content", "data", "templates", "static", "sitegen"):
        shutil.copytree(REPO / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("build.py", "requirements.txt"):
        shutil.copy(REPO / name, root / name)
    site_yaml = root / "data" / "site.yaml"
    site_yaml.write_text(site_yaml.read_text(encoding="utf-8") + f"base_url: {PRODUCTION}\n", encoding="utf-8")
    tools = root.parent / "bin"
    tools.mkdir()
    (tools / "pip").write_text("#!/bin/sh\nexit 0\n")  # the requirements are installed already
    (tools / "python").write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    for tool in ("pip", "python"):
        (tools / tool).chmod(0o755)
    env = {**os.environ, "PATH": f"{tools}{os.pathsep}{os.environ['PATH']}", "DEPLOY_PRIME_URL": PREVIEW,
           "URL": PRODUCTION.rstrip("/"), "CONTEXT": "deploy-preview"}
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(["bash", "-c", command_for("deploy-preview")], cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return root / "site"


def test_a_preview_has_no_link_to_the_production_address(preview):
    texts = {p.relative_to(preview).as_posix(): p.read_text(encoding="utf-8") for p in preview.rglob("*")
             if p.suffix in (".html", ".xml", ".txt", ".json", "") and p.is_file()}
    assert [name for name, text in texts.items() if "second-opinions.example.org" in text] == []
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)"', texts["index.html"] + texts["travel-costs/index.html"])
    assert canonical == [f"{PREVIEW}/", f"{PREVIEW}/travel-costs/"]
    locations = re.findall(r"<loc>([^<]+)</loc>", texts["sitemap.xml"])
    assert locations and all(loc.startswith(f"{PREVIEW}/") for loc in locations)


def test_a_preview_asks_search_engines_not_to_index_it(preview):
    headers = gates.parse_headers((preview / "_headers").read_text(encoding="utf-8"))["/*"]
    assert headers["x-robots-tag"] == "noindex, nofollow"
    assert gates.headers_faults((preview / "_headers").read_text(encoding="utf-8")) == []  # the security headers stay
    assert (preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"
