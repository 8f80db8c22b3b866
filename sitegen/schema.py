"""The fields editors may write, in one place. Everything about a field follows from its
definition here: the build validates with it, `model.py` makes each record's typed class from it,
`python build.py schema` turns it into JSON Schema for editors' YAML tools, `field_table()` gives
the README's tables (a test keeps them in step), and `check` lists a centre's missing facts from it."""

import datetime
import re
from dataclasses import dataclass

from .constants import INVISIBLE_CHARACTERS, NATIONS, PLACEHOLDER_MARK, PLACEHOLDER_VALUES, POSTCODE, UK_LATITUDE, UK_LONGITUDE
from .files import UNSEEN, character_named, visible
from .phones import SHORT, how_to_write, is_uk_number
from .problems import ERROR, WARNING, Problem, did_you_mean
from .yamlfile import Plain, core_value

PATTERNS = {
    "id": r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    "url": rf"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{{2,}}(?:[/?#][^\s{INVISIBLE_CHARACTERS}]*)?$",
    "email": rf"^[^@\s:<>,;\"()\[\]{INVISIBLE_CHARACTERS}]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$",
    "phone": rf"^(?:(?:\+44|0)(?: ?[0-9]){{9,10}}|{SHORT})$",  # the digits are checked too: phones.is_uk_number
    "postcode": rf"^{POSTCODE}$",
    "date": r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
    "page": r"^[A-Za-z0-9_./-]+\.md$",
}
EXPECTED = {
    "text": "some text",
    "id": "lower-case letters, digits and hyphens, like 'leeds-st-james'",
    "url": "a web address starting https://",
    "email": "an email address, like help@example.org",
    "phone": "a UK phone number, like 0113 496 0000",
    "postcode": "a full UK postcode in capitals with one space, like SW3 6JJ",
    "date": "a date written YYYY-MM-DD, like 2026-11-24",
    "page": "a page file name ending .md, like travel-costs.md",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "text_list": "a list of text, one '- ' line each",
    "records": "a list, one '- ' entry each",
    "record": "a group of fields, indented below it",
}


@dataclass(frozen=True)
class Field:
    """One field an editor may write, with what it means and what it accepts."""

    name: str
    kind: str
    help: str
    required: bool = False
    choices: tuple = ()
    low: float | None = None
    high: float | None = None
    record: "Record | None" = None
    default: object = None  # what the typed record holds when the field is left out (lists: empty)
    confirm_if_missing: bool = False  # `check` lists it as a fact to confirm while it is left out
    fact: str = ""  # for a site setting to confirm: what it is, in a few words, for `check`'s message


@dataclass(frozen=True)
class Record:
    """A kind of YAML mapping: its label in messages and its fields."""

    label: str
    fields: tuple

    def field(self, name):
        """Return the field called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)


SOURCE = Record("source", (
    Field("title", "text", "What the source is, as a reader would recognise it.", required=True),
    Field("url", "url", "Its web address, if it has one (https)."),
))
SOURCES_HELP = "Where the facts come from: a list of sources, each with a title and (if public) a url."

ALK_EXPERIENCE = Record("ALK experience", (
    Field("text", "text", "One thing a source says about the centre and ALK-positive lung cancer, in plain words.", required=True),
    Field("source", "record", "Where it comes from: a title and (if public) a url.", required=True, record=SOURCE),
))
ALK_EXPERIENCE_HELP = "What sources say about the centre's experience of ALK-positive lung cancer; leave out where no source says anything."
# A centre's facts: each may be named in its 'unconfirmed' list.
CENTRE_FACTS = (
    Field("id", "id", "A short unique name for the centre, used in links to it (#centre-id).", required=True),
    Field("name", "text", "The centre's name as patients know it.", required=True),
    Field("organisation", "text", "The NHS trust, health board or HSC trust that runs it.", required=True),
    Field("nation", "text", "The UK nation it is in.", required=True, choices=NATIONS),
    Field("address", "text", "Street address, without the postcode.", required=True),
    Field("town", "text", "The town or city.", required=True),
    Field("postcode", "postcode", "Full postcode; directions use it.", required=True),
    Field("latitude", "number", "Latitude in decimal degrees (WGS84), inside the UK.", required=True,
          low=UK_LATITUDE[0], high=UK_LATITUDE[1]),
    Field("longitude", "number", "Longitude in decimal degrees (WGS84), inside the UK.", required=True,
          low=UK_LONGITUDE[0], high=UK_LONGITUDE[1]),
    Field("website", "url", "The centre's web page (https).", confirm_if_missing=True),
    Field("phone", "phone", "A phone number for patients (optional; only a checked one)."),
    Field("email", "email", "An email address for patients (optional; only a checked one)."),
    Field("offers", "text_list", "What the centre offers, in short plain phrases.", required=True),
    Field("last_checked", "date", "When these details were last checked against the sources.", required=True),
    Field("sources", "records", SOURCES_HELP, required=True, record=SOURCE),
)
CENTRE = Record("centre", CENTRE_FACTS + (
    Field("unconfirmed", "text_list", "Fields the charity must still confirm; `check` lists them.",
          choices=tuple(f.name for f in CENTRE_FACTS) + ("coordinates",)),
    Field("alk_experience", "records", ALK_EXPERIENCE_HELP, record=ALK_EXPERIENCE),
))
PROGRAMME = Record("programme", (
    Field("id", "id", "A short unique name for the programme.", required=True),
    Field("name", "text", "The programme's name.", required=True),
    Field("provider", "text", "Who runs it.", required=True),
    Field("cost", "text", "What it costs the patient, as the sources give it.", required=True),
    Field("who_pays", "text", "Who pays for it.", required=True),
    Field("who_can_use", "text", "Who can use it.", required=True),
    Field("how_to_apply", "text", "How to ask for it, in one or two sentences.", required=True),
    Field("page", "page", "The guidance page about it (a .md file in content/)."),
    Field("website", "url", "Its web page (https)."),
))
CENTRES_FILE = Record("data/centres.yaml", (
    Field("centres", "records", "Specialist centres, each listed on Find a centre.", required=True, record=CENTRE),
    Field("programmes", "records", "Ways to get a second opinion, and help with its costs, each with who can use it.", required=True, record=PROGRAMME),
))

CONTACT = Record("contact", (
    Field("email", "email", "The charity's email address. Leave out until confirmed.", confirm_if_missing=True),
    Field("phone", "phone", "The charity's phone number. Leave out until confirmed.", confirm_if_missing=True),
    Field("website", "url", "The charity's website."),
    Field("postal_address", "text", "The charity's postal address. Leave out until confirmed.", confirm_if_missing=True),
))
FOOTER_LINK = Record("footer link", (
    Field("title", "text", "The link text.", required=True),
    Field("page", "page", "The page it links to (a .md file in content/).", required=True),
))
HELP_ROUTE = Record("help route", (
    Field("name", "text", "Who they are, as a reader would look for them.", required=True),
    Field("about", "text", "What they can help with, in one or two short sentences.", required=True),
    Field("phone", "phone", "Their phone number, only as the sources give it."),
    Field("cost", "text", "What a call costs, as the sources say (for example: Free)."),
    Field("hours", "text", "When they are open, as the sources say."),
    Field("website", "url", "Their web page (https)."),
    Field("sources", "records", SOURCES_HELP, required=True, record=SOURCE),
))
PRIVACY = Record("privacy", (
    Field("retention", "text", "How long the charity keeps messages, and why. Leave out until confirmed.",
          confirm_if_missing=True, fact="how long messages are kept"),
    Field("ico_postal_address", "text", "The ICO's postal address, from the ICO's own website. Leave out until confirmed.",
          confirm_if_missing=True, fact="the ICO's postal address"),
    Field("unconfirmed", "text_list", "Other parts of the privacy notice the charity must still confirm; `check` lists them."),
))
SITE_FILE = Record("data/site.yaml", (
    Field("site_name", "text", "The site's short name, shown in the header.", required=True),
    Field("charity_name", "text", "The charity's full name.", required=True),
    Field("charity_website", "url", "The charity's main website.", required=True),
    Field("base_url", "url", "Where the site is published, e.g. https://example.org/second-opinions/ (the publishing workflow sets it)."),
    Field("contact", "record", "How to contact the charity: only routes that are true.", required=True, record=CONTACT),
    Field("footer_links", "records", "Links shown in every page's footer.", record=FOOTER_LINK),
    Field("charity_number", "text", "The charity's registered charity number. Leave out until confirmed.",
          confirm_if_missing=True, fact="the registered charity number"),
    Field("other_help", "records", "Other places to get help, shown under the charity's own contact routes.", record=HELP_ROUTE),
    Field("privacy", "record", "Facts for the privacy notice that only the charity can give.", record=PRIVACY),
))

FRONT_MATTER = Record("front matter", (
    Field("title", "text", "The page title: its only top-level heading.", required=True),
    Field("description", "text", "One sentence for search results and link previews (under 160 characters).", required=True),
    Field("order", "integer", "Position in the main menu (1 first); leave out to keep the page off the menu.", low=1),
    Field("last_reviewed", "date", "When the whole page was last reviewed.", required=True),
    Field("next_review", "date", "When it is next due for review.", required=True),
    Field("review_cycle_months", "integer", "The longest gap allowed between reviews (12 for costs, 36 at most).",
          low=1, high=36, default=36),
    Field("sources", "records", SOURCES_HELP, record=SOURCE),
    Field("template", "text", "How the page is laid out.", choices=("page", "home", "centres", "contact", "privacy", "search"),
          default="page"),
    Field("guidance", "boolean", "false for pages that need no sources (contact, privacy, accessibility).", default=True),
    Field("draft", "boolean", "true to leave the page out of the published site.", default=False),
))


def check_record(data, record, path, where=""):
    """Return every problem with a YAML mapping against `record`'s fields."""
    prefix = f"{where}: " if where else ""
    if not isinstance(data, dict):
        return [Problem(ERROR, path, getattr(data, "line", None), f"{prefix}expected {EXPECTED['record']}, got {_shown(data)}")]
    problems = [_unknown_field(data, key, record, path, prefix) for key in data if record.field(key) is None]
    for field in record.fields:
        if data.get(field.name) is None:
            if field.required:
                problems.append(_missing(data, field, path, prefix))
            continue
        typed = read_typed(data[field.name], field)
        problems += check_value(typed, field, path, data.line_of(field.name), prefix, typed=data[field.name])
        data[field.name] = typed  # the loaders build records from the typed values
    return problems


def _missing(data, field, path, prefix):
    """The problem of a required field left out, or written with nothing after its ':' (or only a comment)."""
    if field.name not in data:
        return Problem(ERROR, path, data.line, f"{prefix}'{field.name}' is missing", f"add '{field.name}:' — {field.help}")
    return Problem(ERROR, path, data.line_of(field.name), f"{prefix}'{field.name}' has no value",
                   f"write it after '{field.name}: ' — {field.help} A value that starts with '#' needs quotes: "
                   "YAML reads '#' and the words after it as a comment")


def read_typed(value, field):
    """Read a number, date or true/false field's text as YAML 1.2 would; any other field keeps its text as typed."""
    if not isinstance(value, str):
        return value
    if field.kind == "date" and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            return value
    if field.kind in ("number", "integer", "boolean") and isinstance(value, Plain):
        read = core_value(value)
        return read if isinstance(read, bool) == (field.kind == "boolean") else value
    return value


def _unknown_field(data, key, record, path, prefix):
    """Return the problem for a field the record does not have."""
    unseen = UNSEEN.search(str(key))
    if unseen:  # it looks like a field's name, or like nothing
        hint = f"the name holds {character_named(unseen.group())}, which looks like nothing or a space: delete the name and type it again"
    else:
        hint = did_you_mean(key, [f.name for f in record.fields]) or "allowed fields: " + ", ".join(f.name for f in record.fields)
    return Problem(ERROR, path, data.line_of(key), f"{prefix}unknown field '{visible(str(key))}'", hint)


def check_value(value, field, path, line, prefix="", typed=None):
    """Return the problems with one field's value (`typed`: the text the editor typed, for messages)."""
    if field.kind == "records":
        return _check_records(value, field, path, line, prefix)
    if field.kind == "record":
        return check_record(value, field.record, path, f"{prefix}'{field.name}'".rstrip(": "))
    if field.kind == "text_list":
        return _check_text_list(value, field, path, line, prefix)
    message = _value_error(value, field)
    if message:
        return [Problem(ERROR, path, line, f"{prefix}'{field.name}' should be {message}, got {_shown(value if typed is None else typed)}",
                        _value_hint(value, field))]
    if field.kind == "url" and value.startswith("http://"):
        return [Problem(WARNING, path, line, f"{prefix}'{field.name}' uses http://, which is not secure", "use the https:// address")]
    return _placeholder_problems([value], field, path, line, prefix) or _markup_problems([value], field, path, line, prefix) \
        if field.kind == "text" else []


PLACEHOLDER = re.compile(PLACEHOLDER_MARK)
NO_WORDS = re.compile(r"[\W_]*")  # no letter or digit: "-", "?", "…"


def is_placeholder(text):
    """Whether a field's text is what editors write for a fact not known yet ("TBC", "unknown", "-")."""
    return bool(PLACEHOLDER.search(text) or NO_WORDS.fullmatch(text)
                or re.sub(r"[^\w/ ]+", "", text).strip().lower() in PLACEHOLDER_VALUES)


def _placeholder_problems(texts, field, path, line, prefix):
    """An error, once for the field, where a text is a placeholder: readers would see it as written."""
    found = next((text for text in texts if isinstance(text, str) and is_placeholder(text)), None)
    if found is None:
        return []
    hint = (f"write the real {field.name.replace('_', ' ')}" if field.required else
            "leave the field out until it is known (`python build.py check` lists the facts still to confirm)")
    return [Problem(ERROR, path, line, f"{prefix}'{field.name}' holds {found.strip()!r}, a placeholder that readers "
                    "would see as written", hint)]


# Text fields are shown as written, in headings, the browser's tab, menus, centre cards and search results:
# Markdown or HTML in them would show as typed.
PLAIN_TEXT_MARKS = re.compile(r"\*\*|__|`|\[[^\[\]]*\]\(|^#+ |<[A-Za-z/!]")


def _markup_problems(texts, field, path, line, prefix):
    """Warn, once for the field, where a text shown as plain text holds Markdown or HTML."""
    match = next(filter(None, (PLAIN_TEXT_MARKS.search(text) for text in texts if isinstance(text, str))), None)
    return [Problem(WARNING, path, line, f"{prefix}'{field.name}' is shown as plain text, so '{match.group().strip()}' "
                    "would show as typed", "write it without Markdown: no **, `, # or [words](link)")] if match else []


def _check_records(value, field, path, line, prefix):
    """Check a list of nested records."""
    if not isinstance(value, list):
        return [Problem(ERROR, path, line, f"{prefix}'{field.name}' should be {EXPECTED['records']}, got {_shown(value)}")]
    problems = []
    for number, item in enumerate(value, 1):
        label = f"{prefix}{field.record.label} {number}{_named(item)}"
        problems += check_record(item, field.record, path, label) if isinstance(item, dict) else [
            Problem(ERROR, path, line, f"{label}: expected {EXPECTED['record']}, got {_shown(item)}")]
    return problems


def _check_text_list(value, field, path, line, prefix):
    """Check a list of strings, optionally limited to choices."""
    if not isinstance(value, list) or not value:
        return [Problem(ERROR, path, line, f"{prefix}'{field.name}' should be {EXPECTED['text_list']}, got {_shown(value)}")]
    for number, item in enumerate(value, 1):
        if not (isinstance(item, str) and item.strip()):
            wrong = "is empty" if item is None or isinstance(item, str) else f"should be {EXPECTED['text']}, got {_shown(item)}"
            return [Problem(ERROR, path, line, f"{prefix}'{field.name}' item {number} {wrong}",
                            "write the text after its '- ', or delete that line")]
    wrong = [v for v in value if field.choices and v not in field.choices]
    return [Problem(ERROR, path, line, f"{prefix}'{field.name}' has '{v}', which is not one of the fields",
                    did_you_mean(v, field.choices)) for v in wrong] or _placeholder_problems(value, field, path, line, prefix) \
        or _markup_problems(value, field, path, line, prefix)


def _value_error(value, field):
    """Return what a scalar value should have been, or None when it is fine."""
    kind = field.kind
    if kind == "date":
        ok = isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)  # a time too breaks date sums
    elif kind in ("number", "integer"):
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())  # 1.0 too, as JSON Schema
        ok = isinstance(value, (int, float)) and not isinstance(value, bool) and (kind == "number" or whole)
        if ok and not _in_range(value, field):
            return _range_text(field)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    else:
        ok = isinstance(value, str) and value.strip() != "" and (kind not in PATTERNS or re.fullmatch(PATTERNS[kind], value))
        ok = ok and (kind != "phone" or is_uk_number(value))
    if ok and field.choices and value not in field.choices:
        return "one of " + ", ".join(field.choices)
    return None if ok else EXPECTED[kind]


def _value_hint(value, field):
    """Say how to write a value the field cannot read, or ''."""
    quoted = isinstance(value, str) and not isinstance(value, Plain)
    unseen = UNSEEN.search(value) if isinstance(value, str) else None
    if unseen and field.kind != "text":
        shown = f" after '{visible(value[:unseen.start()][-20:])}'" if unseen.start() else ""
        return f"it holds {character_named(unseen.group())}{shown}, which looks like nothing or a space: delete it"
    if field.kind == "boolean":
        return "write true or false" + (", without quotes" if quoted else "")
    if field.kind in ("number", "integer") and quoted and not isinstance(core_value(value), str):
        return "write the number without quotes"
    if field.kind == "date" and isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        return f"{value} is not a real day: check the month (01 to 12) and the day"
    if field.kind == "date":
        day = _date_written_otherwise(str(value))
        return f"write it as {day.isoformat()} (year, month, day)" if day else "write the year, month and day with hyphens, like 2026-11-24"
    if field.kind == "url" and isinstance(value, str):
        return _url_hint(value)
    if field.kind == "email" and isinstance(value, str):
        return _email_hint(value)
    if field.kind == "phone" and isinstance(value, str):
        return how_to_write(value)
    return ""


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DAY_FIRST = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")  # 30/11/2026, as the UK writes it
YEAR_FIRST = re.compile(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})")  # 2026/11/30, 2026-1-3
IN_WORDS = re.compile(r"(?:[a-z]+day,? )?([0-9]{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]+)\.?,? ([0-9]{4})", re.I)  # 30th November 2026
MONTH_FIRST = re.compile(r"(?:[a-z]+day,? )?([a-z]+)\.? ([0-9]{1,2})(?:st|nd|rd|th)?,? ([0-9]{4})", re.I)  # November 30, 2026


def _date_written_otherwise(text):
    """Return the day a date written another common way means, or None."""
    text = text.strip()
    if match := DAY_FIRST.fullmatch(text):
        day, month, year = match.groups()
    elif match := YEAR_FIRST.fullmatch(text):
        year, month, day = match.groups()
    elif match := IN_WORDS.fullmatch(text):
        day, month, year = match.groups()
        month = month_named(month)
    elif match := MONTH_FIRST.fullmatch(text):
        month, day, year = match.groups()
        month = month_named(month)
    else:
        return None
    try:
        return datetime.date(int(year), int(month), int(day)) if month else None
    except ValueError:
        return None


def month_named(name):
    """The number of the month `name` names in full or in short ('Nov', 'Sept'), or None."""
    name = "sep" if name.lower() == "sept" else name.lower()
    months = [number for number, month in enumerate(MONTHS, 1) if len(name) >= 3 and month.startswith(name)]
    return months[0] if len(months) == 1 else None


def _url_hint(text):
    """Say how to write a web address the field cannot read, or ''."""
    if re.search(r"\s", text.strip()):
        return "a web address has no spaces: copy it from the browser's address bar"
    scheme, rest = re.fullmatch(r"(?:([A-Za-z]+)(?::/*|/+))?(.*)", text.strip()).groups()
    if scheme and scheme.lower() not in ("http", "https"):
        return ""
    host = re.match(r"[^/?#]*", rest).group()
    address = f"https://{host.lower()}{rest[len(host):]}"
    return f"write it as {address}" if re.fullmatch(PATTERNS["url"], address) else ""


def _email_hint(text):
    """Say how to write an email address the field cannot read, or ''."""
    address = re.sub(r"^(?:mailto:|<)|[>.,;]$", "", text.strip(), flags=re.I).strip()
    if address != text and re.fullmatch(PATTERNS["email"], address):
        return f"write it as {address}"  # the site makes it a link: 'mailto:' and marks around it are not part of it
    if re.search(r"\s", text.strip()):
        return "an email address has no spaces, like help@example.org"
    return ""


def _range_text(field):
    """Say which numbers a field with bounds accepts."""
    if field.high is None:
        return f"{EXPECTED[field.kind]} of at least {field.low}"
    return f"{EXPECTED[field.kind]} between {field.low} and {field.high}"


def _in_range(value, field):
    """Whether a number lies within the field's bounds."""
    return (field.low is None or value >= field.low) and (field.high is None or value <= field.high)


def _named(item):
    """Return ' ("Name")' for a record that has a name or title, for messages."""
    name = item.get("name") or item.get("title") if isinstance(item, dict) else None
    return f' ("{name}")' if isinstance(name, str) else ""


def _shown(value):
    """Show a value the way the editor typed it."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a group of fields"
    if isinstance(value, list):
        return "a list"
    return f"'{visible(str(value))}'"


def field_table(record):
    """Return the README's Markdown table of a record's fields."""
    rows = [f"| `{f.name}` | {'yes' if f.required else 'no'} | {f.help} | {accepts(f)} |" for f in record.fields]
    return "\n".join(["| field | required | what it is | accepts |", "|---|---|---|---|", *rows]) + "\n"


def accepts(field):
    """Say what a field accepts, in the words the build's messages use."""
    if field.kind == "text_list" and field.choices:
        return "a list of field names: " + ", ".join(field.choices)
    if field.choices:
        return "one of " + ", ".join(field.choices)
    if field.low is not None or field.high is not None:
        return _range_text(field)
    return EXPECTED[field.kind]


def json_schema(record, title=None):
    """Return the JSON Schema (draft 2020-12) for a record."""
    schema = {
        "type": "object",
        "properties": {f.name: _field_schema(f) if f.required else _or_empty(_field_schema(f)) for f in record.fields},
        "required": [f.name for f in record.fields if f.required],
        "additionalProperties": False,
    }
    if title:
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}
    return schema


def _or_empty(schema):
    """Let an optional field be left empty ('phone:' with nothing after it), as the build does."""
    inner = {k: v for k, v in schema.items() if k != "description"}
    return {"description": schema["description"], "anyOf": [inner, {"type": "null"}]}


def _field_schema(field):
    """Return the JSON Schema for one field."""
    if field.kind == "records":
        return {"description": field.help, "type": "array", "items": json_schema(field.record)}
    if field.kind == "record":
        return {"description": field.help, **json_schema(field.record)}
    if field.kind == "text_list":
        item = _typed_text({"type": "string", "pattern": r"\S"})
        if field.choices:
            item = {"enum": list(field.choices)}
        return {"description": field.help, "type": "array", "minItems": 1, "items": item}
    schema = {"description": field.help, **_scalar_schema(field)}
    if field.choices:
        schema["enum"] = list(field.choices)
    return schema


def _scalar_schema(field):
    """Return the type, pattern and bounds of a scalar field."""
    if field.kind in ("number", "integer"):
        bounds = {"minimum": field.low, "maximum": field.high}
        return {"type": field.kind, **{k: v for k, v in bounds.items() if v is not None}}
    if field.kind == "boolean":
        return {"type": "boolean"}
    text = {"type": "string", "pattern": PATTERNS.get(field.kind, r"\S")}
    return _typed_text(text) if field.kind in ("text", "id", "phone") and not field.choices else text


def _typed_text(schema):
    """Let a text field hold what an editor's YAML 1.2 reads as a number or true/false (`02075777000`,
    `yes` is text there, `true` is not): the build keeps the characters typed, so these are text too."""
    return {"anyOf": [schema, {"type": ["number", "boolean"]}]}


SCHEMA_FILES = (
    ("centres.schema.json", CENTRES_FILE, "data/centres.yaml: specialist centres and second-opinion programmes"),
    ("site.schema.json", SITE_FILE, "data/site.yaml: the site's name, the charity and its contact details"),
    ("front-matter.schema.json", FRONT_MATTER, "Page front matter: the fields between the --- lines of content/*.md"),
)


def schema_texts():
    """Return {file name: JSON text} for every schema: sorted keys, 2-space indent, so output is stable."""
    import json

    return {name: json.dumps(json_schema(record, title), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
            for name, record, title in SCHEMA_FILES}


def records_in(record):
    """Return a record and every record nested in it."""
    return [record] + [r for f in record.fields if f.record for r in records_in(f.record)]


RECORDS = {r.label: r for _, top, _ in SCHEMA_FILES for r in records_in(top)}
FIELD_NAMES = frozenset(field.name for record in RECORDS.values() for field in record.fields)
TABLE = re.compile(r"(<!-- fields: (.+?) -->\n)(?:\|.*\n)*")


def with_field_tables(text):
    """Return README text with the table after each `<!-- fields: label -->` line made from that record."""
    return TABLE.sub(lambda m: m.group(1) + field_table(RECORDS[m.group(2)]), text)


def write_schemas(root):
    """Write schemas/*.schema.json, and the README's field tables, from the field definitions; return the paths written."""
    folder = root / "schemas"
    folder.mkdir(exist_ok=True)
    paths = []
    for name, text in schema_texts().items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8") if readme.is_file() else None
    if text is not None and with_field_tables(text) != text:
        readme.write_text(with_field_tables(text), encoding="utf-8")
        paths.append(readme)
    return paths
