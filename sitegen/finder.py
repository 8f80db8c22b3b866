"""The centre finder's place index: read the committed place tables, check them,
and render the compact JSON files that the Find a centre page fetches only when a
reader searches (issue 4). Nothing here touches the network."""

import csv
import io
import json
import re
import unicodedata
from collections import defaultdict

from .files import Unreadable, read_project_text
from .problems import ERROR, WARNING, Problem
from .schema import NATIONS

FINDER_DIR = "data/finder"
DISTRICTS_CSV = f"{FINDER_DIR}/postcode-districts.csv"
PLACES_CSV = f"{FINDER_DIR}/places.csv"
DISTRICTS_JSON = "finder/districts.json"
PLACES_JSON = "finder/places-{initial}.json"  # one file per first letter, so a town search fetches little
INITIALS = "abcdefghijklmnopqrstuvwxyz"
DISTRICT_COLUMNS = ["district", "lat", "lon"]
PLACE_COLUMNS = ["name", "qualifier", "nation", "lat", "lon"]
REGENERATE = "regenerate it with: python scripts/derive_places.py"
# The UK's extent, a little generous (Scilly to Shetland, Fermanagh to Lowestoft).
UK_LATITUDE = (49.8, 60.9)
UK_LONGITUDE = (-8.7, 1.8)
DECIMALS = 4  # about 11 m: far finer than a district centroid is accurate
MAX_PROBLEMS_PER_FILE = 20  # a wholly wrong file should not bury the other problems
OUTWARD = re.compile(r"^(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)$")


def render_finder_index(root):
    """Read and check data/finder/; return ({output path: JSON bytes}, problems)."""
    districts, problems = load_districts(root)
    places, found = load_places(root)
    problems += found
    if any(p.level == ERROR for p in problems):
        return {}, problems
    return {DISTRICTS_JSON: districts_json(districts), **places_json(places)}, problems


def load_districts(root):
    """Load postcode-districts.csv; return ({district: (lat, lon)}, problems)."""
    rows, problems = read_table(root, DISTRICTS_CSV, DISTRICT_COLUMNS)
    districts, lines = {}, {}
    for line, row in rows:
        found = check_district(row, line, lines) + check_point(row, line, DISTRICTS_CSV)
        if not found:
            districts[row["district"]] = (float(row["lat"]), float(row["lon"]))
            lines[row["district"]] = line
        problems += found
    return districts, capped(problems, DISTRICTS_CSV)


def check_district(row, line, seen):
    """Return problems with one district code: its shape, and that it is new."""
    code = row["district"]
    if not OUTWARD.match(code):
        return [Problem(ERROR, DISTRICTS_CSV, line, f"'district' should be the first part of a postcode in capitals, like M20, got '{code}'")]
    if code in seen:
        return [Problem(ERROR, DISTRICTS_CSV, line, f"district {code} is also on line {seen[code]}", "keep one of the two lines")]
    return []


def load_places(root):
    """Load places.csv; return (list of place dicts, problems)."""
    rows, problems = read_table(root, PLACES_CSV, PLACE_COLUMNS)
    places = []
    for line, row in rows:
        found = check_place(row, line) + check_point(row, line, PLACES_CSV)
        if not found:
            places.append({**row, "lat": float(row["lat"]), "lon": float(row["lon"]), "line": line})
        problems += found
    problems += check_place_labels(places)
    return places, capped(problems, PLACES_CSV)


def check_place(row, line):
    """Return problems with one place's name, qualifier and nation."""
    problems = [Problem(ERROR, PLACES_CSV, line, f"'{name}' is empty") for name in ("name", "qualifier") if not row[name].strip()]
    if row["nation"] not in NATIONS:
        problems.append(Problem(ERROR, PLACES_CSV, line, f"'nation' should be one of {', '.join(NATIONS)}, got '{row['nation']}'"))
    return problems


def check_place_labels(places):
    """Warn when readers could not tell two places apart: same name as typed, same qualifier."""
    by_label = defaultdict(list)
    for place in places:
        by_label[(place_key(place["name"]), place_key(place["qualifier"]))].append(place)
    return [Problem(WARNING, PLACES_CSV, same[1]["line"],
                    f"'{same[1]['name']}, {same[1]['qualifier']}' looks the same to the finder as "
                    f"'{same[0]['name']}, {same[0]['qualifier']}' on line {same[0]['line']}",
                    "give them different qualifiers (for example 'near <bigger town>') in scripts/derive_places.py")
            for same in by_label.values() if len(same) > 1]


def check_point(row, line, path):
    """Return problems with a row's lat and lon: numbers, and inside the UK."""
    problems = []
    for name, (low, high) in (("lat", UK_LATITUDE), ("lon", UK_LONGITUDE)):
        try:
            value = float(row[name])
        except ValueError:
            problems.append(Problem(ERROR, path, line, f"'{name}' should be a number, got '{row[name]}'"))
            continue
        if not low <= value <= high:  # also false for nan
            problems.append(Problem(ERROR, path, line, f"'{name}' should be between {low} and {high} (inside the UK), got {row[name]}"))
    return problems


def read_table(root, path, columns):
    """Read a CSV file with exactly `columns`; return ([(line, row)], problems)."""
    text, problems = read_text(root, path)
    if text is None:
        return [], problems
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header != columns:
        return [], [Problem(ERROR, path, 1, f"the first line should be the column names {','.join(columns)}, got {','.join(header or [])}", REGENERATE)]
    rows, problems = [], []
    for fields in csv_rows(reader, path, problems):
        if len(fields) != len(columns):
            problems.append(Problem(ERROR, path, reader.line_num, f"expected {len(columns)} values ({','.join(columns)}), got {len(fields)}"))
        else:
            rows.append((reader.line_num, dict(zip(columns, (f.strip() for f in fields)))))
    if not rows and not problems:
        problems.append(Problem(ERROR, path, None, "this file has no rows", REGENERATE))
    return rows, problems


def csv_rows(reader, path, problems):
    """Yield each row of `reader` with its line; stop at a cell over csv's size limit, or a quote
    never closed (which swallows the rest of the file), adding a problem at the line where it starts."""
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. "field larger than field limit (131072)"
            problems.append(Problem(ERROR, path, start, f"this line cannot be read as a table row: {error}", REGENERATE))
            return
        if reader.line_num > start and any("\n" in field for field in fields):
            problems.append(Problem(ERROR, path, start, "a quote mark opened on this line is never closed", REGENERATE))
            return
        yield fields


def read_text(root, path):
    """Return (the text of a finder table, problems); (None, [error]) when it cannot be read."""
    file = root / path
    if not file.is_file():
        return None, [Problem(ERROR, path, None, "this file is missing, so the centre finder cannot search", REGENERATE)]
    try:
        return read_project_text(file, root), []
    except Unreadable as error:
        return None, [error.problem]


def capped(problems, path):
    """Keep the first MAX_PROBLEMS_PER_FILE problems and say how many more there were."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    more = len(problems) - MAX_PROBLEMS_PER_FILE
    return problems[:MAX_PROBLEMS_PER_FILE] + [Problem(ERROR, path, None, f"and {more} more problems like these", REGENERATE)]


def place_key(text):
    """Return a name as the finder compares it; must match placeKey() in static/js/centre-finder.js."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2019]", "", text)
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join("st" if word == "saint" else word for word in words)


def districts_json(districts):
    """Return districts as compact JSON: {"M20":[53.4231,-2.2347],...}."""
    data = {code: [round(lat, DECIMALS), round(lon, DECIMALS)] for code, (lat, lon) in sorted(districts.items())}
    return compact(data)


def places_json(places):
    """Return {output path: JSON} with one file per first letter of the place's key (a to z, always all 26).

    Each file holds the nations once, then [name, nation index, lat, lon(, qualifier)] rows; the
    qualifier is left out when it is just the nation, which is most places."""
    rows = defaultdict(list)
    for place in sorted(places, key=lambda p: (p["name"], p["qualifier"])):
        row = [place["name"], NATIONS.index(place["nation"]), round(place["lat"], DECIMALS), round(place["lon"], DECIMALS)]
        rows[place_key(place["name"])[:1]].append(row if place["qualifier"] == place["nation"] else row + [place["qualifier"]])
    initials = sorted(set(INITIALS) | set(rows))
    return {PLACES_JSON.format(initial=i): compact({"nations": list(NATIONS), "places": rows[i]}) for i in initials}


def compact(data):
    """Serialise to UTF-8 JSON with no spaces."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
