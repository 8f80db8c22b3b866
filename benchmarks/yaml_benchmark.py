#!/usr/bin/env python3
"""Benchmark reading YAML: libyaml's C parser against PyYAML's pure-Python parser, side by side.

Times `parse_yaml` (bounds checks, line numbers and values as typed included) with each loader on
- the real site: every file in data/ and every page's front matter in content/;
- 1,000 generated front matters, written as build_benchmark.py writes them;
and the time to word one mistake in data/centres.yaml (as it is, and with its centres written 8 times
over), read by the pure-Python parser from the centre it is in (yamlfile.Restart) and from the start.
Each pair takes turns within each run; the tables give the median of the runs and the ratios.
It is a script, not a test: timings depend on the machine.

Run: .venv/bin/python benchmarks/yaml_benchmark.py [--runs 7] [--pages 1000]
"""

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(REPO), str(HERE)]

from build_benchmark import make_pages, our_front  # noqa: E402
from sitegen import yamlfile  # noqa: E402
from sitegen.yamlfile import FastLoader, PureLoader, parse_yaml  # noqa: E402

FRONT_MATTER = re.compile(r"\ufeff?---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(?:\r?\n|$)", re.S)


def real_texts():
    """Return [(text, first line)] for every data file and every page's front matter."""
    data = [(path.read_text(encoding="utf-8"), 1) for path in sorted(REPO.glob("data/**/*.yaml"))]
    pages = [(FRONT_MATTER.match(path.read_text(encoding="utf-8")).group(1), 2) for path in sorted(REPO.glob("content/*.md"))]
    return data + pages


def generated_texts(count):
    """Return [(text, first line)] for `count` generated front matters."""
    return [(FRONT_MATTER.match(our_front(front, number)).group(1), 2)
            for number, (_, front, _) in enumerate(make_pages(count, seed=13))]


def seconds_to_read(texts, loader):
    """Return the seconds `parse_yaml` takes to read every text with `loader`."""
    start = time.perf_counter()
    for text, first_line in texts:
        data, problems = parse_yaml(text, "benchmark.yaml", first_line, loader)
        assert data is not None and not problems, problems
    return time.perf_counter() - start


def medians(timers, runs):
    """Return the median seconds of each timer over `runs` runs, the timers taking turns."""
    times = [[] for _ in timers]
    for _ in range(runs):
        for timer, taken in zip(timers, times):
            taken.append(timer())
    return [statistics.median(taken) for taken in times]


def centres_with_a_mistake(copies):
    """data/centres.yaml with its centres written `copies` times, and one field's ':' lost in its last centre."""
    text = (REPO / "data/centres.yaml").read_text(encoding="utf-8")
    head, rest = text.split("\ncentres:\n", 1)
    centres, programmes = rest.split("\nprogrammes:\n", 1)
    last = centres.rindex("\n    name: ")
    slipped = centres[:last] + centres[last:].replace("name: ", "name ", 1)
    return f"{head}\ncentres:\n" + centres * (copies - 1) + f"{slipped}\nprogrammes:\n{programmes}"


def seconds_to_word(text, restart):
    """Return the seconds `parse_yaml` takes to find and word the mistake in `text`."""
    word_from_restart = yamlfile.mistake_after
    if not restart:
        yamlfile.mistake_after = lambda *args: None
    try:
        start = time.perf_counter()
        _, problems = parse_yaml(text, "data/centres.yaml", 1)
        assert problems, "the mistake was not found"
        return time.perf_counter() - start
    finally:
        yamlfile.mistake_after = word_from_restart


def main():
    """Time both loaders on both sets of YAML and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=1000)
    args = parser.parse_args()
    if FastLoader is PureLoader:
        sys.exit("PyYAML here is built without libyaml: there is no C parser to compare")
    sets = [("real site (data/ and front matter)", real_texts()), (f"{args.pages:,} generated front matters", generated_texts(args.pages))]
    print(f"Medians of {args.runs} runs\n\n| YAML read | texts | pure Python | libyaml (C) | pure ÷ C |\n|---|---:|---:|---:|---:|")
    for name, texts in sets:
        pure, fast = medians([lambda: seconds_to_read(texts, PureLoader),
                              lambda: seconds_to_read(texts, FastLoader)], args.runs)
        print(f"| {name} | {len(texts):,} | {pure * 1000:.1f} ms | {fast * 1000:.1f} ms | {pure / fast:.1f}× |")
    print("\n| A mistake in the last centre | lines | from its centre | from the start | start ÷ centre |\n|---|---:|---:|---:|---:|")
    for copies in (1, 8):
        text = centres_with_a_mistake(copies)
        restart, whole = medians([lambda: seconds_to_word(text, True),
                                  lambda: seconds_to_word(text, False)], args.runs)
        print(f"| data/centres.yaml, centres ×{copies} | {text.count(chr(10)):,} | {restart * 1000:.1f} ms | "
              f"{whole * 1000:.1f} ms | {whole / restart:.0f}× |")


if __name__ == "__main__":
    main()
