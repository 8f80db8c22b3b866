"""The centre finder's place index (sitegen/finder.py), and the Find a centre page without JavaScript."""

import csv
import dataclasses
import datetime
import gzip
import itertools
import json
import re
import shutil

import pytest

from sitegen.data import load_centres
from sitegen.finder import (MAX_INDEX_GZIP_BYTES, MAX_PROBLEMS_PER_FILE, REACH_MARGIN_KM, TOWN_REACH_KM, UNKNOWN_REACH_KM,
                            check_centre_postcodes, check_centre_towns, distance_km, place_key, place_label, render_finder_index, round_population)
from sitegen.pipeline import gather
from sitegen.problems import ERROR, WARNING, Problem

from conftest import CENTRE, DISTRICTS, PLACES, PROGRAMME, REPO

TODAY = datetime.date(2026, 11, 24)
HINT = "regenerate it with: python scripts/derive_places.py"


def write_tables(root, districts=DISTRICTS, places=PLACES):
    """Write the two finder tables under root/data/finder/; return root."""
    folder = root / "data" / "finder"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "postcode-districts.csv").write_text(districts, encoding="utf-8")
    (folder / "places.csv").write_text(places, encoding="utf-8")
    return root


def test_districts_are_compact_json_with_four_decimals(tmp_path):
    outputs, _, problems = render_finder_index(write_tables(tmp_path))
    assert problems == []
    assert outputs["finder/districts.json"] == b'{"BT9":[54.5762,-5.9407],"LS1":[53.7965,-1.5478],"LS9":[53.7994,-1.51],"M20":[53.4231,-2.2347]}'


def read_index(data):
    """Unpack finder/places.json into (label, kind, population, lat, lon, other names) rows, as the page does."""
    index = json.loads(data)
    rows = []
    for n, name in enumerate(index["names"].split("|")):
        county, nation, lat, lon = index["groups"][index["group"][n]]
        nation = index["nations"][nation]
        place = {"name": name, "near": index["near"].get(str(n), ""), "county": county, "nation": nation}
        rows.append((place_label(place), index["kinds"][int(index["kind"][n])], index["population"][n],
                     (lat + index["lat"][n]) / 100, (lon + index["lon"][n]) / 100, index["also"].get(str(n), "")))
    return rows


def test_the_place_index_is_one_file_of_columns_that_unpacks_to_every_place(tmp_path):
    outputs, _, problems = render_finder_index(write_tables(tmp_path))
    assert problems == []
    assert sorted(outputs) == ["finder/districts.json", "finder/places.json"]
    assert read_index(outputs["finder/places.json"]) == [
        ("Leeds, West Yorkshire, England", "town", 500000, 53.8, -1.55, ""),
        ("Newport, Wales", "town", 200000, 51.59, -3.0, "Casnewydd"),
        ("Newport, near Cowes, Isle of Wight, England", "town", 20000, 50.7, -1.29, ""),
        ("St Helier, Jersey", "crown", 30000, 49.19, -2.1, ""),
    ]


@pytest.mark.parametrize("people, rounded", [(0, 0), (7, 7), (14, 10), (7444, 7000), (127727, 100000), (161506, 200000), (8961989, 9000000)])
def test_populations_are_kept_to_one_significant_figure(people, rounded):
    assert round_population(people) == rounded


@pytest.fixture(scope="module")
def real_index():
    """The place index made from the committed tables: (outputs, districts, problems)."""
    return render_finder_index(REPO)


def test_the_real_place_index_is_small_enough_for_a_poor_connection(real_index):
    outputs, _, _ = real_index
    data = outputs["finder/places.json"]
    assert len(gzip.compress(data, 6)) <= MAX_INDEX_GZIP_BYTES == 60_000
    rows = read_index(data)
    assert len(rows) > 6000
    labels = {row[0]: row for row in rows}
    assert labels["Newcastle upon Tyne, Tyne and Wear, England"][5] == "Newcastle"
    assert labels["St Helier, Jersey"][1] == "crown"
    with open(REPO / P, encoding="utf-8") as f:
        for row in csv.DictReader(f):  # every place keeps its point to within about a kilometre
            _, _, _, lat, lon, _ = labels[place_label(row)]
            assert abs(lat - float(row["lat"])) <= 0.005 + 1e-9 and abs(lon - float(row["lon"])) <= 0.005 + 1e-9, row


@pytest.mark.parametrize("place, label", [
    ({"name": "Leeds", "near": "", "county": "West Yorkshire", "nation": "England"}, "Leeds, West Yorkshire, England"),
    ({"name": "Cardiff", "near": "", "county": "Cardiff", "nation": "Wales"}, "Cardiff, Wales"),
    ({"name": "Stone", "near": "near Rye", "county": "Kent", "nation": "England"}, "Stone, near Rye, Kent, England"),
    ({"name": "Douglas", "near": "", "county": "", "nation": "Isle of Man"}, "Douglas, Isle of Man"),
])
def test_a_label_leaves_out_a_county_the_name_already_says(place, label):
    assert place_label(place) == label


def test_index_files_have_no_spaces_between_values(real_index):
    outputs, _, _ = real_index
    for data in outputs.values():
        assert data == json.dumps(json.loads(data), ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize("typed, key", [
    ("St. Ives", "st ives"), ("Saint Ives", "st ives"), ("ST IVES", "st ives"),
    ("Newport-on-Tay", "newport on tay"), ("King's Lynn", "kings lynn"), ("King’s Lynn", "kings lynn"),
    ("Ynys Môn", "ynys mon"), ("  Stoke -- on - Trent ", "stoke on trent"), ("Saintfield", "saintfield"),
    ("Co. Down", "county down"), ("Co Durham", "county durham"), ("Coleraine", "coleraine"),
])
def test_place_names_compare_without_case_punctuation_or_accents(typed, key):
    assert place_key(typed) == key


def test_missing_tables_stop_the_build_and_say_how_to_make_them(tmp_path):
    outputs, _, problems = render_finder_index(tmp_path)
    assert outputs == {}
    assert problems == [
        Problem(ERROR, "data/finder/postcode-districts.csv", None, "this file is missing, so the centre finder cannot search", HINT),
        Problem(ERROR, "data/finder/places.csv", None, "this file is missing, so the centre finder cannot search", HINT),
    ]


D = "data/finder/postcode-districts.csv"
P = "data/finder/places.csv"


@pytest.mark.parametrize("districts, places, expected", [
    ("district,latitude,lon,reach_km\nM20,53.4,-2.2,1\n", PLACES,
     (D, 1, "the first line should be the column names district,lat,lon,reach_km, got district,latitude,lon,reach_km")),
    ("district,lat,lon\nM20,53.4,-2.2\n", PLACES,
     (D, 1, "the first line should be the column names district,lat,lon,reach_km, got district,lat,lon")),
    ("district,lat,lon,reach_km\n", PLACES, (D, None, "this file has no rows")),
    (DISTRICTS + "M21,53.4\n", PLACES, (D, 6, "expected 4 values (district,lat,lon,reach_km), got 2")),
    (DISTRICTS + "M21,53.4,-2.2,far\n", PLACES, (D, 6, "'reach_km' should be a distance in km like 2.5, or empty, got 'far'")),
    (DISTRICTS + "M21,53.4,-2.2,-1\n", PLACES, (D, 6, "'reach_km' should be a distance in km like 2.5, or empty, got '-1'")),
    (DISTRICTS + "M21,fifty,-2.2,1\n", PLACES, (D, 6, "'lat' should be a number, got 'fifty'")),
    (DISTRICTS + "M21,nan,-2.2,1\n", PLACES, (D, 6, "'lat' should be between 49.8 and 60.9 (inside the UK), got nan")),
    (DISTRICTS + "M21,48.9,-2.2,1\n", PLACES, (D, 6, "'lat' should be between 49.8 and 60.9 (inside the UK), got 48.9")),
    (DISTRICTS + "M21,53.4,2.2,1\n", PLACES, (D, 6, "'lon' should be between -8.7 and 1.8 (inside the UK), got 2.2")),
    (DISTRICTS + "m21,53.4,-2.2,1\n", PLACES, (D, 6, "'district' should be the first part of a postcode in capitals, like M20, got 'm21'")),
    (DISTRICTS + "M20,53.4,-2.2,1\n", PLACES, (D, 6, "district M20 is also on line 2")),
    (DISTRICTS, PLACES + "Cork,,,Ireland,town,0,51.9,-8.4,\n", (P, 6, "'nation' should be one of England, Scotland, Wales, Northern Ireland, got 'Ireland'")),
    (DISTRICTS, PLACES + "Leeds,,,Jersey,town,0,53.8,-1.5,\n", (P, 6, "'nation' should be one of England, Scotland, Wales, Northern Ireland, got 'Jersey'")),
    (DISTRICTS, PLACES + "Bude,,Cornwall,England,twon,0,50.8,-4.5,\n", (P, 6, "'kind' should be one of town, area, island, crown, got 'twon'")),
    (DISTRICTS, PLACES + "Gorey,,,Jersey,crown,0,49.2,-1.0,\n", (P, 6, "'lon' should be between -4.9 and -2.0 (on the Channel Islands or the Isle of Man), got -1.0")),
    (DISTRICTS, PLACES + "Gorey,,,England,town,0,49.2,-2.0,\n", (P, 6, "'lat' should be between 49.8 and 60.9 (inside the UK), got 49.2")),
    (DISTRICTS, PLACES + "Bude,,Cornwall,England,town,about 9000,50.8,-4.5,\n", (P, 6, "'population' should be a whole number, got 'about 9000'")),
    (DISTRICTS, PLACES + "Bude,,Cornwall,England,town,9000,50.8,-4.5,Bude Haven||\n", (P, 6, "'also' should be names separated by |, got 'Bude Haven||'")),
    (DISTRICTS, PLACES + ",,Cornwall,England,town,0,51.9,-1.4,\n", (P, 6, "'name' is empty")),
])
def test_bad_rows_are_errors_at_their_file_and_line(tmp_path, districts, places, expected):
    outputs, _, problems = render_finder_index(write_tables(tmp_path, districts, places))
    assert outputs == {}
    assert [(p.path, p.line, p.message) for p in problems if p.level == ERROR] == [expected]


def test_places_a_reader_could_not_tell_apart_are_a_warning(tmp_path):
    places = PLACES + "St. Helier,,,Jersey,crown,0,49.19,-2.1,\n"
    outputs, _, problems = render_finder_index(write_tables(tmp_path, places=places))
    assert outputs  # the finder still works; --strict stops it
    assert [(p.level, p.path, p.line) for p in problems] == [(WARNING, P, 6)]
    assert problems[0].message == "'St. Helier, Jersey' looks the same to the finder as 'St Helier, Jersey' on line 5"


def test_a_file_that_is_not_utf8_is_an_error_not_a_traceback(tmp_path):
    write_tables(tmp_path)
    (tmp_path / D).write_bytes("district,lat,lon,reach_km\nM20,53.4,-2.2,1\n\xff".encode("latin-1"))
    _, _, problems = render_finder_index(tmp_path)
    assert [(p.path, p.message[:30]) for p in problems] == [(D, "this file is not UTF-8 text (i")]


def test_a_wholly_wrong_file_reports_a_few_problems_and_a_count(tmp_path):
    districts = "district,lat,lon,reach_km\n" + "".join(f"X{n},0,0,1\n" for n in range(100))
    _, _, problems = render_finder_index(write_tables(tmp_path, districts))
    assert len(problems) == MAX_PROBLEMS_PER_FILE + 1
    # Each row has two problems: 'X0' is no district, and latitude 0 is far south of the UK.
    assert problems[-1].message == f"and {200 - MAX_PROBLEMS_PER_FILE} more problems like these"


def test_the_real_tables_are_valid(real_index):
    outputs, _, problems = real_index
    assert [p for p in problems if p.level == ERROR] == []
    districts = json.loads(outputs["finder/districts.json"])
    assert {"M20", "EH4", "CF14", "BT47"} <= set(districts)
    assert not any(code.startswith(("GY", "JE", "IM")) for code in districts)


# --- Wiring into the build, and the page without JavaScript -----------------

def test_the_build_writes_the_index_beside_the_pages(make_project):
    result = gather(make_project(), today=TODAY)
    assert "finder/districts.json" in result.outputs
    assert "finder/places.json" in result.outputs


def test_a_build_with_the_real_tables_writes_the_real_index(make_project, real_index):
    outputs = gather(make_project(real_places=True), today=TODAY).outputs
    assert {path: outputs[path] for path in real_index[0]} == real_index[0]


def test_the_build_stops_when_the_tables_are_missing(make_project):
    root = make_project()
    shutil.rmtree(root / "data" / "finder")
    result = gather(root, today=TODAY)
    assert result.outputs == {}
    assert "data/finder/postcode-districts.csv: this file is missing, so the centre finder cannot search\n    hint: " + HINT in [str(p) for p in result.problems]


def finder_page(make_project, **files):
    """Return the HTML of the Find a centre page of a small project."""
    root = make_project(files)
    return gather(root, today=TODAY, base_url="https://example.org/some/path").outputs["find-a-centre/index.html"].decode()


def test_without_javascript_the_page_lists_every_centre_with_working_links(make_project):
    centres = CENTRE + CENTRE.replace("id: leeds", "id: belfast").replace("Leeds Cancer Centre", "Belfast Centre") \
        .replace("town: Leeds", "town: Belfast").replace("nation: England", "nation: Northern Ireland").replace("LS9 7TF", "BT9 7AB") \
        .replace("latitude: 53.80806", "latitude: 54.587").replace("longitude: -1.51861", "longitude: -5.945") \
        .replace("website: https://www.leedsth.nhs.uk", "website: https://www.example.org\n    phone: 028 9649 6000")
    html = finder_page(make_project, **{"data/centres.yaml": f"centres:\n{centres}programmes:\n{PROGRAMME}"})
    assert re.search(r'<h3 id="nation-england">England</h3>\s*<ul class="app-centre-list">\s*<li[^>]*><article[^>]*id="centre-leeds"', html)
    assert '<h3 id="nation-northern-ireland">Northern Ireland</h3>' in html
    assert 'href="tel:02896496000">Call 028 9649 6000' in html
    assert 'href="https://www.google.com/maps/dir/?api=1&amp;destination=Belfast+Centre%2C+BT9+7AB"' in html
    assert 'href="mailto:help@example.org?subject=Second%20opinion%20at%20Belfast%20Centre">Ask us about a second opinion here' in html
    assert '<h3 class="app-programme-card__name">NHS second opinion</h3>' in html


def test_the_search_form_is_there_without_the_script_and_leads_to_every_centre(make_project):
    html = finder_page(make_project)
    form = re.search(r'<form class="app-finder-search js-finder-form"[^>]*>', html).group(0)
    assert 'action="#all-centres"' in form and " hidden" not in form
    assert 'data-index-url="/some/path/finder/"' in html
    assert '<input class="app-input app-input--postcode js-finder-input" id="finder-near" name="near" type="text"\n      autocomplete="postal-code"' in html
    assert re.search(r'<button class="[^"]*js-finder-locate" type="button">Use my location</button>', html)
    assert re.search(r'<section class="app-finder-results js-finder-results"[^>]* hidden>', html)


def test_the_finder_script_and_styles_load_only_on_the_finder_page_and_never_inline(make_project):
    root = make_project()
    outputs = gather(root, today=TODAY).outputs
    html = outputs["find-a-centre/index.html"].decode()
    assert re.search(r'<script type="module" src="/js/centre-finder\.js\?v=[0-9a-f]{10}"></script>', html)
    assert re.search(r'<link rel="stylesheet" href="/css/finder\.css\?v=[0-9a-f]{10}">', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script would break the Content-Security-Policy"
    assert not re.search(r"\sstyle=", html)
    assert "centre-finder.js" not in outputs["index.html"].decode()


@pytest.mark.parametrize("script", ["centre-finder.js", "finder/answers.js", "finder/combobox.js", "finder/places.js", "finder/rank.js",
                                    "spelling.js"])
def test_the_finder_scripts_keep_to_their_promises(script):
    text = (REPO / "static" / "js" / script).read_text(encoding="utf-8")
    for banned in ("eval(", "new Function", "localStorage", "sessionStorage", "document.cookie", "innerHTML", "http://", "https://"):
        assert banned not in text, banned
    functions = re.findall(r"^(?:export )?(?:async )?function (\w+)", text, re.M)
    documented = re.findall(r"\*/\n(?:export )?(?:async )?function (\w+)", text)
    assert functions and functions == documented, "every function needs a JSDoc comment"
    imports = re.findall(r"^import .* from '([^']+)'", text, re.M)
    assert all(path.startswith(("./", "../")) and path.endswith(".js") for path in imports), "plain relative ES modules, no bundler"


def test_the_finder_page_loads_only_its_driver_and_the_rest_on_first_use(make_project):
    html = gather(make_project(), today=TODAY).outputs["find-a-centre/index.html"].decode()
    assert "modulepreload" not in html and "js/finder/" not in html, "the finder's other modules are imported on first use"
    assert re.findall(r'([\w-]+)="[^"]*places\.json', html) == ["data-places-url"], \
        "the place index is only named, for site search, which fetches it when a search names a place"
    driver = (REPO / "static" / "js" / "centre-finder.js").read_text(encoding="utf-8")
    assert not re.search(r"^import ", driver, re.M), "the driver imports nothing on load"
    for module in ("./finder/answers.js", "./finder/combobox.js", "./finder/places.js"):
        assert f"import('{module}')" in driver, module


# --- a centre's postcode against its point ------------------------------------------------


@pytest.fixture(scope="module")
def real_centres():
    centres, _, problems = load_centres(REPO)
    assert [p for p in problems if p.level == ERROR] == []
    return centres


def test_every_shipped_centre_lies_within_its_postcode_district(real_index, real_centres):
    assert check_centre_postcodes(real_centres, real_index[1].districts) == []


@pytest.mark.parametrize("field, check, tables, apart_km, says", [
    ("postcode", check_centre_postcodes, "districts", 60, "its latitude and longitude are "),
    ("town", check_centre_towns, "towns", 2 * TOWN_REACH_KM, "its town is {}, but {} is "),
])
def test_any_shipped_centre_given_a_faraway_centres_postcode_or_town_is_an_error(real_index, real_centres, field, check,
                                                                                 tables, apart_km, says):
    caught = 0
    for centre, other in itertools.permutations(real_centres, 2):
        if distance_km(centre.latitude, centre.longitude, other.latitude, other.longitude) > apart_km:
            moved = dataclasses.replace(centre, **{field: getattr(other, field)})
            [problem] = check([moved], getattr(real_index[1], tables))
            assert (problem.level, problem.path, problem.line) == (ERROR, "data/centres.yaml", centre.line)
            assert problem.message.startswith(f'centre "{centre.name}": ' + says.format(other.town, other.town))
            caught += 1
    assert caught > 500


def test_a_centre_on_the_edge_of_its_district_is_not_an_error(real_index, real_centres):
    """The reach is the district's farthest postcode unit, so every point up to it (and a margin) passes."""
    [centre] = [c for c in real_centres if c.postcode.startswith("M20 ")]
    lat, lon, reach = real_index[1].districts["M20"]
    for km_out, errors in ((reach + REACH_MARGIN_KM - 0.1, 0), (reach + REACH_MARGIN_KM + 0.2, 1)):
        moved = dataclasses.replace(centre, latitude=lat + km_out / 111.2, longitude=lon)
        assert len(check_centre_postcodes([moved], real_index[1].districts)) == errors, km_out


def test_a_district_missing_from_the_table_is_a_warning_not_an_error(real_index, real_centres):
    moved = dataclasses.replace(real_centres[0], postcode="SW99 9ZZ")
    [problem] = check_centre_postcodes([moved], real_index[1].districts)
    assert problem.level == WARNING and "postcode district SW99 is not in data/finder/postcode-districts.csv" in problem.message


def test_northern_irelands_districts_have_no_reach_so_a_wide_one_is_used(real_index, real_centres):
    [altnagelvin] = [c for c in real_centres if c.postcode.startswith("BT47 ")]
    assert real_index[1].districts["BT47"][2] == UNKNOWN_REACH_KM
    near_coleraine = dataclasses.replace(altnagelvin, latitude=55.13, longitude=-6.67)  # 45 km away
    assert [p.level for p in check_centre_postcodes([near_coleraine], real_index[1].districts)] == [ERROR]


def test_every_shipped_centre_is_in_or_near_its_town(real_index, real_centres):
    assert check_centre_towns(real_centres, real_index[1].towns) == []
    known = [c for c in real_centres if any(real_index[1].towns.get(place_key(n.strip())) for n in c.town.split("/"))]
    assert len(known) == len(real_centres)  # every town is in the place table, so every one is checked


@pytest.mark.parametrize("town", ["Kings Lynn", "Saint Albans", "Derry", "Sutton", "Newport"])
def test_a_town_is_found_by_any_of_its_names_and_the_nearest_place_so_named_counts(real_index, real_centres, town):
    [point] = [p for name, p in (("Kings Lynn", (52.75, 0.40)), ("Saint Albans", (51.75, -0.34)), ("Derry", (55.0, -7.31)),
                                 ("Sutton", (51.36, -0.19)), ("Newport", (51.59, -3.0))) if name == town]
    moved = dataclasses.replace(real_centres[0], town=town, latitude=point[0], longitude=point[1])
    assert check_centre_towns([moved], real_index[1].towns) == []


def test_a_town_the_place_table_does_not_have_is_not_checked(real_index, real_centres):
    moved = dataclasses.replace(real_centres[0], town="Nowhere-on-the-Map")
    assert check_centre_towns([moved], real_index[1].towns) == []


def test_a_wrong_postcode_stops_the_build_at_the_centres_line(make_project):
    centre = CENTRE.replace("LS9 7TF", "M20 4BX")
    result = gather(make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"}), today=TODAY)
    assert result.outputs == {}
    assert [str(p) for p in result.problems if p.level == ERROR] == [
        'data/centres.yaml:2: centre "Leeds Cancer Centre": its latitude and longitude are 64 km from the middle of postcode '
        "district M20, whose postcodes all lie within 2.6 km of it\n    hint: one of 'postcode', 'latitude' and 'longitude' "
        "is wrong: check them on the centre's own website or a map"]


def test_a_wrong_town_stops_the_build_at_the_centres_line(make_project):
    centre = CENTRE.replace("town: Leeds", "town: Manchester")
    result = gather(make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"}, real_places=True),
                    today=TODAY)
    assert result.outputs == {}
    [problem] = [p for p in result.problems if p.level == ERROR]
    assert str(problem) == ('data/centres.yaml:2: centre "Leeds Cancer Centre": its town is Manchester, but Manchester is '
                            "60 km from its latitude and longitude\n    hint: check 'town', 'latitude' and 'longitude' on the "
                            "centre's own website (a centre copied from another keeps the other's town until it is changed)")


def test_any_shipped_centre_copied_under_a_new_id_is_an_error(real_centres):
    from sitegen.validate import check_unique_names

    assert check_unique_names(real_centres, "centre") == []
    for centre in real_centres:
        copy = dataclasses.replace(centre, id=f"{centre.id}-copy", name=centre.name.upper(), line=9999)
        [problem] = check_unique_names([*real_centres, copy], "centre")
        assert (problem.level, problem.line) == (ERROR, 9999)
        assert problem.message.startswith(f"centre '{centre.id}-copy' has the same name as '{centre.id}'")
