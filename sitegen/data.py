"""Load data/site.yaml and data/centres.yaml into typed records."""

from pathlib import Path

from . import schema
from .model import AlkExperience, Centre, Contact, FooterLink, HelpRoute, Privacy, Programme, Site, Source
from .problems import ERROR, Problem
from .yamlfile import parse_yaml


def read_yaml(path, root):
    """Read and parse a YAML file; return (data, problems)."""
    rel = relative(path, root)
    if not path.is_file():
        return None, [Problem(ERROR, rel, None, "this file is missing", "restore it from the last published version")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [Problem(ERROR, rel, None, f"this file is not UTF-8 text ({error.reason})", "save it as UTF-8")]
    return parse_yaml(text, rel)


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
    if problems and any(p.level == ERROR for p in problems):
        return None, problems
    return make_site(data), problems


def make_site(data):
    """Build a Site from validated YAML."""
    links = tuple(FooterLink(link["title"], link["page"]) for link in data.get("footer_links") or ())
    return Site(
        site_name=data["site_name"], charity_name=data["charity_name"],
        charity_website=data["charity_website"], base_url=data.get("base_url"),
        contact=Contact(**data["contact"]), footer_links=links,
        charity_number=data.get("charity_number"), other_help=make_help_routes(data.get("other_help")),
        privacy=make_privacy(data.get("privacy") or {}),
    )


def make_help_routes(items):
    """Build HelpRoute records from validated YAML."""
    return tuple(HelpRoute(**{k: v for k, v in item.items() if k != "sources"}, sources=make_sources(item["sources"]))
                 for item in items or ())


def make_privacy(item):
    """Build the privacy notice's facts from validated YAML."""
    return Privacy(retention=item.get("retention"), ico_postal_address=item.get("ico_postal_address"),
                   unconfirmed=tuple(item.get("unconfirmed") or ()))


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
    values = {k: v for k, v in item.items() if k not in ("offers", "sources", "unconfirmed", "latitude", "longitude", "alk_experience")}
    return Centre(
        **values, offers=tuple(item["offers"]), sources=make_sources(item["sources"]),
        alk_experience=tuple(AlkExperience(e["text"], Source(e["source"]["title"], e["source"].get("url")))
                             for e in item.get("alk_experience") or ()),
        unconfirmed=tuple(item.get("unconfirmed") or ()), line=item.line,
        latitude=float(item["latitude"]), longitude=float(item["longitude"]),
    )


def make_programme(item):
    """Build a Programme from a validated YAML mapping."""
    return Programme(**item, line=item.line)
