"""Typed records the loaders make once from YAML and front matter."""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Source:
    """Where a fact comes from."""

    title: str
    url: str | None = None


@dataclass(frozen=True)
class Centre:
    """A specialist centre on Find a centre."""

    id: str
    name: str
    organisation: str
    nation: str
    address: str
    town: str
    postcode: str
    latitude: float
    longitude: float
    offers: tuple
    last_checked: datetime.date
    sources: tuple
    website: str | None = None
    phone: str | None = None
    email: str | None = None
    unconfirmed: tuple = ()
    line: int = 0


@dataclass(frozen=True)
class Programme:
    """A second-opinion route open to anyone, wherever they live."""

    id: str
    name: str
    provider: str
    cost: str
    who_pays: str
    who_can_use: str
    how_to_apply: str
    page: str | None = None
    website: str | None = None
    line: int = 0


@dataclass(frozen=True)
class Contact:
    """How to contact the charity: only the routes that are true."""

    email: str | None = None
    phone: str | None = None
    website: str | None = None
    postal_address: str | None = None


@dataclass(frozen=True)
class FooterLink:
    """A link in every page's footer."""

    title: str
    page: str
    line: int | None = None


@dataclass(frozen=True)
class Site:
    """Site-wide settings from data/site.yaml."""

    site_name: str
    charity_name: str
    charity_website: str
    contact: Contact
    footer_links: tuple = ()
    base_url: str | None = None


@dataclass(frozen=True)
class Link:
    """A link written in a page's Markdown, with where it was written."""

    href: str
    line: int


@dataclass(frozen=True)
class Page:
    """A guidance page: its front matter and its rendered Markdown body."""

    source: str
    url: str
    title: str
    description: str
    body: str
    last_reviewed: datetime.date
    next_review: datetime.date
    review_cycle_months: int = 36
    order: int | None = None
    sources: tuple = ()
    template: str = "page"
    guidance: bool = True
    draft: bool = False
    reading_age: int | None = None
    headings: frozenset = frozenset()
    links: tuple = ()
    images: tuple = ()
    lines: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def depth(self):
        """How many folders deep the page's URL is (0 for the home page)."""
        return self.url.count("/")
