/**
 * Centre finder (issue 4): the centres nearest to a postcode, a town or the
 * reader's location, worked out in the browser. Nothing the reader types, and
 * never their location, leaves this page: the only requests are for the
 * site's own place index (finder/*.json), and only once the reader searches.
 *
 * Progressive enhancement: without JavaScript the page lists every centre by
 * nation. This module shows the search form, reads each centre from its
 * card's data- attributes (one source of truth), and shows the nearest ones.
 *
 * Distances are straight lines (haversine), rounded so they do not look more
 * exact than a postcode district's centre is (95% of a median district lies
 * within 2 miles of it):
 *   under 1 mile      → "less than 1 mile"
 *   1 to 9.5 miles    → whole miles ("about 3 miles")
 *   9.5 to 97.5 miles → nearest 5 ("about 45 miles")
 *   further           → nearest 10 ("about 230 miles")
 * each followed by ", straight line".
 */

import { attachCombobox } from './finder/combobox.js'

const MODULE = 'app-centre-finder'
const RESULTS_SHOWN = 10
const EARTH_RADIUS_MILES = 3958.76
const LOCATION_TIMEOUT_MS = 15000
/** On a slow connection the index takes a while: say so, rather than seem to do nothing. */
const SLOW_SEARCH_MS = 400
const OUTWARD = '(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)'
const FULL_POSTCODE = new RegExp(`^(${OUTWARD})([0-9][ABD-HJLNP-UW-Z]{2})$`)
const OUTWARD_CODE = new RegExp(`^${OUTWARD}$`)
const OUTSIDE_AREAS = ['GY', 'JE', 'IM'] // Guernsey, Jersey, Isle of Man: not in our data
const OUTSIDE_PLACES = ['jersey', 'guernsey', 'alderney', 'sark', 'herm', 'isle of man', 'st peter port', 'channel islands']
const UK = { lat: [49.8, 60.9], lon: [-8.7, 1.8] }
const ISLE_OF_MAN = { lat: [54.04, 54.42], lon: [-4.83, -4.3] }

const MESSAGES = {
  empty: 'Enter a postcode or town',
  badPostcode: 'Enter a real postcode, like LS1 4AP, or the name of a town',
  outside: 'Jersey, Guernsey and the Isle of Man are outside the area this finder covers',
  outsideHelp: 'Contact us and we can help you find a centre.',
  areaOnly: (area) => `${area} is only the start of a postcode. Enter a full postcode, like ${area}1 1AA, or its first part, like ${area}1`,
  noDistrict: (shown, outward, area) => `We could not find ${shown}. There is no district ${outward} in the ${area} postcode area. Check the postcode, or enter a town`,
  noArea: (shown) => `We could not find the postcode ${shown}. Check it, or enter the name of a town`,
  noPlace: (text) => `We could not find a place called ‘${text}’. Check the spelling, or enter a postcode`,
  broken: 'Sorry, the search is not working at the moment. Every centre is listed below, by nation',
  denied: 'We could not use your location because your browser did not allow it. Enter a postcode or town instead',
  unavailable: 'We could not find your location. Enter a postcode or town instead',
  timeout: 'Finding your location took too long. Try again, or enter a postcode or town',
  abroad: 'Your location seems to be outside the UK, so we cannot tell which centres are nearest. Enter a postcode or town instead'
}

/** Start the finder on every element that asks for it, once enhance.js has marked the page. */
function startAll () {
  if (!document.body.classList.contains('js-enabled')) return
  document.querySelectorAll(`[data-module="${MODULE}"]`).forEach(initCentreFinder)
}

/**
 * Enhance one finder: show the search form and answer searches.
 * @param {HTMLElement} $root - the element with data-module="app-centre-finder"
 * @returns {object|undefined} the finder's state, or undefined when required elements are missing
 */
export function initCentreFinder ($root) {
  const els = findElements($root)
  if (!els) return
  const finder = {
    els,
    centres: readCentres($root),
    indexUrl: $root.dataset.indexUrl,
    indexVersion: $root.dataset.indexVersion || '',
    contactUrl: $root.dataset.contactUrl || null,
    title: document.title,
    cache: new Map(),
    point: null,
    searchId: 0,
    shown: null, // the query string that what is on the page reflects
    locating: false
  }
  bindEvents(finder)
  attachSuggestions(finder)
  els.locate.hidden = !('geolocation' in navigator && window.isSecureContext)
  restoreFromUrl(finder)
  return finder
}

/**
 * Find the elements the finder needs; warn and return null if any is missing.
 * @param {HTMLElement} $root
 * @returns {object|null}
 */
function findElements ($root) {
  const selectors = {
    form: '.js-finder-form', group: '.js-finder-group', input: '.js-finder-input', error: '.js-finder-error',
    nation: '.js-finder-nation', locate: '.js-finder-locate', status: '.js-finder-status',
    summary: '.js-finder-error-summary', summaryList: '.js-error-summary-list', summaryText: '.js-error-summary-description',
    choices: '.js-finder-choices', choicesHeading: '.js-finder-choices-heading', choicesCount: '.js-finder-choices-count',
    choicesList: '.js-finder-choices-list', retry: '.js-finder-retry',
    results: '.js-finder-results', heading: '.js-finder-results-heading', count: '.js-finder-results-count', list: '.js-finder-results-list'
  }
  const els = {}
  for (const [name, selector] of Object.entries(selectors)) {
    els[name] = $root.querySelector(selector)
    if (!els[name]) {
      console.warn(`${MODULE}: no element matches ${selector}, so the search is not shown`)
      return null
    }
  }
  if (!$root.dataset.indexUrl) {
    console.warn(`${MODULE}: data-index-url is missing, so the search is not shown`)
    return null
  }
  return els
}

/**
 * Read every centre from its card's data- attributes.
 * @param {HTMLElement} $root
 * @returns {Array<{id: string, name: string, nation: string, lat: number, lon: number, card: HTMLElement}>}
 */
function readCentres ($root) {
  const centres = []
  for (const card of $root.querySelectorAll('[data-centre-id]')) {
    const centre = {
      id: card.dataset.centreId, name: card.dataset.name, nation: card.dataset.nation,
      lat: parseFloat(card.dataset.latitude), lon: parseFloat(card.dataset.longitude), card
    }
    if (Number.isFinite(centre.lat) && Number.isFinite(centre.lon)) centres.push(centre)
    else console.warn(`${MODULE}: centre ${centre.id} has no usable latitude and longitude, so it is left out of searches`)
  }
  return centres
}

/**
 * Wire up the form, the buttons, the links the script makes, and Back/Forward.
 * @param {object} finder
 */
function bindEvents (finder) {
  const { els } = finder
  els.form.addEventListener('submit', (event) => {
    event.preventDefault()
    search(finder, els.input.value, { push: true, focus: true })
  })
  els.locate.addEventListener('click', () => locate(finder))
  els.nation.addEventListener('change', () => refilter(finder))
  els.summaryList.addEventListener('click', (event) => focusFieldFromLink(finder, event))
  els.retry.addEventListener('click', (event) => focusFieldFromLink(finder, event))
  els.choicesList.addEventListener('click', (event) => chooseLink(finder, event))
  window.addEventListener('popstate', (event) => followHistory(finder, event.state))
}

/**
 * Suggest places as the reader types; choosing one searches for it. Suggestions are the places
 * whose names start with what is typed (from that letter's file). Focusing the box starts loading
 * the postcode index, which a postcode search needs, so the answer comes at once.
 * @param {object} finder
 */
function attachSuggestions (finder) {
  attachCombobox(finder.els.input, {
    prepare: () => loadJson(finder, 'districts.json').catch(() => {}),
    source: async (text) => {
      const key = placeKey(text)
      if (/[0-9]/.test(key)) return []
      const places = await loadPlaces(finder, key)
      const keys = [...places.keys()].filter((name) => name.startsWith(key)).sort().slice(0, 8)
      return keys.flatMap((name) => places.get(name).map((place) => placePoint(place, places)))
        .slice(0, 8).map((point) => ({ label: point.label, value: point.near }))
    },
    onChoose: (option) => search(finder, option.value, { push: true, focus: true })
  })
}

/**
 * Search for what the reader typed and show the answer: results, a question or an error.
 * @param {object} finder
 * @param {string} text - a postcode, part of one, or a place name
 * @param {{push: boolean, focus: boolean}} options - push: add the search to the history; focus: move focus to the answer
 */
async function search (finder, text, options) {
  const id = ++finder.searchId
  const slow = window.setTimeout(() => announce(finder, 'Searching…'), SLOW_SEARCH_MS)
  let answer
  try {
    answer = await resolveQuery(finder, text)
  } catch (error) {
    console.warn(`${MODULE}: could not load the place index (${error.message})`)
    answer = { error: MESSAGES.broken, href: '#all-centres' }
  } finally {
    window.clearTimeout(slow)
  }
  if (id !== finder.searchId) return // a newer search has started
  if (answer.error) showError(finder, answer)
  else if (answer.choices) showChoices(finder, answer, options.focus)
  else {
    showResults(finder, answer.point, options.focus)
    if (options.push || answer.point.near !== new URLSearchParams(window.location.search).get('near')) {
      updateUrl(finder, answer.point.near, !options.push)
    }
  }
}

/**
 * Work out where a query points: {point}, {choices} when a name is shared, or {error}.
 * @param {object} finder
 * @param {string} text
 * @returns {Promise<object>}
 */
async function resolveQuery (finder, text) {
  const squashed = text.toUpperCase().replace(/[^A-Z0-9]/g, '')
  if (!squashed) return { error: MESSAGES.empty }
  if (/[0-9]/.test(squashed)) return resolvePostcode(finder, squashed)
  return resolvePlace(finder, text.trim(), squashed)
}

/**
 * Find a full postcode's or an outward code's district centre.
 * @param {object} finder
 * @param {string} code - upper case, letters and digits only
 * @returns {Promise<object>}
 */
async function resolvePostcode (finder, code) {
  const full = FULL_POSTCODE.exec(code)
  const outward = full ? full[1] : (OUTWARD_CODE.test(code) ? code : null)
  if (!outward) return { error: MESSAGES.badPostcode }
  const area = areaOf(outward)
  if (OUTSIDE_AREAS.includes(area)) return outsideArea(finder)
  const districts = await loadJson(finder, 'districts.json')
  const shown = full ? `${outward} ${full[2]}` : outward
  const point = districts[outward]
  if (point) return { point: { lat: point[0], lon: point[1], label: shown, near: outward } }
  const areaKnown = Object.keys(districts).some((district) => areaOf(district) === area)
  return { error: areaKnown ? MESSAGES.noDistrict(shown, outward, area) : MESSAGES.noArea(shown) }
}

/**
 * Find a town by name, allowing "Newport, near Cardiff" or "Newport, Wales" to pick one of several.
 * @param {object} finder
 * @param {string} text - as typed, trimmed
 * @param {string} squashed - upper case, letters only
 * @returns {Promise<object>}
 */
async function resolvePlace (finder, text, squashed) {
  const key = placeKey(text)
  if (OUTSIDE_PLACES.includes(key)) return outsideArea(finder)
  const places = await loadPlaces(finder, key)
  let matches = places.get(key) || []
  const comma = text.indexOf(',')
  if (!matches.length && comma > 0) {
    const named = places.get(placeKey(text.slice(0, comma))) || []
    const wanted = placeKey(text.slice(comma + 1))
    const exact = named.filter((place) => qualifierMatches(place, wanted, true))
    const loose = named.filter((place) => qualifierMatches(place, wanted, false))
    matches = exact.length ? exact : loose.length ? loose : named
  }
  if (matches.length === 1) return { point: placePoint(matches[0], places) }
  if (matches.length > 1) return { name: matches[0].name, choices: matches.map((place) => placeChoice(place)) }
  if (/^[A-Z]{1,2}$/.test(squashed) && await isPostcodeArea(finder, squashed)) return { error: MESSAGES.areaOnly(squashed) }
  return { error: MESSAGES.noPlace(text) }
}

/**
 * Say a postcode or place is outside the finder's data, pointing to the charity.
 * @param {object} finder
 * @returns {object}
 */
function outsideArea (finder) {
  return { error: MESSAGES.outside, description: MESSAGES.outsideHelp, link: finder.contactUrl }
}

/**
 * Return the letters at the start of a postcode: its area ("M" for M20, "LS" for LS1).
 * @param {string} code
 * @returns {string}
 */
function areaOf (code) {
  return code.match(/^[A-Z]+/)[0]
}

/**
 * Tell whether some postcode district starts with these letters.
 * @param {object} finder
 * @param {string} area
 * @returns {Promise<boolean>}
 */
async function isPostcodeArea (finder, area) {
  const districts = await loadJson(finder, 'districts.json')
  return Object.keys(districts).some((district) => areaOf(district) === area)
}

/**
 * Return a name as the finder compares it: no accents, case, apostrophes or other
 * punctuation, and "Saint" as "St". Must match place_key() in sitegen/finder.py.
 * @param {string} text
 * @returns {string}
 */
export function placeKey (text) {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/['\u2019]/g, '')
  return plain.split(/[^a-z0-9]+/).filter(Boolean).map((word) => (word === 'saint' ? 'st' : word)).join(' ')
}

/**
 * Tell whether the words after a comma pick out this place: exactly its qualifier ("near Cowes",
 * "Cowes", or "Wales" when that is the qualifier), or loosely its nation as well.
 * @param {{qualifier: string, nation: string}} place
 * @param {string} wanted - the words after the comma, as a key
 * @param {boolean} exact - match the qualifier only
 * @returns {boolean}
 */
function qualifierMatches (place, wanted, exact) {
  const qualifier = placeKey(place.qualifier)
  const bare = qualifier.replace(/^near /, '')
  const nation = placeKey(place.nation)
  const forms = exact ? [qualifier, bare] : [nation, `${qualifier} ${nation}`, `${bare} ${nation}`]
  return forms.includes(wanted)
}

/**
 * Turn a place into a search point; a shared name keeps its qualifier ("Newport, near Cardiff").
 * @param {object} place
 * @param {Map<string, Array<object>>} places - every place with the same first letter, by key
 * @returns {{lat: number, lon: number, label: string, near: string}}
 */
function placePoint (place, places) {
  const shared = (places.get(placeKey(place.name)) || []).length > 1
  const label = shared ? `${place.name}, ${place.qualifier}` : place.name
  return { lat: place.lat, lon: place.lon, label, near: label }
}

/**
 * Describe one of several same-name places for the reader to pick.
 * @param {object} place
 * @returns {{label: string, near: string}}
 */
function placeChoice (place) {
  const near = `${place.name}, ${place.qualifier}`
  return { label: place.qualifier === place.nation ? near : `${near} (${place.nation})`, near }
}

/**
 * Load (once) the places whose names start with the key's first letter, indexed by key.
 * @param {object} finder
 * @param {string} key
 * @returns {Promise<Map<string, Array<object>>>}
 */
async function loadPlaces (finder, key) {
  const initial = key.charAt(0)
  if (!/^[a-z]$/.test(initial)) return new Map()
  const data = await loadJson(finder, `places-${initial}.json`)
  if (!data.byKey) data.byKey = indexPlaces(data)
  return data.byKey
}

/**
 * Index a places file's rows, [name, nation index, lat, lon, qualifier?], by key.
 * @param {{nations: string[], places: Array<Array>}} data
 * @returns {Map<string, Array<object>>}
 */
function indexPlaces (data) {
  const byKey = new Map()
  for (const [name, nationIndex, lat, lon, qualifier] of data.places) {
    const nation = data.nations[nationIndex]
    const key = placeKey(name)
    if (!byKey.has(key)) byKey.set(key, [])
    byKey.get(key).push({ name, nation, lat, lon, qualifier: qualifier || nation })
  }
  return byKey
}

/**
 * Fetch one index file from the site itself, once; a failed fetch may be tried again.
 * @param {object} finder
 * @param {string} name - file name under finder/
 * @returns {Promise<object>}
 */
function loadJson (finder, name) {
  if (!finder.cache.has(name)) {
    const request = fetch(finder.indexUrl + name + (finder.indexVersion && `?v=${finder.indexVersion}`), { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`${response.status} for ${name}`)
      return response.json()
    })
    request.catch(() => finder.cache.delete(name))
    finder.cache.set(name, request)
  }
  return finder.cache.get(name)
}

/**
 * Return the straight-line distance in miles between two points (haversine).
 * @param {{lat: number, lon: number}} a
 * @param {{lat: number, lon: number}} b
 * @returns {number}
 */
export function milesBetween (a, b) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Describe a distance for people, rounded as the header comment says.
 * @param {number} miles
 * @returns {string}
 */
export function describeDistance (miles) {
  if (miles < 1) return 'less than 1 mile, straight line'
  const step = miles < 9.5 ? 1 : miles < 97.5 ? 5 : 10
  const rounded = Math.round(miles / step) * step
  return `about ${rounded} ${rounded === 1 ? 'mile' : 'miles'}, straight line`
}

/**
 * Return every centre with its distance from a point, nearest first (then by name).
 * @param {Array<object>} centres
 * @param {{lat: number, lon: number}} point
 * @returns {Array<{centre: object, miles: number}>}
 */
function rankCentres (centres, point) {
  return centres.map((centre) => ({ centre, miles: milesBetween(point, centre) }))
    .sort((a, b) => a.miles - b.miles || a.centre.name.localeCompare(b.centre.name))
}

/**
 * Show the centres nearest a point (in the chosen nation), and each centre's distance in the full list.
 * @param {object} finder
 * @param {{lat: number, lon: number, label: string, near: string|null}} point
 * @param {boolean} focus - move focus to the results heading
 */
function showResults (finder, point, focus) {
  const { els } = finder
  const nation = selectedNation(finder)
  const ranked = rankCentres(finder.centres, point)
  ranked.forEach(({ centre, miles }) => setDistance(centre.card, describeDistance(miles)))
  const matching = ranked.filter(({ centre }) => !nation || centre.nation === nation)
  const shown = matching.slice(0, RESULTS_SHOWN)
  els.list.replaceChildren(...shown.map(({ centre }) => resultItem(centre)))
  els.heading.textContent = nation ? `Centres in ${nation} nearest to ${point.label}` : `Centres nearest to ${point.label}`
  els.count.textContent = countText(matching.length, shown.length, nation)
  clearError(finder)
  els.choices.hidden = true
  els.results.hidden = false
  finder.point = point
  announce(finder, els.count.textContent)
  if (focus) els.heading.focus()
}

/**
 * Return the name of the nation chosen in the filter, or '' for all of the UK.
 * @param {object} finder
 * @returns {string}
 */
function selectedNation (finder) {
  const option = finder.els.nation.selectedOptions[0]
  return option && option.value ? option.textContent.trim() : ''
}

/**
 * Say how many centres match and how many are shown.
 * @param {number} total
 * @param {number} shown
 * @param {string} nation - '' for all of the UK
 * @returns {string}
 */
function countText (total, shown, nation) {
  const where = nation ? ` in ${nation}` : ''
  if (!total) return `No centres${where}.`
  const counted = `${total} ${total === 1 ? 'centre' : 'centres'}${where}, nearest first.`
  return shown < total ? `${counted} Showing the nearest ${shown}.` : counted
}

/**
 * Write a distance into a centre card and show it.
 * @param {HTMLElement} card
 * @param {string} text
 */
function setDistance (card, text) {
  const distance = card.querySelector('.js-centre-distance')
  if (!distance) return
  distance.textContent = text
  distance.hidden = !text
}

/**
 * Return a list item holding a copy of a centre's card, with its own id and headings one level up.
 * @param {object} centre
 * @returns {HTMLLIElement}
 */
function resultItem (centre) {
  const card = centre.card.cloneNode(true)
  card.id = `result-${card.id}`
  for (const heading of card.querySelectorAll('h3, h4, h5, h6')) retitle(heading, Number(heading.tagName[1]) - 1)
  const item = document.createElement('li')
  item.className = 'app-finder-results__item'
  item.append(card)
  return item
}

/**
 * Replace a heading with one at another level, keeping its class and content.
 * @param {HTMLElement} heading
 * @param {number} level
 */
function retitle (heading, level) {
  const replacement = document.createElement(`h${Math.max(2, level)}`)
  replacement.className = heading.className
  replacement.append(...heading.childNodes)
  heading.replaceWith(replacement)
}

/**
 * Ask which of several places with the same name the reader means.
 * @param {object} finder
 * @param {{name: string, choices: Array<{label: string, near: string}>}} answer
 * @param {boolean} focus - move focus to the question
 */
function showChoices (finder, answer, focus) {
  const { els } = finder
  els.choicesHeading.textContent = `Which ${answer.name} do you mean?`
  els.choicesCount.textContent = `We found ${answer.choices.length} places called ${answer.name}.`
  els.choicesList.replaceChildren(...answer.choices.map((choice) => choiceItem(finder, choice)))
  clearError(finder)
  els.results.hidden = true
  els.choices.hidden = false
  finder.point = null
  announce(finder, `${els.choicesHeading.textContent} ${els.choicesCount.textContent}`)
  if (focus) els.choicesHeading.focus()
}

/**
 * Return a list item linking to a search for one place (the link also works as a bookmark).
 * @param {object} finder
 * @param {{label: string, near: string}} choice
 * @returns {HTMLLIElement}
 */
function choiceItem (finder, choice) {
  const link = document.createElement('a')
  link.href = `?${searchParams(finder, choice.near)}`
  link.dataset.near = choice.near
  link.textContent = choice.label
  const item = document.createElement('li')
  item.append(link)
  return item
}

/**
 * Search for the place the reader picked, without reloading the page.
 * @param {object} finder
 * @param {MouseEvent} event
 */
function chooseLink (finder, event) {
  const link = event.target.closest('a[data-near]')
  if (!link) return
  event.preventDefault()
  finder.els.input.value = link.dataset.near
  search(finder, link.dataset.near, { push: true, focus: true })
}

/**
 * Show an error in the GOV.UK pattern: a summary at the top, with focus, and a message by the box.
 * @param {object} finder
 * @param {{error: string, description?: string, link?: string|null, href?: string}} answer
 */
function showError (finder, answer) {
  const { els } = finder
  const href = answer.href || `#${els.input.id}`
  const link = document.createElement('a')
  link.href = href
  link.textContent = answer.error
  const item = document.createElement('li')
  item.append(link)
  els.summaryList.replaceChildren(item)
  els.status.textContent = '' // the summary is announced as an alert
  describeError(finder, answer)
  showFieldError(finder, href === `#${els.input.id}` ? answer.error : '')
  els.results.hidden = true
  els.choices.hidden = true
  finder.point = null
  els.summary.hidden = false
  document.title = `Error: ${finder.title}`
  els.summary.focus()
}

/**
 * Fill or hide the summary's extra sentence, linking to the contact page when there is one.
 * @param {object} finder
 * @param {{description?: string, link?: string|null}} answer
 */
function describeError (finder, answer) {
  const text = finder.els.summaryText
  text.replaceChildren()
  text.hidden = !answer.description
  if (!answer.description) return
  if (!answer.link) {
    text.textContent = answer.description
    return
  }
  const link = document.createElement('a')
  link.href = answer.link
  link.textContent = 'Contact us'
  text.append(link, answer.description.replace(/^Contact us/, ''))
}

/**
 * Show (or, given '', remove) the error message by the search box.
 * @param {object} finder
 * @param {string} message
 */
function showFieldError (finder, message) {
  const { els } = finder
  const hint = els.input.getAttribute('aria-describedby').split(' ')[0]
  if (message) {
    const prefix = document.createElement('span')
    prefix.className = 'app-u-visually-hidden'
    prefix.textContent = 'Error: '
    els.error.replaceChildren(prefix, message)
  }
  els.error.hidden = !message
  els.group.classList.toggle('app-form-group--error', Boolean(message))
  els.input.classList.toggle('app-input--error', Boolean(message))
  els.input.setAttribute('aria-describedby', message ? `${hint} ${els.error.id}` : hint)
}

/**
 * Remove any error from the page and its title.
 * @param {object} finder
 */
function clearError (finder) {
  finder.els.summary.hidden = true
  showFieldError(finder, '')
  document.title = finder.title
}

/**
 * Move focus to the search box when a link to it is followed, keeping its label in view.
 * @param {object} finder
 * @param {MouseEvent} event
 */
function focusFieldFromLink (finder, event) {
  const link = event.target.closest('a')
  if (!link || link.getAttribute('href') !== `#${finder.els.input.id}`) return
  event.preventDefault()
  finder.els.input.focus({ preventScroll: true })
  finder.els.form.querySelector(`label[for="${finder.els.input.id}"]`).scrollIntoView()
}

/**
 * Put a message in the polite live region; clearing it first makes a repeat heard again.
 * @param {object} finder
 * @param {string} message
 */
function announce (finder, message) {
  finder.els.status.textContent = ''
  window.setTimeout(() => { finder.els.status.textContent = message }, 100)
}

/**
 * Ask the browser where the reader is and show the nearest centres; the position stays on this page.
 * @param {object} finder
 */
function locate (finder) {
  if (finder.locating) return
  finder.locating = true
  const button = finder.els.locate
  const label = button.textContent
  button.textContent = 'Finding your location…'
  announce(finder, 'Finding your location…')
  const done = () => { finder.locating = false; button.textContent = label }
  navigator.geolocation.getCurrentPosition(
    (position) => { done(); showLocation(finder, position.coords) },
    (error) => { done(); showError(finder, { error: locationMessage(error) }) },
    { enableHighAccuracy: false, timeout: LOCATION_TIMEOUT_MS, maximumAge: 600000 }
  )
}

/**
 * Show the centres nearest the reader's position, or say why we cannot.
 * @param {object} finder
 * @param {{latitude: number, longitude: number}} coords
 */
function showLocation (finder, coords) {
  const point = { lat: coords.latitude, lon: coords.longitude, label: 'your location', near: null }
  if (within(point, ISLE_OF_MAN)) return showError(finder, outsideArea(finder))
  if (!within(point, UK)) return showError(finder, { error: MESSAGES.abroad })
  finder.searchId++ // an older typed search must not replace these results
  finder.els.input.value = ''
  updateUrl(finder, null, false) // the reader's position is never put in the address
  showResults(finder, point, true)
}

/**
 * Tell whether a point is inside a latitude and longitude box.
 * @param {{lat: number, lon: number}} point
 * @param {{lat: number[], lon: number[]}} box
 * @returns {boolean}
 */
function within (point, box) {
  return point.lat >= box.lat[0] && point.lat <= box.lat[1] && point.lon >= box.lon[0] && point.lon <= box.lon[1]
}

/**
 * Return the message for a failed location request.
 * @param {GeolocationPositionError} error
 * @returns {string}
 */
function locationMessage (error) {
  if (error.code === 1) return MESSAGES.denied
  if (error.code === 3) return MESSAGES.timeout
  return MESSAGES.unavailable
}

/**
 * Show the results again for the nation now chosen, keeping the address in step.
 * @param {object} finder
 */
function refilter (finder) {
  if (!finder.point) return
  updateUrl(finder, finder.point.near, true)
  showResults(finder, finder.point, false)
}

/**
 * Return the query string for a search: near (never the reader's position) and nation.
 * @param {object} finder
 * @param {string|null} near
 * @returns {URLSearchParams}
 */
function searchParams (finder, near) {
  const params = new URLSearchParams()
  if (near) params.set('near', near)
  if (finder.els.nation.value) params.set('nation', finder.els.nation.value)
  return params
}

/**
 * Keep the search in the address, so Back, Forward and bookmarks work.
 * @param {object} finder
 * @param {string|null} near - an outward code or a place name; null for a location search
 * @param {boolean} replace - change the current history entry instead of adding one
 */
function updateUrl (finder, near, replace) {
  const query = searchParams(finder, near).toString()
  const url = window.location.pathname + (query ? `?${query}` : '')
  const state = { [MODULE]: near === null ? 'location' : 'search' }
  if (replace || url === window.location.pathname + window.location.search) window.history.replaceState(state, '', url)
  else window.history.pushState(state, '', url)
  finder.shown = window.location.search
}

/**
 * Show what a history entry holds after Back or Forward.
 * Entries the finder made carry a state; a null state is a #fragment link followed on this page.
 * @param {object} finder
 * @param {object|null} state
 */
function followHistory (finder, state) {
  const kind = state && state[MODULE]
  if (kind === 'location') {
    if (!finder.point || finder.point.near !== null) reset(finder) // the position was not kept
    return
  }
  const same = window.location.search === finder.shown
  if (same && (!kind || finder.point)) return // only the #fragment changed, or this is already shown
  restoreFromUrl(finder)
}

/**
 * Show what the address asks for: a search from ?near= and ?nation=, or the page as first loaded.
 * @param {object} finder
 */
function restoreFromUrl (finder) {
  window.history.replaceState({ [MODULE]: 'search' }, '')
  finder.shown = window.location.search
  const params = new URLSearchParams(window.location.search)
  const nation = params.get('nation') || ''
  finder.els.nation.value = [...finder.els.nation.options].some((option) => option.value === nation) ? nation : ''
  const near = params.get('near')
  if (near) {
    finder.els.input.value = near
    search(finder, near, { push: false, focus: false })
  } else {
    reset(finder)
  }
}

/**
 * Go back to the page as it was before any search.
 * @param {object} finder
 */
function reset (finder) {
  finder.searchId++
  finder.point = null
  finder.els.input.value = ''
  finder.els.results.hidden = true
  finder.els.choices.hidden = true
  clearError(finder)
  finder.centres.forEach((centre) => setDistance(centre.card, ''))
}

// Deferred scripts run in document order, and this one comes before enhance.js
// (base.html's head block), so wait until every deferred script has run.
document.addEventListener('DOMContentLoaded', startAll)
