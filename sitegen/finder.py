"""The centre finder's place index: read the committed place tables, check them,
and render the compact JSON files that the Find a centre page fetches only when a
reader searches (issue 4). Nothing here touches the network."""

import csv
import io
import json
import math
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from typing import NamedTuple

from .constants import NATIONS, POSTCODE_OUTWARD, UK_LATITUDE, UK_LONGITUDE
from .files import Unreadable, read_project_text
from .problems import ERROR, WARNING, Problem
from .schema import CENTRES_FILE

FINDER_DIR = "data/finder"
DISTRICTS_CSV = f"{FINDER_DIR}/postcode-districts.csv"
PLACES_CSV = f"{FINDER_DIR}/places.csv"
INDEX_FOLDER = "finder"  # in the site, beside the pages
DISTRICTS_JSON = f"{INDEX_FOLDER}/districts.json"
PLACES_JSON = f"{INDEX_FOLDER}/places.json"  # one file: suggestions and spelling help need every name
DISTRICT_COLUMNS = ["district", "lat", "lon", "reach_km"]
PLACE_COLUMNS = ["name", "near", "county", "nation", "kind", "population", "lat", "lon", "also"]
KINDS = ["town", "area", "island", "crown"]  # crown: Jersey, Guernsey, Alderney, Sark, Herm, Isle of Man
CROWN_DEPENDENCIES = ["Jersey", "Guernsey", "Alderney", "Sark", "Herm", "Channel Islands", "Isle of Man"]
MAX_INDEX_GZIP_BYTES = 60_000  # a poor phone connection (issue 9) fetches this when the reader starts typing
REGENERATE = "regenerate it with: python scripts/derive_places.py"
CROWN_LATITUDE = (49.1, 54.5)  # the Channel Islands and the Isle of Man lie south of and inside the UK's box
CROWN_LONGITUDE = (-4.9, -2.0)
DECIMALS = 4  # about 11 m: far finer than a district centroid is accurate
MAX_PROBLEMS_PER_FILE = 20  # a wholly wrong file should not bury the other problems
OUTWARD = re.compile(rf"^{POSTCODE_OUTWARD}$")
APOSTROPHES = re.compile(r"['\u2019]")  # dropped: "King's Lynn" is typed "Kings Lynn"
NOT_LETTERS = re.compile(r"[^a-z0-9]+")
SAME_WORDS = {"saint": "st", "co": "county"}  # "St Ives", "Co Down": as places.js SAME_WORDS
UNKNOWN_REACH_KM = 40.0  # Northern Ireland's districts have no reach in the table; Fermanagh's span about this
REACH_MARGIN_KM = 2.0  # a centre may stand a little beyond its district's farthest postcode unit
TOWN_REACH_KM = 25.0  # from a town's point to its edge: London's hospitals lie within this of Charing Cross
EARTH_RADIUS_KM = 6371.0


class Geography(NamedTuple):
    """What the place tables say of where things are, for checking the centres."""

    districts: dict  # postcode district → (lat, lon, reach in km)
    towns: dict  # place_key(name), other names too → ((lat, lon), …)


def render_finder_index(root):
    """Read and check data/finder/; return ({output path: JSON bytes}, Geography, problems)."""
    districts, problems = load_districts(root)
    places, found = load_places(root)
    problems += found
    if any(p.level == ERROR for p in problems):
        return {}, Geography({}, {}), problems
    return {DISTRICTS_JSON: districts_json(districts), **places_json(places)}, Geography(districts, town_points(places)), problems


def town_points(places):
    """{place_key(name): ((lat, lon), …)} for every name a place has, its other names too."""
    points = defaultdict(list)
    for place in places:
        for name in (place["name"], *place["also"]):
            points[place_key(name)].append((place["lat"], place["lon"]))
    return {key: tuple(found) for key, found in points.items()}


def load_districts(root):
    """Load postcode-districts.csv; return ({district: (lat, lon, reach in km)}, problems)."""
    rows, problems = read_table(root, DISTRICTS_CSV, DISTRICT_COLUMNS)
    districts, lines = {}, {}
    for line, row in rows:
        found = check_district(row, line, lines) + check_point(row, line, DISTRICTS_CSV)
        if not found:
            reach = float(row["reach_km"]) if row["reach_km"] else UNKNOWN_REACH_KM
            districts[row["district"]] = (float(row["lat"]), float(row["lon"]), reach)
            lines[row["district"]] = line
        problems += found
    return districts, capped(problems, DISTRICTS_CSV)


def check_district(row, line, seen):
    """Return problems with one district: its code's shape, that it is new, and its reach."""
    code = row["district"]
    if not OUTWARD.match(code):
        return [Problem(ERROR, DISTRICTS_CSV, line, f"'district' should be the first part of a postcode in capitals, like M20, got '{code}'")]
    if code in seen:
        return [Problem(ERROR, DISTRICTS_CSV, line, f"district {code} is also on line {seen[code]}", "keep one of the two lines")]
    if row["reach_km"] and not re.fullmatch(r"\d{1,3}(\.\d)?", row["reach_km"]):
        return [Problem(ERROR, DISTRICTS_CSV, line, f"'reach_km' should be a distance in km like 2.5, or empty, got '{row['reach_km']}'",
                        REGENERATE)]
    return []


def check_centre_postcodes(centres, districts):
    """Return an error for each centre whose point lies beyond its postcode district's reach: its postcode or its
    latitude and longitude are wrong, and readers would be sent to the wrong place. A warning when the
    district is not in the table, so cannot be checked."""
    problems = []
    for centre in centres:
        district = centre.postcode.split()[0]
        label = f'centre "{centre.name}"'
        if district not in districts:
            problems.append(Problem(WARNING, CENTRES_FILE.label, centre.line,
                                    f"{label}: the postcode district {district} is not in {DISTRICTS_CSV}, so its postcode "
                                    "cannot be checked against its latitude and longitude",
                                    "check the postcode on the centre's own website"))
            continue
        lat, lon, reach = districts[district]
        away = distance_km(lat, lon, centre.latitude, centre.longitude)
        if away > reach + REACH_MARGIN_KM:
            problems.append(Problem(ERROR, CENTRES_FILE.label, centre.line,
                                    f"{label}: its latitude and longitude are {away:.0f} km from the middle of postcode "
                                    f"district {district}, whose postcodes all lie within {reach:g} km of it",
                                    "one of 'postcode', 'latitude' and 'longitude' is wrong: check them on the centre's "
                                    "own website or a map"))
    return problems


def check_centre_towns(centres, towns):
    """Return an error for each centre whose town, when the place table knows it, lies far from the centre's point:
    readers who search for that town, or read it on the centre's card, would be sent to the wrong place."""
    problems = []
    for centre in centres:
        names = [name.strip() for name in centre.town.split("/")]  # "Londonderry / Derry"
        points = [point for name in names for point in towns.get(place_key(name), ())]
        if not points:
            continue  # a village the table does not have: nothing to check against
        away = min(distance_km(lat, lon, centre.latitude, centre.longitude) for lat, lon in points)
        if away > TOWN_REACH_KM:
            problems.append(Problem(ERROR, CENTRES_FILE.label, centre.line,
                                    f'centre "{centre.name}": its town is {centre.town}, but {centre.town} is {away:.0f} km '
                                    "from its latitude and longitude",
                                    "check 'town', 'latitude' and 'longitude' on the centre's own website (a centre copied "
                                    "from another keeps the other's town until it is changed)"))
    return problems


def distance_km(lat1, lon1, lat2, lon2):
    """Great-circle distance between two points, in km (as static/js/finder/rank.js measures it)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def load_places(root):
    """Load places.csv; return (list of place dicts, problems)."""
    rows, problems = read_table(root, PLACES_CSV, PLACE_COLUMNS)
    places = []
    for line, row in rows:
        found = check_place(row, line)
        found += check_point(row, line, PLACES_CSV, crown=row["kind"] == "crown")
        if not found:
            places.append({**row, "lat": float(row["lat"]), "lon": float(row["lon"]), "population": int(row["population"]),
                           "also": [name for name in row["also"].split("|") if name], "line": line, "label": place_label(row)})
        problems += found
    problems += check_place_labels(places)
    return places, capped(problems, PLACES_CSV)


def check_place(row, line):
    """Return problems with one place's name, kind, nation, population and other names."""
    problems = [Problem(ERROR, PLACES_CSV, line, "'name' is empty")] if not row["name"] else []
    if row["kind"] not in KINDS:
        problems.append(Problem(ERROR, PLACES_CSV, line, f"'kind' should be one of {', '.join(KINDS)}, got '{row['kind']}'"))
    nations = CROWN_DEPENDENCIES if row["kind"] == "crown" else list(NATIONS)
    if row["nation"] not in nations:
        problems.append(Problem(ERROR, PLACES_CSV, line, f"'nation' should be one of {', '.join(nations)}, got '{row['nation']}'"))
    if not row["population"].isdigit():
        problems.append(Problem(ERROR, PLACES_CSV, line, f"'population' should be a whole number, got '{row['population']}'"))
    if "||" in f"|{row['also']}|" and row["also"]:
        problems.append(Problem(ERROR, PLACES_CSV, line, f"'also' should be names separated by |, got '{row['also']}'"))
    return problems


def place_label(place):
    """Return how a place is shown and typed: name, near, county (unless the name says it) and nation.

    Must match placeLabel() in static/js/finder/places.js."""
    county = place["county"] if place_key(place["county"]) != place_key(place["name"]) else ""
    return ", ".join(part for part in (place["name"], place["near"], county, place["nation"]) if part)


def check_place_labels(places):
    """Warn when readers could not tell two places apart: the same label as the finder compares them."""
    by_label = defaultdict(list)
    for place in places:
        by_label[place_key(place["label"])].append(place)
    return [Problem(WARNING, PLACES_CSV, same[1]["line"],
                    f"'{same[1]['label']}' looks the same to the finder as '{same[0]['label']}' on line {same[0]['line']}",
                    "give them different 'near' texts (for example 'near <bigger town>') in scripts/derive_places.py")
            for same in by_label.values() if len(same) > 1]


def check_point(row, line, path, crown=False):
    """Return problems with a row's lat and lon: numbers, and inside the UK (or the Crown Dependencies)."""
    problems = []
    where = "(on the Channel Islands or the Isle of Man)" if crown else "(inside the UK)"
    for name, (low, high) in (("lat", CROWN_LATITUDE if crown else UK_LATITUDE), ("lon", CROWN_LONGITUDE if crown else UK_LONGITUDE)):
        try:
            value = float(row[name])
        except ValueError:
            problems.append(Problem(ERROR, path, line, f"'{name}' should be a number, got '{row[name]}'"))
            continue
        if not low <= value <= high:  # also false for nan
            problems.append(Problem(ERROR, path, line, f"'{name}' should be between {low} and {high} {where}, got {row[name]}"))
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


@lru_cache(maxsize=1 << 16)  # the index asks for each county's and name's key many times
def place_key(text):
    """Return a name as the finder compares it ('&' as 'and', no leading 'the', SAME_WORDS); must match placeKey() in
    static/js/finder/places.js."""
    if not text.isascii():
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    words = NOT_LETTERS.sub(" ", APOSTROPHES.sub("", text.lower().replace("&", " and "))).split()
    words = words[1:] if len(words) > 1 and words[0] == "the" else words  # "the Wirral" is the Wirral
    return " ".join(SAME_WORDS.get(word, word) for word in words)


def districts_json(districts):
    """Return districts as compact JSON: {"M20":[53.4231,-2.2347],...}."""
    data = {code: [round(lat, DECIMALS), round(lon, DECIMALS)] for code, (lat, lon, _reach) in sorted(districts.items())}
    return compact(data)


def places_json(places):
    """Return {PLACES_JSON: the place index}, packed to stay under MAX_INDEX_GZIP_BYTES gzipped.

    Column by column, places sorted by name (as the finder compares names):
    - groups: [county, nation number, lat, lon] once for each county and nation, where lat and
      lon are hundredths of a degree (the group's mean point);
    - names joined by "|"; group: each place's group number; kind: one digit a place (KINDS);
    - population to one significant figure (enough to tell a city from a village);
    - lat, lon: each place's point in hundredths of a degree (about 1 km) from its group's point;
    - also (other names joined by "|") and near, by place number, only where there are any."""
    ordered = sorted(places, key=lambda p: (place_key(p["name"]), p["name"], p["label"]))
    nations = list(NATIONS) + CROWN_DEPENDENCIES
    groups = group_points(ordered)
    numbers = {key: number for number, key in enumerate(groups)}
    index = {"nations": nations, "kinds": KINDS,
             "groups": [[county, nations.index(nation), *groups[(county, nation)]] for county, nation in groups],
             "names": "|".join(p["name"] for p in ordered),
             "group": [numbers[(p["county"], p["nation"])] for p in ordered],
             "kind": "".join(str(KINDS.index(p["kind"])) for p in ordered),
             "population": [round_population(p["population"]) for p in ordered],
             "lat": [hundredths(p["lat"]) - groups[(p["county"], p["nation"])][0] for p in ordered],
             "lon": [hundredths(p["lon"]) - groups[(p["county"], p["nation"])][1] for p in ordered],
             "also": {str(n): "|".join(p["also"]) for n, p in enumerate(ordered) if p["also"]},
             "near": {str(n): p["near"] for n, p in enumerate(ordered) if p["near"]}}
    return {PLACES_JSON: compact(index)}


def group_points(places):
    """Return {(county, nation): [mean lat, mean lon] in hundredths of a degree}, in name order of county."""
    members = defaultdict(list)
    for place in places:
        members[(place["county"], place["nation"])].append(place)
    return {key: [hundredths(sum(p["lat"] for p in group) / len(group)), hundredths(sum(p["lon"] for p in group) / len(group))]
            for key, group in sorted(members.items())}


def hundredths(degrees):
    """Return a coordinate in whole hundredths of a degree (about 1.1 km north to south)."""
    return round(degrees * 100)


def round_population(people):
    """Round to one significant figure: enough to tell a city from a town, and it packs small."""
    if people < 10:
        return people
    step = 10 ** (len(str(people)) - 1)
    return round(people / step) * step


def compact(data):
    """Serialise to UTF-8 JSON with no spaces."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
