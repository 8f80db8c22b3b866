"""Typed records the loaders make once from YAML and front matter.

Each record class takes its attributes from a record in schema.py, one per field, so a field
defined there is on its record here too; only what is not an editor's field is written below."""

import dataclasses
import datetime

from . import schema

# The Python type each kind of field holds; every other kind is text.
KIND_TYPES = {"date": datetime.date, "integer": int, "number": float, "boolean": bool, "text_list": tuple, "records": tuple}
RECORD_CLASSES = {}  # schema Record → the class made from it, for nested records and the loaders


def fields_of(record, *extra):
    """Class decorator: make the class a frozen dataclass with an attribute for each of `record`'s
    fields (left out: the field's default, an empty list or None), then the `extra` attributes
    that are not editors' fields: (name, type) for a required one, (name, type, default) otherwise."""

    def make(cls):
        attributes = ([attribute(f) for f in record.fields if f.required] + [a for a in extra if len(a) == 2]
                      + [attribute(f) for f in record.fields if not f.required] + [a for a in extra if len(a) == 3])
        body = {k: v for k, v in vars(cls).items() if k not in ("__dict__", "__weakref__")}
        made = dataclasses.make_dataclass(cls.__name__, attributes, namespace=body, frozen=True)
        RECORD_CLASSES[record] = made
        return made

    return make


def attribute(field):
    """Return the dataclass attribute for one field: (name, type), plus its default when optional."""
    kind = RECORD_CLASSES[field.record] if field.kind == "record" else KIND_TYPES.get(field.kind, str)
    if field.required:
        return field.name, kind
    if field.kind == "record":
        return field.name, kind, dataclasses.field(default_factory=kind)
    empty = () if field.kind in ("text_list", "records") else None
    return field.name, kind, empty if field.default is None else field.default


LINE = ("line", int, 0)  # where the record starts in its YAML file, for messages


@fields_of(schema.SOURCE)
class Source:
    """Where a fact comes from."""


@fields_of(schema.ALK_EXPERIENCE)
class AlkExperience:
    """One sourced fact about a centre's experience of ALK-positive lung cancer."""


# How a card names each detail it says was, or was not, checked; in the card's order.
CENTRE_DETAILS = {
    "name": "name", "organisation": "trust or health board", "address": "address", "postcode": "postcode",
    "website": "website", "offers": "what it offers", "coordinates": "map position",
}


@fields_of(schema.CENTRE, LINE)
class Centre:
    """A specialist centre on Find a centre."""

    @property
    def checked_details(self):
        """The details a card may call checked: those it shows, less those still to confirm."""
        shown = [name for name in CENTRE_DETAILS if name != "website" or self.website]
        return tuple(CENTRE_DETAILS[name] for name in shown if name not in self.unconfirmed)


@fields_of(schema.PROGRAMME, LINE)
class Programme:
    """A way to get a second opinion, or help with its costs, and who can use it."""


@fields_of(schema.CONTACT)
class Contact:
    """How to contact the charity: only the routes that are true."""


@fields_of(schema.HELP_ROUTE)
class HelpRoute:
    """Somewhere else a reader can get help, with where we found it."""


@fields_of(schema.PRIVACY)
class Privacy:
    """Facts for the privacy notice that only the charity can give."""


@fields_of(schema.FOOTER_LINK, LINE)
class FooterLink:
    """A link in every page's footer."""


@fields_of(schema.SITE_FILE)
class Site:
    """Site-wide settings from data/site.yaml."""


@dataclasses.dataclass(frozen=True)
class Link:
    """A link written in a page's Markdown, worked out once when the page is loaded: the Markdown hook
    rewrites it from this record and validation only reads it."""

    href: str  # as written, for messages
    kind: str  # one of LINK_KINDS
    target: str | None  # 'scheme': the scheme in lower case; 'static': the file in static/; 'page': the page's file (None: outside content/)
    path: str  # the part before any '#'
    fragment: str  # the part after '#', or ''
    line: int = 0  # in the page's file
    text: str = ""  # the words readers click, as shown


# What a link can be: a link with a scheme (https:, mailto:…), something that looks like an email address or
# a web address without https://, a #part of this page, a /file in static/, another kind of file, or a .md page.
LINK_KINDS = ("scheme", "email", "www", "anchor", "static", "file", "page")


@fields_of(schema.FRONT_MATTER,
           ("source", str), ("url", str), ("body", str),
           ("reading_age", int | None, None), ("headings", frozenset, frozenset()), ("links", tuple, ()),
           ("images", tuple, ()), ("lines", dict, dataclasses.field(default_factory=dict, compare=False, hash=False)))
class Page:
    """A guidance page: its front matter, its source file and URL, and its rendered Markdown body."""

    @property
    def depth(self):
        """How many folders deep the page's URL is (0 for the home page)."""
        return self.url.count("/")
