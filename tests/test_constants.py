"""Facts written in Python and again in the finder's JavaScript stay the same (issue 15).

The JavaScript keeps its own copies because its modules compile them on load; these tests read
the JavaScript source, so changing a value in one language only fails here."""

import re
from pathlib import Path

import pytest

from sitegen import constants, finder
from sitegen.pipeline import gather
from sitegen.problems import ERROR

from conftest import CENTRE, PROGRAMME

ROOT = Path(__file__).resolve().parent.parent
ANSWERS_JS = ROOT / "static/js/finder/answers.js"
PLACES_JS = ROOT / "static/js/finder/places.js"


def js_constant(path, name):
    """Return the source text of `const name = …` in a JavaScript file (one line)."""
    found = re.search(rf"^const {name} = (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path.name} has no 'const {name} = …' line"
    return found.group(1).strip()


def js_numbers(text):
    """Return every number written in a piece of JavaScript source, in order."""
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def test_finder_script_uses_the_uks_bounds():
    bounds = js_constant(ANSWERS_JS, "UK")
    lat, lon = re.fullmatch(r"\{ lat: (\[[^]]*\]), lon: (\[[^]]*\]) \}", bounds).groups()
    assert tuple(js_numbers(lat)) == constants.UK_LATITUDE
    assert tuple(js_numbers(lon)) == constants.UK_LONGITUDE


def test_finder_script_uses_the_postcode_pattern():
    outward = js_constant(PLACES_JS, "OUTWARD")
    full = js_constant(PLACES_JS, "FULL_POSTCODE")
    assert outward == f"'{constants.POSTCODE_OUTWARD}'"
    assert full == f"new RegExp(`^(${{OUTWARD}})({constants.POSTCODE_INWARD})$`)"


def test_postcode_pattern_reads_real_postcodes():
    """The shared pattern itself: both parts, as the site and the finder join them."""
    postcode = re.compile(rf"^{constants.POSTCODE}$")
    assert all(postcode.match(code) for code in ("LS1 4AP", "M20 4BX", "EC1A 1BB", "BT9 7AB"))
    assert not any(postcode.match(code) for code in ("LS1 4CP", "QS1 4AP", "LS14AP", "ls1 4ap"))


def test_finder_script_knows_the_index_kind_for_crown_dependencies():
    assert js_constant(PLACES_JS, "KIND_CROWN").strip("'") in finder.KINDS



@pytest.mark.parametrize("nation, postcode", [("England", "BT9 7AB"), ("Northern Ireland", "LS9 7TF")])
def test_only_centres_in_northern_ireland_have_bt_postcodes(make_project, nation, postcode):
    centre = CENTRE.replace("nation: England", f"nation: {nation}").replace("LS9 7TF", postcode)
    root = make_project({"data/centres.yaml": f"centres:\n{centre}programmes:\n{PROGRAMME}"})
    errors = [str(p) for p in gather(root).problems if p.level == ERROR]
    assert f'data/centres.yaml:2: centre "Leeds Cancer Centre": postcode {postcode} does not match nation {nation}' \
        "\n    hint: BT postcodes are in Northern Ireland, and only they are" in errors  # BT9 is also far from Leeds
