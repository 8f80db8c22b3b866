"""Load data/site.yaml and data/centres.yaml into typed records."""

from pathlib import Path

from . import schema
from .files import Unreadable, read_project_text
from .model import Centre, Contact, FooterLink, Programme, Site, Source
from .problems import ERROR, Problem
from .render import base_url_mistake
from .yamlfile import control_value_problems, parse_yaml


def read_yaml(path, root):
    """Read and parse a YAML file; return (data, problems)."""
    try:
        text = read_project_text(path, root)
    except Unreadable as error:
        return None, [error.problem]
    data, problems = parse_yaml(text, relative(path, root))
    problems += control_value_problems(data, relative(path, root))
    return (None if problems else data), problems


def relative(path, root):
    """Return `path` relative to the project folder, for messages."""
    try:
        return str(Path(path).relative_to(root))
    except ValueError:
        return str(path)


def load_site(root):
    """Load data/site.yaml; return (Site or None, problems)."""
    data, problems = read_yaml(root / "data" / "site.yaml", root)
    if data is None:
        return None, problems or [Problem(ERROR, "data/site.yaml", None, "this file is empty")]
    problems += schema.check_record(data, schema.SITE_FILE, "data/site.yaml")
    problems += base_url_problems(data)
    if problems and any(p.level == ERROR for p in problems):
        return None, problems
    return make_site(data), problems


def base_url_problems(data):
    """The base URL is where every page's address starts: no query or fragment, which would break them all."""
    message = base_url_mistake(data.get("base_url")) if isinstance(data, dict) and isinstance(data.get("base_url"), str) else None
    return [Problem(ERROR, "data/site.yaml", data.line_of("base_url"), f"'base_url' {message}")] if message else []


def make_site(data):
    """Build a Site from validated YAML."""
    links = tuple(FooterLink(link["title"], link["page"], link.line_of("page")) for link in data.get("footer_links") or ())
    return Site(
        site_name=data["site_name"], charity_name=data["charity_name"],
        charity_website=data["charity_website"], base_url=data.get("base_url"),
        contact=Contact(**data["contact"]), footer_links=links,
    )


def load_centres(root):
    """Load data/centres.yaml; return (centres, programmes, problems)."""
    rel = "data/centres.yaml"
    data, problems = read_yaml(root / rel, root)
    if data is None:
        return [], [], problems or [Problem(ERROR, rel, None, "this file is empty")]
    problems += schema.check_record(data, schema.CENTRES_FILE, rel)
    if any(p.level == ERROR for p in problems):
        return [], [], problems
    centres = [make_centre(item) for item in data["centres"]]
    programmes = [make_programme(item) for item in data["programmes"]]
    return centres, programmes, problems


def make_sources(items):
    """Build Source records from validated YAML."""
    return tuple(Source(item["title"], item.get("url")) for item in items or ())


def make_centre(item):
    """Build a Centre from a validated YAML mapping."""
    values = {k: v for k, v in item.items() if k not in ("offers", "sources", "unconfirmed", "latitude", "longitude")}
    return Centre(
        **values, offers=tuple(item["offers"]), sources=make_sources(item["sources"]),
        unconfirmed=tuple(item.get("unconfirmed") or ()), line=item.line,
        latitude=float(item["latitude"]), longitude=float(item["longitude"]),
    )


def make_programme(item):
    """Build a Programme from a validated YAML mapping."""
    return Programme(**item, line=item.line)
