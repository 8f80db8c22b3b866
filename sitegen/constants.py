"""Facts about the UK that the site's code relies on, each written once.

The centre finder's JavaScript keeps its own copies of the bounds and the postcode pattern
(static/js/finder/answers.js and places.js), because its modules need them before any page
data is read; tests/test_constants.py fails when a copy differs from the value here."""

# Postcodes in Northern Ireland, and only there, start with these letters.
NORTHERN_IRELAND = "Northern Ireland"
NORTHERN_IRELAND_POSTCODE_AREA = "BT"

# The UK's nations, in the order the site lists them.
NATIONS = ("England", "Scotland", "Wales", NORTHERN_IRELAND)

# Latitude and longitude (WGS84) that enclose the UK, a little generously (Scilly to Shetland,
# Fermanagh to Lowestoft), as (lowest, highest).
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)

# A UK postcode's outward code (its area and district, like LS1) and inward code (like 4AP).
POSTCODE_OUTWARD = r"(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
POSTCODE_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"

# A full UK postcode in capitals with one space (outward code, then inward code).
POSTCODE = f"{POSTCODE_OUTWARD} {POSTCODE_INWARD}"

# Characters that look like a space, or like nothing at all. Pasted from word processors, PDFs and web
# pages, they stop YAML and Markdown reading a line as it looks, search finding a word, and a web address
# going anywhere. Each is the inside of a regular-expression class, escaped, so that Python and JSON Schema
# read it alike. Joiners (U+200C, U+200D) are left alone: emoji and some scripts need them.
UNUSUAL_SPACES = r"\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
INVISIBLE_CHARACTERS = r"\u00ad\u061c\u180e\u200b\u200e\u200f\u2060-\u2064\ufeff"

# What editors write for a fact not known yet. Published, it tells an anxious reader nothing, so a field
# holding one is an error and a page a warning: where a fact is not known, its field is left out.
# PLACEHOLDER_MARK is in capitals only, to be found in prose ("TBC", "TODO"); a field's whole value may
# also be one of PLACEHOLDER_VALUES, or have no letter or digit at all ("-", "?").
PLACEHOLDER_MARK = r"\b(?:TBC|TBD|TBA|TODO|FIXME|XXX+)\b|\b[Ll]orem ipsum\b"
PLACEHOLDER_VALUES = ("to be confirmed", "to be decided", "to be announced", "to be added", "to follow", "unknown",
                      "not known", "n/a", "na", "todo", "to do", "tbc", "tbd", "tba", "placeholder", "fill in")
