"""Place names as people type them, in a real browser on the real site (issue 9).

The queries are not picked by hand: the 100 most populous places in Great Britain
and Northern Ireland (by the gazetteer's GeoNames population), the short names
people use for big towns, names that several places share, misspellings made from
big towns' names, counties, council areas, islands and the Crown Dependencies'
towns. For each, the right answer is worked out here, in Python, from
data/finder/places.csv and data/centres.yaml: the place the finder should use (the
only one of the name, or one far bigger than the rest), its nearest centre by
straight-line distance, or the question or suggestion the reader should get.

One browser, one page, many queries: the page's own form is filled and sent, and
the answer read once it has changed.
"""

import pytest

from conftest import expect
from finder_answers import BOX, ask, ask_all, by_name, districts, miles, places, ranked
from sitegen.finder import place_key

LEADING_RATIO, LEADING_MARGIN = 2, 50000  # "far bigger", as the issue and finder/places.js say
TIE_MILES = 1.0  # the index keeps points to about 1 km, so a centre this close to the nearest may come first
UK_NATIONS = {"England", "Scotland", "Wales", "Northern Ireland"}
CONTACT = "Contact us and we can help you find a centre."


# --- The right answers, worked out from the committed tables -------------------------

def nearest_centres(point):
    """The names of the nearest centre and of any within TIE_MILES of it."""
    nearest = ranked(point)
    return {name for distance, name in nearest if distance - nearest[0][0] < TIE_MILES}


def short_label(place):
    """'Leeds, England', or the full label when the nation has another place of the name."""
    namesakes = [p for p in by_name()[place_key(place["name"])] if p is not place and p["nation"] == place["nation"]]
    return place["label"] if namesakes else f"{place['name']}, {place['nation']}"


def expected_answer(typed):
    """What the finder should say for a name: ('results', place, others), ('question', places) or ('crown', place)."""
    matches = sorted(by_name()[place_key(typed)], key=lambda p: (-p["people"], p["label"]))
    assert matches, typed
    if len(matches) == 1:
        return ("crown", matches[0]) if matches[0]["kind"] == "crown" else ("results", matches[0], [])
    first, second = matches[0], matches[1]
    leads = first["people"] >= LEADING_RATIO * second["people"] and first["people"] - second["people"] >= LEADING_MARGIN
    if leads and not any(p["kind"] == "crown" for p in matches):
        return ("results", first, matches[1:5])
    return ("question", matches)


def crown_message(place):
    """The message for a town or island of the Crown Dependencies."""
    island = place["nation"]
    article = f"the {island}" if island in {"Isle of Man", "Channel Islands"} else island
    if place["name"] == island:
        return f"{article[0].upper()}{article[1:]} {'are' if island.endswith('Islands') else 'is'} outside the area this finder covers"
    return f"{place['name']} is on {article}, which is outside the area this finder covers"


# --- The queries, chosen by rule ---------------------------------------------------------

def uk_towns():
    """Towns in the UK's four nations, most populous first."""
    return sorted((p for p in places() if p["kind"] == "town" and p["nation"] in UK_NATIONS), key=lambda p: (-int(p["population"]), p["label"]))


def most_populous():
    """The names of the 100 most populous places in Great Britain and Northern Ireland."""
    return [p["name"] for p in uk_towns()[:100]]


def short_forms():
    """Other names of towns of 50,000 people or more ("Stoke", "Hull", "Caerdydd")."""
    return sorted({name for p in uk_towns() if int(p["population"]) >= 50000 for name in p["names"][1:]})


def shared_names():
    """Every 6th name shared by places in two or more counties, among names with a place of 5,000 or more."""
    shared = sorted(key for key, found in by_name().items()
                    if len({(p["county"], p["nation"]) for p in found}) > 1 and max(int(p["population"]) for p in found) >= 5000)
    return [by_name()[key][0]["name"] if place_key(by_name()[key][0]["name"]) == key else key.title() for key in shared[::6]]


def areas_and_islands():
    """Every 4th area by name, and every island, with their other names."""
    areas = sorted((p for p in places() if p["kind"] == "area"), key=lambda p: p["label"])[::4]
    islands = [p for p in places() if p["kind"] == "island"]
    return [name for p in areas + islands for name in p["names"]]


def crown_places():
    """Every town and island of the Crown Dependencies."""
    return sorted({p["name"] for p in places() if p["kind"] == "crown"})


def misspell(name):
    """Swap two letters in the middle of a long word of the name: 'Manchester' → 'Mancehster'."""
    words = name.split(" ")
    longest = max(range(len(words)), key=lambda n: len(words[n]))
    word = words[longest]
    middle = len(word) // 2
    words[longest] = word[:middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    return " ".join(words)


def misspellings():
    """(typo, intended name): five common ones, and one made from each of the 40 biggest towns."""
    common = [("Edinbrugh", "Edinburgh"), ("Cardif", "Cardiff"), ("Manchster", "Manchester"), ("Glasgo", "Glasgow"), ("Plymoth", "Plymouth")]
    made = [(misspell(p["name"]), p["name"]) for p in uk_towns()[:40] if len(max(p["name"].split(), key=len)) >= 6]
    return common + [(typo, name) for typo, name in made if place_key(typo) not in by_name() and place_key(typo) != place_key(name)]


# --- Driving the page ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def finder(browser, site_url):
    """One page of the finder for every query here; console errors fail the test."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(site_url + "find-a-centre/")
    expect(page.locator(BOX)).to_be_visible()
    yield page
    context.close()
    assert problems == []


def check_answer(typed, answer):
    """Check the page's answer to a name against the one worked out here; return a failure or None."""
    if answer is None:
        return f"{typed!r}: the page gave no answer"
    expected = expected_answer(typed)
    if expected[0] == "results":
        place, others = expected[1], expected[2]
        wanted = {
            "heading": f"Centres nearest to {short_label(place)}",
            "alternatives": f"Showing {short_label(place)}. Did you mean {join([p['label'] for p in others])}?" if others else None,
        }
        got = {key: answer[key] for key in wanted}
        if got != wanted or answer["first"] not in nearest_centres(place["point"]):
            return f"{typed!r}: expected {wanted} first {sorted(nearest_centres(place['point']))}, got {got} first {answer['first']!r}"
        if answer["alternativeLinks"] != [p["label"] for p in others]:
            return f"{typed!r}: alternative links {answer['alternativeLinks']}"
    elif expected[0] == "question":
        labels = [p["label"] for p in expected[1]]
        if answer["question"] is None or not answer["question"].startswith("Which ") or answer["choices"] != labels:
            return f"{typed!r}: expected the question with {labels}, got {answer['question']!r} {answer['choices']}"
    elif (answer["error"], answer["description"]) != (crown_message(expected[1]), CONTACT):
        return f"{typed!r}: expected {crown_message(expected[1])!r}, got {answer['error']!r} / {answer['description']!r}"
    return None


def answered_alike(page, typed, meant, questions=True):
    """Ask each typed text and what it means; return a line for each whose answers differ, or that got no
    results (nor, with `questions`, a question)."""
    asked = list(dict.fromkeys([*typed, *meant]))  # each text once: many typed forms mean one place
    answer = dict(zip(asked, ask_all(page, asked)))
    return [f"{t!r}: {answer[t]}, but {m!r}: {answer[m]}" for t, m in zip(typed, meant)
            if answer[t] is None or answer[t] != answer[m] or not (answer[t]["heading"] or (questions and answer[t]["question"]))]


def join(labels):
    """Labels as a sentence: 'A', 'A or B', 'A, B or C'."""
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " or " + labels[-1]


def check_all(page, names):
    """Check every name; fail once, listing every wrong answer."""
    failures = [failure for failure in map(check_answer, names, ask_all(page, names)) if failure]
    assert not failures, "\n".join(failures)


# --- The tests -----------------------------------------------------------------------------

def test_there_are_at_least_150_queries_and_none_was_picked_by_hand():
    queries = most_populous() + short_forms() + shared_names() + areas_and_islands() + crown_places() + misspellings()
    assert len(most_populous()) == 100 and len(queries) >= 150, len(queries)
    assert len(misspellings()) >= 30 and len(crown_places()) >= 40 and len(shared_names()) >= 20


def test_the_100_most_populous_places_find_their_nearest_centre(finder):
    check_all(finder, most_populous())


def test_short_names_find_the_town_people_mean(finder):
    names = short_forms()
    assert {"Newcastle", "Stoke", "Hull", "Southend", "Caerdydd", "Abertawe", "Casnewydd"} <= set(names)
    check_all(finder, names)


def test_shared_names_use_a_far_bigger_place_or_ask_which(finder):
    names = shared_names() + ["Newcastle", "Richmond", "Douglas", "Newport"]
    check_all(finder, names)
    kinds = [expected_answer(name)[0] for name in names]
    assert "results" in kinds and "question" in kinds, "both kinds of answer are tried"


def test_newcastle_is_newcastle_upon_tyne_with_a_switch_to_the_others(finder):
    answer = ask(finder, "Newcastle")
    assert answer["heading"] == "Centres nearest to Newcastle upon Tyne, England"
    assert answer["alternativeLinks"] == ["Newcastle under Lyme, Staffordshire, England", "Newcastle, Northern Ireland"]
    finder.get_by_role("link", name="Newcastle, Northern Ireland").click()
    expect(finder.locator("#finder-results-heading")).to_have_text("Centres nearest to Newcastle, Northern Ireland")
    expect(finder.locator("#finder-results-heading")).to_be_focused()
    assert "near=Newcastle%2C+Northern+Ireland" in finder.url


def test_richmond_asks_which_with_the_london_one_first(finder):
    answer = ask(finder, "Richmond")
    assert answer["question"] == "Which Richmond do you mean?"
    assert answer["choices"][:2] == ["Richmond, London, England", "Richmond, North Yorkshire, England"]


def test_a_name_then_where_it_is_without_a_comma_finds_what_it_finds_with_one(finder):
    """'Leeds England' is 'Leeds, England', 'Leeds city centre' is 'Leeds', and a shared name followed by one
    place's county is that place, for the 100 most populous places and the shared names."""
    pairs = [(f"{p['name']} {p['nation']}", f"{p['name']}, {p['nation']}") for p in uk_towns()[:100]]
    pairs += [(f"{p['name']} city centre", p["name"]) for p in uk_towns()[:100]]
    pairs += [(f"{name} {p['county']}", f"{name}, {p['county']}") for name in shared_names() for p in by_name()[place_key(name)]
              if p["county"] and p["kind"] != "crown"]
    typed, meant = zip(*[(typed, meant) for typed, meant in pairs if place_key(typed) not in by_name()])  # "Manchester City Centre" is a place
    failures = answered_alike(finder, typed, meant)
    assert len(typed) >= 250 and not failures, f"{len(failures)} of {len(typed)}:\n" + "\n".join(failures[:25])


def test_a_northern_ireland_town_with_its_county_is_that_town(finder):
    """Our Northern Ireland towns have no county, but readers add one ("Bangor, Co Down", "Omagh County Tyrone"):
    any county or council area of Northern Ireland leaves the town what it is with the nation, and so tells
    Bangor, Northern Ireland from Bangor in Wales. Every 3rd town, each with the county nearest it."""
    counties = [p for p in places() if p["kind"] == "area" and p["nation"] == "Northern Ireland" and p["name"].startswith("County ")]
    towns = [p for p in places() if p["kind"] == "town" and p["nation"] == "Northern Ireland" and not p["county"]][::3]
    typed, meant = [], []
    for town in towns:
        county = min(counties, key=lambda c: miles(c["point"], town["point"]))["name"]
        for form in (f"{town['name']}, {county.replace('County', 'Co')}", f"{town['name']} {county.replace('County', 'Co.')}", f"{town['name']} {county}"):
            typed.append(form)
            meant.append(f"{town['name']}, Northern Ireland")
    failures = answered_alike(finder, typed, meant)
    assert len(towns) >= 30 and not failures, f"{len(failures)} of {len(typed)}:\n" + "\n".join(failures[:25])
    assert ask(finder, "Bangor Co Down")["heading"] == "Centres nearest to Bangor, Northern Ireland"


def test_a_county_by_its_short_form_is_that_county(finder):
    """Addresses shorten counties ("Halifax, W Yorks", "Newport, IOW"): a county's other names say where a town is
    as its name does. For each county with other names, its most populous town, with and without the comma."""
    typed, meant = [], []
    for area in (p for p in places() if p["kind"] == "area" and p["names"][1:]):
        towns = [t for t in uk_towns() if t["county"] == area["name"]]
        for town, other in ((towns[0], name) for name in area["names"][1:] if towns):
            typed += [f"{town['name']}, {other}", f"{town['name']} {other}"]
            meant += [f"{town['name']}, {area['name']}"] * 2
    failures = answered_alike(finder, typed, meant, questions=False)
    assert len(typed) >= 40 and "Newport, IOW" in typed and not failures, f"{len(failures)} of {len(typed)}:\n" + "\n".join(failures[:25])
    assert ask(finder, "Halifax W Yorks")["heading"] == "Centres nearest to Halifax, England"


def test_a_town_with_a_nation_it_is_not_in_is_not_used(finder):
    """"Leeds, Scotland": no Leeds is in Scotland, so none is used without asking; the reader is offered Leeds,
    England first. For the 30 most populous towns, each with a nation it has no place of its name in."""
    queries = []
    for town in uk_towns()[:30]:
        nations = sorted(UK_NATIONS - {p["nation"] for p in by_name()[place_key(town["name"])]})
        queries.append((f"{town['name']}, {nations[0]}", town))
    failures = []
    for (typed, town), answer in zip(queries, ask_all(finder, [typed for typed, _ in queries])):
        if answer is None or answer["heading"] or answer["question"] or not answer["suggestions"] or answer["suggestions"][0] != town["label"]:
            failures.append(f"{typed!r}: {answer and (answer['heading'], answer['question'], answer['suggestions'])}")
    assert not failures, "\n".join(failures)


def test_a_town_with_a_county_it_is_not_in_offers_the_places_named_on_from_it_there(finder):
    """"Stratford, Warwickshire": the only Stratford is in London, and may still be meant (a town can be its own
    council, out of its old county), so it is shown; but Stratford-upon-Avon, in Warwickshire, is offered first."""
    answer = ask(finder, "Stratford, Warwickshire")
    assert answer["heading"] == "Centres nearest to Stratford, England"
    assert answer["alternativeLinks"][:2] == ["Stratford-on-Avon, Warwickshire, England", "Stratford-upon-Avon, Warwickshire, England"]
    assert ask(finder, "Swindon, Wilts")["heading"] == "Centres nearest to Swindon, England"
    assert ask(finder, "Southampton, Hants")["heading"] == "Centres nearest to Southampton, England"


def test_words_before_a_name_that_do_not_change_where_it_is_are_left_out(finder):
    """"near Leeds", "I live in Hull", "Central London" found nothing. For the 100 most populous places, with words
    readers put first, the answer is the name's own, except where those words and the name are a place of their own."""
    before = ["near", "I live in", "I'm in", "close to", "nr.", "around", "Central", "North", "Greater"]
    pairs = [(f"{words} {p['name']}", p["name"]) for p in uk_towns()[:100] for words in before]
    typed, meant = zip(*[(typed, meant) for typed, meant in pairs if place_key(typed) not in by_name()])  # "North Shields"
    failures = answered_alike(finder, typed, meant)
    assert len(typed) >= 800 and not failures, f"{len(failures)} of {len(typed)}:\n" + "\n".join(failures[:25])
    assert ask(finder, "North Shields")["heading"] == "Centres nearest to North Shields, England"


def test_an_address_finds_its_town_or_county(finder):
    """Readers type their address. Its first line ("14 High Street", "Flat 2", "Rose Cottage") is passed over, and so,
    after it, is a part that names no place ("Mill Lane"); for the 100 most populous places and every 4th area."""
    towns = uk_towns()[:100]
    pairs = [(f"{n} High Street, {p['name']}", p["name"]) for n, p in enumerate(towns, 1)]
    pairs += [(f"Flat {n}, {n + 10} Station Road, {p['name']}, {p['county'] or p['nation']}", f"{p['name']}, {p['county'] or p['nation']}")
              for n, p in enumerate(towns, 1)]
    pairs += [(f"Rose Cottage, Mill Lane, {name}", name) for name in areas_and_islands()]
    pairs += [(f"{n} Church Road {p['name']}", p["name"]) for n, p in enumerate(towns, 1)]  # no commas: the words after the street
    typed, meant = zip(*pairs)
    failures = answered_alike(finder, typed, meant)
    assert len(typed) >= 350 and not failures, f"{len(failures)} of {len(typed)}:\n" + "\n".join(failures[:25])
    assert ask(finder, "22 Acacia Avenue, Edinbrugh")["suggestions"] == ["Edinburgh"]
    for nowhere in ("1 Main Street, Nowhere Special", "SW1A 1CA", "Flat 2 and 3", "1 Main Street"):
        assert ask(finder, nowhere)["error"] == "Enter a real postcode, like LS1 4AP, or the name of a town", nowhere


def test_a_name_then_words_the_finder_cannot_place_suggests_the_places_of_that_name(finder):
    """'Newport Gwent' (a county no longer in use) is no place the finder knows: it offers each Newport, biggest
    first, never a silent choice; for the shared names and the 20 most populous places."""
    names = shared_names() + [p["name"] for p in uk_towns()[:20]]
    answers = ask_all(finder, [f"{name} Xqzvwk" for name in names])
    failures = []
    for name, answer in zip(names, answers):
        places = sorted(by_name()[place_key(name)], key=lambda p: (-p["people"], p["label"]))
        if answer is None or answer["heading"] or answer["suggestions"] != [p["label"] for p in places[:4]]:
            failures.append(f"{name!r}: {answer and (answer['heading'], answer['suggestions'])}")
    assert len(names) >= 40 and not failures, "\n".join(failures)


def longer_names(word):
    """The places with a name that goes on from `word` ("Ashby": Ashby-de-la-Zouch), biggest first."""
    found = {place["label"]: place for place in places() if any(place_key(n).startswith(place_key(word) + " ") for n in place["names"])}
    return sorted(found.values(), key=lambda p: (-p["people"], p["label"]))


def test_the_first_word_of_longer_names_suggests_those_places_first(finder):
    """'Ashby' is no place, but begins Ashby-de-la-Zouch: the places whose names go on from the words come
    first among the suggestions, the biggest of them included; for the first word of every town of 10,000 or more."""
    firsts = sorted({p["name"].replace("-", " ").split()[0] for p in uk_towns() if int(p["population"]) >= 10000})
    words = [w for w in firsts if len(place_key(w)) >= 3 and place_key(w) not in by_name() and longer_names(w)]
    failures = []
    for word, answer in zip(words, ask_all(finder, words)):
        longer = longer_names(word)
        first = answer and answer["suggestions"][:min(4, len(longer))]
        if not first or answer["heading"] or not set(first) <= {p["label"] for p in longer} or longer[0]["label"] not in first:
            failures.append(f"{word!r}: expected the first of {[p['label'] for p in longer[:4]]}, got {answer and answer['suggestions']}")
    assert len(words) >= 10 and not failures, "\n".join(failures)


def test_counties_council_areas_and_islands_are_places(finder):
    names = areas_and_islands()
    assert {"Skye", "Harris", "Tiree"} <= set(names) and len(names) >= 60
    check_all(finder, names + ["Cornwall", "Isle of Wight", "Isle of Anglesey", "Anglesey", "Orkney", "Shetland",
                               "Na h-Eileanan Siar", "Skye", "Mull", "Islay", "Arran", "Isles of Scilly", "Lewis"])


def test_crown_dependency_towns_name_their_island_and_shared_names_ask(finder):
    names = crown_places()
    assert {"St Helier", "St Peter Port", "Douglas", "Alderney", "Sark", "Jersey", "Guernsey", "Isle of Man"} <= set(names)
    check_all(finder, names)
    answer = ask(finder, "Douglas")
    assert answer["choices"] == ["Douglas, Isle of Man", "Douglas, South Lanarkshire, Scotland"]


def nation_names():
    """(typed, nation, the name in it) for each nation of the UK's places, alone and with words that leave it a
    nation, their other names, and the UK's names ('' for the nation)."""
    nations = sorted({p["nation"] for p in places() if p["kind"] != "crown"})
    typed = [(text, nation, nation) for nation in nations for text in (nation, f"{nation}, UK", f"{nation.upper()} city")]
    others = [("Cymru", "Wales"), ("Alba", "Scotland"), ("NI", "Northern Ireland"), ("N. Ireland", "Northern Ireland")]
    uk = [(name, "", name) for name in ("UK", "U.K.", "United Kingdom", "Great Britain", "Britain", "GB")]
    parts = [(f"{part} {nation}", nation, nation) for nation in nations for part in ("North", "Mid", "South")]
    return typed + [(name, nation, name) for name, nation in others] + uk + parts


def test_a_whole_nation_asks_for_a_town_and_links_to_its_centres_and_its_namesakes(finder):
    """A nation is too big to measure from: "Wales" found the village in South Yorkshire, and so Sheffield's centres."""
    queries = nation_names()
    assert {nation for _, nation, _ in queries} == UK_NATIONS | {""}
    failures = []
    for (typed, nation, name), answer in zip(queries, ask_all(finder, [typed for typed, _, _ in queries])):
        where = nation or "the UK"
        namesakes = [p["label"] for p in sorted(by_name().get(place_key(name), []), key=lambda p: (-p["people"], p["label"]))]
        wanted = {"error": f"Enter a town or postcode in {where}", "heading": None, "suggestions": [f"See every centre in {where}", *namesakes],
                  "description": f"See every centre in {where}." + (f" Did you mean {join(namesakes)}?" if namesakes else "")}
        got = answer and {key: answer[key] for key in wanted}
        if got != wanted:
            failures.append(f"{typed!r}: expected {wanted}, got {got}")
    assert not failures, "\n".join(failures)
    ask(finder, "Northern Ireland")
    link = finder.locator("#finder-errors .app-error-summary__description a").first
    link.click()
    target = finder.evaluate("document.querySelector(location.hash).textContent.trim()")
    assert target == "Northern Ireland" and finder.evaluate("location.hash") == "#nation-northern-ireland"


def test_a_place_named_like_a_nation_is_found_by_its_label_or_county(finder):
    villages = [p for p in places() if p["kind"] != "crown" and place_key(p["name"]) in {place_key(n) for n in UK_NATIONS}]
    assert villages, "no place shares a nation's name: pick another query"
    for village in villages:
        for typed in (village["label"], f"{village['name']}, {village['county']}"):
            assert ask(finder, typed)["heading"] == f"Centres nearest to {short_label(village)}", typed


@pytest.mark.parametrize("typed, island", [("JE2 3AB", "a Jersey"), ("gy1 1aa", "a Guernsey"), ("IM1", "an Isle of Man")])
def test_crown_dependency_postcodes_name_their_island(finder, typed, island):
    answer = ask(finder, typed)
    shown = typed.upper().replace("1AA", " 1AA").replace("  ", " ") if " " not in typed else typed.upper()
    place = island.split(" ", 1)[1]
    article = "The Isle of Man" if place == "Isle of Man" else place
    assert answer["error"] == f"{shown} is {island} postcode. {article} is outside the area this finder covers"
    assert answer["description"] == CONTACT


def test_misspellings_suggest_the_place_and_never_swap_it_in(finder):
    failures = []
    typos = misspellings()
    for (typo, intended), answer in zip(typos, ask_all(finder, [typo for typo, _ in typos])):
        if answer is None:
            failures.append(f"{typo!r}: the page gave no answer")
        elif answer["heading"] or intended not in answer["suggestions"]:
            failures.append(f"{typo!r}: expected a suggestion of {intended!r}, got {answer['error']!r} {answer['suggestions']}")
        elif answer["error"] != f"We could not find a place called ‘{typo}’. Check the spelling, or enter a postcode":
            failures.append(f"{typo!r}: error {answer['error']!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("typo, intended", [("Edinbrugh", "Edinburgh"), ("Cardif", "Cardiff"), ("Manchster", "Manchester"),
                                            ("Glasgo", "Glasgow"), ("Plymoth", "Plymouth")])
def test_a_common_misspelling_puts_the_place_first_and_its_link_runs_the_search(finder, typo, intended):
    answer = ask(finder, typo)
    assert answer["suggestions"][0] == intended
    assert answer["description"].startswith(f"Did you mean {intended}")
    finder.locator("#finder-errors .app-error-summary__description a").first.click()
    (place,) = [p for p in by_name()[place_key(intended)] if p["name"] == intended and p["kind"] == "town"]
    expect(finder.locator("#finder-results-heading")).to_have_text(f"Centres nearest to {short_label(place)}")
    expect(finder.locator(BOX)).to_have_value(intended)


def test_postcodes_and_outward_codes_keep_working(finder):
    for typed, district in [("M20 4BX", "M20"), ("eh42xu", "EH4"), ("BT74", "BT74"), ("ZE2", "ZE2")]:
        answer = ask(finder, typed)
        assert answer["heading"].startswith("Centres nearest to ")
        assert answer["first"] in nearest_centres(districts()[district]), typed


LOOK_ALIKES = {"0": "O", "1": "I", "O": "0", "I": "1"}


def mistyped(district):
    """A district's postcode with each digit of its outward code typed as the letter it looks like, and each O or I
    as a digit ("M20" as "M2O", "OX4" as "0X4"), one at a time, and its inward "1AA" typed "IAA"."""
    typed = []
    for at, character in enumerate(district):
        if character in LOOK_ALIKES:
            typed.append(f"{district[:at]}{LOOK_ALIKES[character]}{district[at + 1:]} 1AA")
    return typed + [f"{district} IAA"]


def test_a_postcode_with_o_for_0_or_i_for_1_is_read_as_the_one_it_can_be(finder):
    """Readers type O for 0 and I for 1 (and back). Each such postcode is read as the district it was made from,
    or, where it could be more than one district, is an error: never another district. Every 13th district."""
    queries = [(typed, district) for district in sorted(districts())[::13] for typed in mistyped(district)]
    answers = ask_all(finder, [typed for typed, _ in queries])
    right, wrong = 0, []
    for (typed, district), answer in zip(queries, answers):
        if answer and answer["heading"] in (f"Centres nearest to {district} 1AA", f"Centres nearest to {district}"):
            right += 1
        elif answer is None or answer["heading"] or answer["error"] != "Enter a real postcode, like LS1 4AP, or the name of a town":
            wrong.append(f"{typed!r} (from {district}): {answer and (answer['heading'], answer['error'])}")
    assert not wrong and len(queries) >= 300 and right >= 0.9 * len(queries), f"{right} of {len(queries)} right\n" + "\n".join(wrong[:25])


def test_a_label_from_the_list_finds_exactly_that_place(finder, site_url):
    """suggestPlaces gives labels that, typed and searched, find just that place."""
    suggested = finder.evaluate("""async (url) => {
        const places = await import(url + 'js/finder/places.js')
        const index = await places.loadPlaceIndex(url + 'finder/places.json')
        return ['newc', 'Richmond', 'stoke', 'Isle of', 'st he', 'dougl'].map((text) => places.suggestPlaces(index, text, 5))
    }""", site_url)
    assert [s["label"] for s in suggested[0][:2]] == ["Newcastle upon Tyne, Tyne and Wear, England", "Newcastle under Lyme, Staffordshire, England"]
    assert suggested[1][0]["label"] == "Richmond, London, England"
    assert "St Helier, Jersey" in [s["label"] for s in suggested[4]]
    assert all(len(suggested[n]) == 5 for n in (0, 2, 3))
    failures = []
    suggestions = [s for group in suggested for s in group]
    for suggestion, answer in zip(suggestions, ask_all(finder, [s["value"] for s in suggestions])):
        (place,) = [p for p in places() if p["label"] == suggestion["label"]]
        if answer is None:
            ok = False
        elif place["kind"] == "crown":
            ok = answer["error"] == crown_message(place)
        else:
            ok = answer["heading"] == f"Centres nearest to {short_label(place)}" and not answer["alternatives"]
        if not ok:
            failures.append(f"{suggestion}: {answer}")
    assert not failures, "\n".join(failures)


def test_spelling_distance_counts_a_swap_as_one_change(finder, site_url):
    pairs = [["edinbrugh", "edinburgh"], ["cardif", "cardiff"], ["glasgo", "glasgow"], ["lodnon", "london"],
             ["leeds", "leeds"], ["york", "cork"], ["bath", "hull"], ["manchster", "manchester"]]
    distances = finder.evaluate("""async ([url, pairs]) => {
        const spelling = await import(url + 'js/spelling.js')
        return pairs.map(([a, b]) => spelling.spellingDistance(a, b))
    }""", [site_url, pairs])
    assert distances == [1, 1, 1, 1, 0, 1, 4, 1]
