"""Checks across files: links, ids, review dates, reading level, reminders and facts to confirm."""

import datetime
import re
from collections import Counter

from . import finder, output, render, schema, search
from .phones import how_to_write, is_dialable
from .constants import NORTHERN_IRELAND, NORTHERN_IRELAND_POSTCODE_AREA
from .data import CENTRES_YAML, SITE_YAML
from .files import UNSEEN, character_named, visible
from .problems import CONFIRM, ERROR, REMINDER, WARNING, Problem, did_you_mean
from .quality import READING_AGE_TARGET

STALE_AFTER_DAYS = 365
GENERATED_FILES = render.GENERATED_FILES + (finder.INDEX_FOLDER, search.BUNDLE, search.EXTRA_FOLDER, output.STAMP)
EMAIL = schema.PATTERNS["email"].strip("^$")  # an email address, as a mailto: link must hold one
PLACEHOLDER = r"https?://(www\.)?example\.(org|com|net)(/|$)"


def validate(pages, centres, programmes, site, static_files, today, unpublished=None, check_page=None):
    """Return every problem found across the loaded pages and data.

    `unpublished` maps page files that are not among `pages` to 'draft' or 'broken'. The preview passes a
    `check_page` that reuses page_problems() of pages unchanged since its last build."""
    by_source = {page.source: page for page in pages}
    unpublished = unpublished or {}
    problems = check_required_pages(pages, unpublished)
    problems += check_unique_urls(pages) + check_url_clashes(pages, static_files) + check_static_clashes(static_files)
    for page in pages:
        problems += (check_page or page_problems)(page, by_source, static_files, unpublished, today)
    problems += check_unique_ids(centres, "centre") + check_unique_ids(programmes, "programme")
    problems += check_unique_names(centres, "centre") + check_unique_names(programmes, "programme")
    problems += [p for centre in centres for p in check_centre(centre, today)]
    problems += [p for programme in programmes
                 for p in check_page_ref(programme.page, programme.line, CENTRES_YAML, by_source, unpublished)]
    problems += check_centre_heading_ids(pages, centres)
    if site:
        problems += check_site(site, by_source, unpublished)
    return problems


def page_problems(page, by_source, static_files, unpublished, today):
    """Return the problems with one page: its links, pictures, review dates and quality."""
    return (check_links(page, by_source, static_files, unpublished) + check_images(page, static_files)
            + check_review_dates(page, today) + check_quality(page))


def content_path(page):
    """Return a page's path as editors see it."""
    return f"content/{page.source}"


def check_required_pages(pages, unpublished):
    """The site needs a home page, a Find a centre page and a Contact page. While a page has mistakes, what it
    is cannot be known: its own errors are reported, not the page it might be."""
    problems, broken = [], {source for source, why in unpublished.items() if why == "broken"}
    if not any(page.url == "" for page in pages) and "index.md" not in broken:
        problems.append(Problem(ERROR, "content/index.md", None, "there is no home page", "create content/index.md"))
    for template, name in (("centres", "Find a centre"), ("contact", "Contact us")):
        if not any(page.template == template for page in pages) and not broken:
            problems.append(Problem(ERROR, "content", None, f"no page uses 'template: {template}', so the site has no {name} page",
                                    f"add 'template: {template}' to the front matter of the {name} page"))
    return problems


def check_unique_urls(pages):
    """Two pages must not claim one URL (e.g. foo.md and foo/index.md)."""
    counts = Counter(page.url for page in pages)
    return [Problem(ERROR, content_path(page), 1, f"another page also becomes /{page.url}",
                    "rename or delete one of: " + ", ".join(content_path(p) for p in pages if p.url == page.url))
            for page in pages if counts[page.url] > 1]


def check_url_clashes(pages, static_files):
    """A page must not become the same file as another page, a static file or a generated one,
    also where case differs: macOS and Windows treat Privacy.md and privacy.md as one file."""
    outputs = {name.lower(): f"static/{name}" for name in static_files}
    outputs.update({name: f"the file the build makes, /{name}" for name in GENERATED_FILES})
    tops = {name.split("/")[0] for name in outputs}  # a page can clash only with a name whose first part its address starts with
    problems, first = [], {}
    for page in sorted(pages, key=lambda p: p.source):
        taken = None
        if (page.url + "index.html").lower().split("/")[0] in tops:
            folders = [page.url[: i + 1].rstrip("/").lower() for i, c in enumerate(page.url) if c == "/"]
            taken = next((outputs[f] for f in folders + [page.url.lower() + "index.html"] if f in outputs), None)
        if taken:
            problems.append(Problem(ERROR, content_path(page), None, f"this page would become /{page.url}, "
                                    f"which clashes with {taken}", "rename the page file"))
        other = first.setdefault(page.url.lower(), page)
        if other is not page and other.url != page.url:
            problems.append(Problem(ERROR, content_path(page), None, f"this page's address /{page.url} differs only in "
                                    f"capital letters from {content_path(other)}, and macOS and Windows treat them "
                                    "as one file", "rename one of them; lower-case file names are safest"))
    return problems


def check_static_clashes(static_files):
    """A static file must not be, or be in, a file or folder the build makes: it would be replaced or deleted."""
    generated = {name.lower(): name for name in GENERATED_FILES}
    return [Problem(ERROR, f"static/{name}", None, f"the build makes /{generated[name.split('/')[0].lower()]} itself, "
                    "so this file would be replaced or lost", "rename it, or move it into another folder")
            for name in sorted(static_files) if name.split("/")[0].lower() in generated]


def check_centre_heading_ids(pages, centres):
    """On the Find a centre page, a heading must not take a centre's id, which links to its card."""
    ids = {centre.id for centre in centres}
    return [Problem(ERROR, content_path(page), None, f"a heading's id '{heading}' is also a centre's id",
                    "reword the heading, or give it another id with {: #other-id}")
            for page in pages if page.template == "centres" for heading in sorted(page.headings & ids)]


def check_links(page, by_source, static_files, unpublished):
    """Check every link a page writes; return problems at the line of each link."""
    return [p for link in page.links for p in link_problems(link, page, by_source, static_files, unpublished) + link_text_problems(link, page)]


# Link words that say nothing of where a link goes: screen readers list a page's links by their words alone (WCAG 2.4.4).
VAGUE_LINK_WORDS = {"here", "click here", "click", "this", "this link", "link", "this page", "more", "read more",
                    "find out more", "more information", "more info", "details", "website", "this website"}


def link_text_problems(link, page):
    """Warn of a link whose words do not say where it goes: 'click here', or the web address itself."""
    words = link.text.strip(" .:!").lower()
    if words in VAGUE_LINK_WORDS:
        return [Problem(WARNING, content_path(page), link.line, f"the link '{link.text}' does not say where it goes",
                        "use words that do, like [help with travel costs](travel-costs.md): people using screen readers "
                        "hear a page's links by their words alone")]
    if re.fullmatch(r"(?:https?://|www\.)\S+", words) and link.kind in ("scheme", "www"):
        return [Problem(WARNING, content_path(page), link.line, f"the link's words are its web address, '{link.text}', "
                        "which a screen reader reads out letter by letter",
                        "use words that say where it goes, like [the NHS website](https://www.nhs.uk)")]
    return []


def link_problems(link, page, by_source, static_files, unpublished):
    """Return the problems with one link, from what loading the page worked out about it."""
    where, href, line = content_path(page), link.href, link.line
    unseen = UNSEEN.search(href)
    if unseen:
        return [Problem(ERROR, where, line, f"the link '{visible(href)}' holds {character_named(unseen.group())}, which "
                        "looks like nothing or a space, so the link would go nowhere", "delete the address and paste or type it again")]
    if link.kind == "scheme":
        return scheme_problems(link.target, href, where, line)
    if link.kind == "email":
        return [Problem(ERROR, where, line, f"the link '{href}' looks like an email address", f"did you mean 'mailto:{href}'?")]
    if link.kind == "www":
        return [Problem(ERROR, where, line, f"the link '{href}' has no 'https://'", f"did you mean 'https://{href}'?")]
    if link.kind == "anchor":
        return anchor_problems(link.fragment, page, where, line)
    if link.kind == "static":
        return [] if link.target in static_files else [Problem(ERROR, where, line, f"the link '{href}' points to no file in static/",
                                                               "to link to a page, use its .md file, like travel-costs.md")]
    if link.kind == "file":
        return [Problem(ERROR, where, line, f"the link '{href}' is not a page", "link to the page's .md file, like travel-costs.md")]
    return page_link_problems(link, page, by_source, unpublished)


def page_link_problems(link, page, by_source, unpublished):
    """Return the problems with a link to a .md page: it must be published, and have any #part it names."""
    where, source = content_path(page), link.target
    target = by_source.get(source or "")
    if target is None and unpublished.get(source):
        return check_page_ref(source, link.line, where, by_source, unpublished)
    if target is None:
        names = [resolve_relative_name(page.source, s) for s in by_source]
        return [Problem(ERROR, where, link.line, f"the link '{link.href}' points to a page that does not exist",
                        did_you_mean(link.path, names))]
    return anchor_problems(link.fragment, target, where, link.line) if link.fragment else []


def resolve_relative_name(page_source, other_source):
    """Return how `page_source` would write a link to `other_source` (same folder only)."""
    folder = page_source.rpartition("/")[0]
    return other_source[len(folder) + 1:] if folder and other_source.startswith(folder + "/") else other_source


def anchor_problems(fragment, target, where, line):
    """Check that a #fragment names a heading on the target page."""
    if not fragment or fragment in target.headings:
        return []
    return [Problem(ERROR, where, line, f"content/{target.source} has no heading with the id '#{fragment}'",
                    did_you_mean(fragment, sorted(target.headings)) or "check the heading's wording")]


def scheme_problems(scheme, href, where, line):
    """Check a link with a scheme: https, http, mailto or tel only."""
    if scheme == "https" and re.match(PLACEHOLDER, href):
        return [Problem(WARNING, where, line, f"'{href}' looks like an example address, not a real source",
                        "replace it with the address of the page the facts come from")]
    if scheme == "https":
        return [] if re.match(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?:[/?#:]|$)", href) else [
            Problem(ERROR, where, line, f"the web address '{href}' is not complete", "copy the address from the browser's address bar")]
    if scheme == "http":
        return [Problem(WARNING, where, line, f"the link '{href}' uses http://, which is not secure", "use the https:// address")]
    if scheme == "mailto":
        ok = re.match(rf"mailto:{EMAIL}(\?.*)?$", href)
        return [] if ok else [Problem(ERROR, where, line, f"'{href}' is not a complete email address")]
    if scheme == "tel":
        if not re.match(r"tel:\+?[0-9]{3,15}$", href):
            return [Problem(ERROR, where, line, f"'{href}' is not a phone link", "write it as tel: and the digits only, like tel:01134960000")]
        return [] if is_dialable(href[4:]) else [
            Problem(ERROR, where, line, f"'{href}' is not a phone number in use", how_to_write(href[4:], link=True))]
    return [Problem(ERROR, where, line, f"links starting '{scheme}:' are not allowed", "use https://, mailto: or tel: links")]


def check_images(page, static_files):
    """Every image needs alt text and a file in static/."""
    problems = []
    for src, alt, line in page.images:
        if not alt.strip():
            problems.append(Problem(ERROR, content_path(page), line, f"the image '{src}' has no alt text",
                                    "describe the image inside the brackets: ![what it shows](" + src + ")"))
        elif re.fullmatch(r"\S+\.(?:png|jpe?g|gif|webp|avif|svg|heic)|(?:image|picture|photo|img)\s*\d*", alt.strip(), re.I):
            problems.append(Problem(WARNING, content_path(page), line, f"the image '{src}' has '{alt.strip()}' as its alt text, "
                                    "which tells someone who cannot see it nothing",
                                    "describe what the picture shows inside the brackets: ![what it shows](" + src + ")"))
        if src.lstrip("/") not in static_files:
            problems.append(Problem(ERROR, content_path(page), line, f"the image '{src}' is not in static/",
                                    "put the file in static/images/ and write its path as /images/name.png"))
    return problems


def check_review_dates(page, today):
    """Review dates must be in order, close enough together, and not passed."""
    where, lines = content_path(page), page.lines
    gap_months = months_between(page.last_reviewed, page.next_review)
    if page.next_review <= page.last_reviewed:
        return [Problem(ERROR, where, lines.get("next_review"), "'next_review' should be after 'last_reviewed'")]
    if gap_months > page.review_cycle_months:
        return [Problem(ERROR, where, lines.get("next_review"),
                        f"'next_review' should be at most {page.review_cycle_months} months after 'last_reviewed', got {gap_months}",
                        "set an earlier next_review date")]
    if page.last_reviewed > today:
        return [Problem(ERROR, where, lines.get("last_reviewed"), "'last_reviewed' is in the future")]
    if page.next_review < today:
        return [Problem(REMINDER, where, lines.get("next_review"), f"this page was due for review on {page.next_review.isoformat()}",
                        "review the whole page, then update last_reviewed and next_review", due=page.next_review)]
    return []


def months_between(start, end):
    """Whole months from `start` to `end`, counting a part month as a month."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day > start.day else 0)


def check_quality(page):
    """Guidance pages need real sources; every page should read at or under the target age."""
    problems, where = [], content_path(page)
    problems += [Problem(WARNING, where, page.lines.get("sources"), f"the source '{source.title}' has an example address",
                         "replace it with the address of the page the facts come from")
                 for source in page.sources if source.url and re.match(PLACEHOLDER, source.url)]
    if page.guidance and not page.sources:
        problems.append(Problem(WARNING, where, page.lines.get("_front"), "this guidance page lists no sources",
                                "add 'sources:' with the title and url of each source"))
    age = page.reading_age
    if age is not None and age > READING_AGE_TARGET:
        problems.append(Problem(WARNING, where, None, f"reading age {age} is above the target of {READING_AGE_TARGET}",
                                "use shorter sentences and everyday words"))
    return problems


def check_unique_ids(items, label):
    """Ids must be unique: they become web addresses."""
    first = {}
    problems = []
    for item in items:
        if item.id in first:
            problems.append(Problem(ERROR, CENTRES_YAML, item.line, f"{label} id '{item.id}' is used twice (first at line {first[item.id]})",
                                    "give each one its own id"))
        first.setdefault(item.id, item.line)
    return problems


def check_unique_names(items, label):
    """Names must differ: readers tell centres apart by them, and a block copied to add a centre keeps its name."""
    first, problems = {}, []
    for item in items:
        key = finder.place_key(item.name)
        if key in first and first[key].id != item.id:
            problems.append(Problem(ERROR, CENTRES_YAML, item.line, f"{label} '{item.id}' has the same name as '{first[key].id}' "
                                    f"(line {first[key].line}): \"{item.name}\"",
                                    "if it was copied to add a new one, change its name and every detail; if it is the same one, delete it"))
        first.setdefault(key, item)
    return problems


def check_centre(centre, today):
    """Warn about stale details; list what the charity must still confirm."""
    where, label = CENTRES_YAML, f'centre "{centre.name}"'
    problems = []
    if centre.last_checked > today:
        problems.append(Problem(ERROR, where, centre.line, f"{label}: 'last_checked' is in the future"))
    elif (today - centre.last_checked).days > STALE_AFTER_DAYS:
        due = centre.last_checked + datetime.timedelta(days=STALE_AFTER_DAYS)
        problems.append(Problem(REMINDER, where, centre.line, f"{label}: details not checked since {centre.last_checked.isoformat()}; "
                                f"a re-check was due on {due.isoformat()}",
                                "check them against the sources and update last_checked", due=due))
    if centre.postcode.startswith(NORTHERN_IRELAND_POSTCODE_AREA) != (centre.nation == NORTHERN_IRELAND):
        problems.append(Problem(ERROR, where, centre.line, f"{label}: postcode {centre.postcode} does not match nation {centre.nation}",
                                f"{NORTHERN_IRELAND_POSTCODE_AREA} postcodes are in {NORTHERN_IRELAND}, and only they are"))
    unconfirmed = list(centre.unconfirmed) + [f"{name} (missing)" for name in missing_facts(schema.CENTRE, centre)
                                             if name not in centre.unconfirmed]
    if unconfirmed:
        problems.append(Problem(CONFIRM, where, centre.line, f"{label}: confirm {', '.join(unconfirmed)}"))
    return problems


def missing_facts(record, item):
    """Return the names of the fields left out of `item` whose absence is a fact to confirm."""
    return [f.name for f in record.fields if f.confirm_if_missing and getattr(item, f.name) is None]


def check_page_ref(source, line, where, by_source, unpublished):
    """A data file's reference to a page must name a page that is published (a page with errors has its own)."""
    if source is None or source in by_source or unpublished.get(source) == "broken":
        return []
    if unpublished.get(source) == "draft":
        return [Problem(ERROR, where, line, f"'{source}' is a draft page, so the published site would link to nothing",
                        f"publish it (remove 'draft: true' from content/{source}) or remove this link")]
    return [Problem(ERROR, where, line, f"'{source}' is not a page in content/", did_you_mean(source, by_source))]


def check_site(site, by_source, unpublished):
    """Footer links must exist; unset contact routes are listed to confirm."""
    problems = [p for link in site.footer_links for p in check_page_ref(link.page, link.line, SITE_YAML, by_source, unpublished)]
    problems += [Problem(CONFIRM, SITE_YAML, None, f"the charity's {route.replace('_', ' ')} is not set, so it is not shown")
                 for route in missing_facts(schema.CONTACT, site.contact)]
    if site.base_url is None:
        problems.append(Problem(CONFIRM, SITE_YAML, None, "'base_url' is not set; the publishing workflow passes --base-url"))
    return problems + check_privacy_facts(site)


def check_privacy_facts(site):
    """List what the privacy notice still needs from the charity: the settings marked to confirm, and its own list."""
    problems = [Problem(CONFIRM, SITE_YAML, None, f"'{name}' ({field.fact}) is not set, so the privacy page says it is not yet confirmed")
                for name, field in unset_settings(schema.SITE_FILE, site)]
    return problems + [Problem(CONFIRM, SITE_YAML, None, f"privacy notice: confirm {note}") for note in site.privacy.unconfirmed]


def unset_settings(record, item, prefix=""):
    """Yield (the setting as editors write it, like 'privacy: retention', its field) for each one left out whose
    absence is a fact to confirm, looking into nested records; the contact routes have their own message."""
    for field in record.fields:
        value = getattr(item, field.name)
        if field.kind == "record" and field.record is not schema.CONTACT:
            yield from unset_settings(field.record, value, f"{prefix}{field.name}: ")
        elif field.kind != "record" and field.confirm_if_missing and value is None:
            yield prefix + field.name, field

