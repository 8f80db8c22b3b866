"""The finder's right answers, worked out independently in Python from the committed data:
the real centres, straight-line distances, and the place table by every name people type;
and the page's answers, asked in a real browser."""

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


# --- Asking the page ------------------------------------------------------------

BOX = "#finder-near"

READ_ANSWER = """() => {
  const text = (selector) => { const e = document.querySelector(selector); return e && !e.hidden && e.offsetParent !== null ? e.textContent.trim() : null }
  const links = (selector) => [...document.querySelectorAll(selector)].filter((a) => a.offsetParent !== null).map((a) => a.textContent.trim())
  return {
    heading: text('#finder-results-heading'),
    first: text('.js-finder-results-list .app-centre-card__name'),
    alternatives: text('.js-finder-results-alternatives'),
    alternativeLinks: links('.js-finder-results-alternatives a'),
    question: text('#finder-choices-heading'),
    choices: links('.js-finder-choices-list a'),
    error: text('#finder-errors li a'),
    description: text('#finder-errors .app-error-summary__description'),
    suggestions: links('#finder-errors .app-error-summary__description a'),
  }
}"""

# Watched for the answer: every answer replaces the items of one of these lists.
WATCH = """(then = () => {}) => {
  window.__answered = false
  const observer = new MutationObserver(() => { window.__answered = true; observer.disconnect(); then() })
  for (const list of document.querySelectorAll('.js-finder-results-list, .js-finder-choices-list, .js-error-summary-list')) {
    observer.observe(list, { childList: true })
  }
  return observer
}"""

# ask() for each text, in one call to the browser: the text goes in with an input event, Enter goes to
# the box (the suggestions list acts on it) and, unless it chose an option, the form is sent as Enter
# sends it; each answer is read as soon as the page has changed (the observer is told once the search's
# rendering is done), or is null after 10 seconds without one. The address bar is left as it is meanwhile:
# each search adds a history entry, and Playwright, told of every one, fell seconds behind the page after
# a few hundred (tests/test_finder_browser.py checks the history with ask()).
ASK_ALL = f"""async ([box, texts]) => {{
  const input = document.querySelector(box), read = ({READ_ANSWER}), answers = []
  history.pushState = history.replaceState = () => {{}}
  try {{ for (const text of texts) {{
    let observer, timer
    const answered = new Promise((resolve) => {{
      observer = ({WATCH})(() => {{ clearTimeout(timer); resolve(read()) }})
      timer = setTimeout(() => {{ observer.disconnect(); resolve(null) }}, 10000)
    }})
    input.focus()
    input.value = text
    input.dispatchEvent(new InputEvent('input', {{ bubbles: true, inputType: 'insertText', data: text }}))
    if (input.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'Enter', bubbles: true, cancelable: true }}))) input.form.requestSubmit()
    answers.push(await answered)
  }} }} finally {{ delete history.pushState; delete history.replaceState }}
  return answers
}}"""


def ask(page, text):
    """Type a query over what the box holds, press Enter, and return what the page answers once it has changed:
    the box is focused with its text selected, the query goes in as typed text (one input event) and the
    answer is read as soon as it shows."""
    page.evaluate(f"(box) => {{ ({WATCH})(); const input = document.querySelector(box); input.focus(); input.select() }}", BOX)
    page.keyboard.insert_text(text)
    page.keyboard.press("Enter")
    return page.wait_for_function(f"() => window.__answered === true && ({READ_ANSWER})()", timeout=30000).json_value()


def ask_all(page, texts):
    """Ask each text in turn as ask() does, in one call to the browser (the place-name tests ask hundreds
    of questions); return the answers, None where the page gave none within 10 seconds."""
    return page.evaluate(ASK_ALL, [BOX, list(texts)])
