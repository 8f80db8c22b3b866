#!/usr/bin/env python3
"""The floor: the least a Python site generator must do, on every core. `floor.py CONTENT OUT`.

Each page: read it, parse its YAML front matter (PyYAML's C loader when built with it),
convert its Markdown with the extensions our generator uses, fill one Jinja2 template,
write the file. No validation, no menu, no reading age, nothing kept between pages.
"""

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import jinja2
import markdown
import yaml

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEMPLATE = jinja2.Environment(autoescape=True).from_string(
    "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{{ title }}</title>"
    "<meta name=\"description\" content=\"{{ description }}\"></head>\n"
    "<body><main><h1>{{ title }}</h1>\n{{ body | safe }}</main></body></html>\n")
EXTENSIONS = ["toc", "tables", "attr_list", "admonition", "sane_lists"]


def build_pages(job):
    """Render a share of the pages; return how many."""
    content, out, paths = job
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    for relative in paths:
        text = (content / relative).read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = yaml.load(front, Loader=LOADER)
        html = converter.reset().convert(body)
        target = out / Path(relative).with_suffix("") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(TEMPLATE.render(title=meta["title"], description=meta["description"], body=html), encoding="utf-8")
    return len(paths)


def main(content, out):
    """Build every page under `content` into `out`, split across the machine's cores."""
    paths = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))
    workers = os.cpu_count() or 1
    jobs = [(content, out, paths[i::workers]) for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        done = sum(pool.map(build_pages, jobs))
    print(f"floor: {done} pages", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
