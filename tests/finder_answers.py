"""The finder's right answers, worked out independently in Python from the committed data:
the real centres, straight-line distances, and the place table by every name people type."""

import csv
import math
from collections import defaultdict
from functools import cache

from conftest import REPO
from sitegen.data import load_centres
from sitegen.finder import place_key, place_label, round_population


@cache
def centres():
    """The real centres, as (name, lat, lon)."""
    loaded, _, _ = load_centres(REPO)
    return [(c.name, c.latitude, c.longitude) for c in loaded]


def miles(a, b):
    """Straight-line miles between two (lat, lon) points (haversine)."""
    (lat1, lon1), (lat2, lon2) = [(math.radians(p[0]), math.radians(p[1])) for p in (a, b)]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.76 * math.asin(min(1, math.sqrt(h)))


def ranked(point):
    """The centres' distances and names from a point, nearest first."""
    return sorted((miles(point, (lat, lon)), name) for name, lat, lon in centres())


@cache
def places():
    """Every committed place, with its label, point and population as the index keeps it."""
    with open(REPO / "data/finder/places.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        row["label"] = place_label(row)
        row["point"] = (float(row["lat"]), float(row["lon"]))
        row["people"] = round_population(int(row["population"]))
        row["names"] = [row["name"]] + [name for name in row["also"].split("|") if name]
    return rows


@cache
def by_name():
    """{name key: [places with that name or other name]}."""
    found = defaultdict(list)
    for row in places():
        for name in row["names"]:
            if row not in found[place_key(name)]:
                found[place_key(name)].append(row)
    return dict(found)


@cache
def districts():
    """The committed district centroids: {district: (lat, lon)}."""
    with open(REPO / "data/finder/postcode-districts.csv", encoding="utf-8") as f:
        return {row["district"]: (float(row["lat"]), float(row["lon"])) for row in csv.DictReader(f)}
