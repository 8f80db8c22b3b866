/**
 * Centre finder's answers (issues 4 and 9): what happens once the reader searches or
 * asks for their location. It asks finder/places.js where the reader means and
 * finder/rank.js which centres are nearest, then shows the answer: results, a
 * question, or an error with suggestions, keeping the search in the address.
 * The page driver (centre-finder.js) loads this module on first use, so a reader
 * who only reads the list never downloads it.
 *
 * Nothing the reader types, and never their location, leaves this page: the only
 * requests are for the site's own place index (finder/*.json).
 */

import { findPlace, isPostcodeArea, loadJson, loadPlaceIndex, postcodeAmongWords, postcodeArea, postcodeRepairs, readPostcode, shortLabel } from './places.js'
import { countText, describeDistance, rankCentres } from './rank.js'

const MODULE = 'app-centre-finder'
/** Characters of a place name an error repeats: a long one, or a link to one, is not read out whole. */
const QUOTED_CHARACTERS = 100

const RESULTS_SHOWN = 10
const LOCATION_TIMEOUT_MS = 15000
/** On a slow connection the index takes a while: say so, rather than seem to do nothing. */
const SLOW_SEARCH_MS = 400
const UK = { lat: [49.8, 60.9], lon: [-8.7, 1.8] }
const ISLE_OF_MAN = { lat: [54.04, 54.42], lon: [-4.83, -4.3] }

const MESSAGES = {
  empty: 'Enter a postcode or town',
  badPostcode: 'Enter a real postcode, like LS1 4AP, or the name of a town',
  outside: 'Jersey, Guernsey and the Isle of Man are outside the area this finder covers',
  outsideHelp: { text: 'Contact us', after: ' and we can help you find a centre.' },
  wholeNation: (nation) => `Enter a town or postcode in ${nation || 'the UK'}`,
  everyCentre: (nation) => ({ text: `See every centre in ${nation || 'the UK'}`, after: '.' }),
  crownPostcode: (shown, island) => `${shown} is ${/^[AEIOU]/.test(island) ? 'an' : 'a'} ${island} postcode. ${islandName(island, true)} is outside the area this finder covers`,
  crownPlace: (place, island) => place === island
    ? `${islandName(island, true)} ${island.endsWith('Islands') ? 'are' : 'is'} outside the area this finder covers`
    : `${place} is on ${islandName(island)}, which is outside the area this finder covers`,
  areaOnly: (area) => `${area} is only the start of a postcode. Enter a full postcode, like ${area}1 1AA, or its first part, like ${area}1`,
  noDistrict: (shown, outward, area) => `We could not find ${shown}. There is no district ${outward} in the ${area} postcode area. Check the postcode, or enter a town`,
  noArea: (shown) => `We could not find the postcode ${shown}. Check it, or enter the name of a town`,
  noPlace: (text) => `We could not find a place called ‘${text.length > QUOTED_CHARACTERS ? `${text.slice(0, QUOTED_CHARACTERS - 1)}…` : text}’. Check the spelling, or enter a postcode`,
  broken: 'Sorry, the search is not working at the moment. Every centre is listed below, by nation',
  denied: 'We could not use your location because your browser did not allow it. Enter a postcode or town instead',
  unavailable: 'We could not find your location. Enter a postcode or town instead',
  timeout: 'Finding your location took too long. Try again, or enter a postcode or town',
  abroad: 'Your location seems to be outside the UK, so we cannot tell which centres are nearest. Enter a postcode or town instead'
}

/**
 * Return an island's name as it goes in a sentence: "the Isle of Man", or "The Isle of Man" to start one.
 * @param {string} island
 * @param {boolean} [first] - it starts the sentence
 * @returns {string}
 */
function islandName (island, first = false) {
  return /^(Isle of Man|Channel Islands)$/.test(island) ? `${first ? 'The' : 'the'} ${island}` : island
}

/**
 * Get a finder ready to answer: read its centres, add the links its answers need, and listen to them.
 * @param {object} finder - the driver's state, with els and root
 */
export function startAnswers (finder) {
  finder.centres = readCentres(finder.root)
  Object.assign(finder.els, addResultsLinks(finder.els))
  bindAnswers(finder)
}

/**
 * Add to the results, under the heading, a place for "Showing X. Did you mean Y?" and a
 * link back to the box to change the place. Made here because they only work with this script.
 * @param {object} els
 * @returns {{alternatives: HTMLParagraphElement, change: HTMLParagraphElement}}
 */
function addResultsLinks (els) {
  const alternatives = document.createElement('p')
  alternatives.className = 'js-finder-results-alternatives'
  alternatives.hidden = true
  const change = document.createElement('p')
  const link = document.createElement('a')
  link.href = `#${els.input.id}`
  link.className = 'js-finder-change'
  link.textContent = 'Change place'
  change.append(link)
  els.heading.after(alternatives, change)
  return { alternatives, change }
}

/**
 * Read every centre from its card: the heading (its first) and the data- attributes.
 * @param {HTMLElement} $root
 * @returns {Array<{id: string, name: string, nation: string, lat: number, lon: number, card: HTMLElement}>}
 */
function readCentres ($root) {
  const centres = []
  for (const card of $root.querySelectorAll('[data-latitude]')) {
    const centre = {
      id: card.id, name: card.querySelector('h2, h3, h4, h5, h6').textContent, nation: card.dataset.nation,
      lat: parseFloat(card.dataset.latitude), lon: parseFloat(card.dataset.longitude), card
    }
    if (Number.isFinite(centre.lat) && Number.isFinite(centre.lon)) centres.push(centre)
    else console.warn(`${MODULE}: ${centre.id} has no usable latitude and longitude, so it is left out of searches`)
  }
  return centres
}

/**
 * Listen to the links and the filter that answers bring.
 */
function bindAnswers (finder) {
  const { els } = finder
  els.nation.addEventListener('change', () => refilter(finder))
  els.summaryList.addEventListener('click', (event) => focusFieldFromLink(finder, event))
  els.retry.addEventListener('click', (event) => focusFieldFromLink(finder, event))
  els.choicesList.addEventListener('click', (event) => chooseLink(finder, event))
  els.summaryText.addEventListener('click', (event) => chooseLink(finder, event))
  els.alternatives.addEventListener('click', (event) => chooseLink(finder, event))
  els.change.addEventListener('click', (event) => focusFieldFromLink(finder, event))
}

/**
 * Search for what the reader typed and show the answer: results, a question or an error.
 * @param {string} text - a postcode, part of one, or a place name
 * @param {{push: boolean, focus: boolean}} options - push: add the search to the history; focus: move focus to the answer
 */
export async function search (finder, text, options) {
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
    showResults(finder, answer.point, options.focus, answer.alternatives)
    if (options.push || answer.point.near !== new URLSearchParams(window.location.search).get('near')) {
      updateUrl(finder, answer.point.near, !options.push)
    }
  }
}

/**
 * Work out where a query points: {point}, {choices} when a name is shared, or {error}.
 * @param {string} text
 * @returns {Promise<object>}
 */
async function resolveQuery (finder, text) {
  const squashed = text.toUpperCase().replace(/[^A-Z0-9]/g, '')
  if (!squashed) return { error: MESSAGES.empty }
  if (!/[0-9]/.test(squashed)) return resolvePlace(finder, text.trim(), squashed)
  const code = readPostcode(squashed).invalid ? postcodeAmongWords(text) : squashed
  if (code || !/,|\S\s+\S+\s+\S/.test(text)) return resolvePostcode(finder, code || squashed)
  // An address without its postcode ("14 High Street, Tenby"): its town, or else the postcode's error
  const found = await resolvePlace(finder, text.trim(), squashed)
  return found.point || found.choices || found.help || found.suggestions.length ? found : { error: MESSAGES.badPostcode }
}

/**
 * Find a full postcode's or an outward code's district centre.
 * @param {string} code - upper case, letters and digits only
 * @returns {Promise<object>}
 */
async function resolvePostcode (finder, code) {
  const districts = await loadJson(finder.index.districts)
  const typed = readPostcode(code)
  const read = typed.invalid || (!typed.crown && !districts[typed.outward]) ? onlyRepair(districts, code) || typed : typed
  if (read.invalid) return { error: MESSAGES.badPostcode }
  if (read.crown) return outsideArea(finder, MESSAGES.crownPostcode(read.shown, read.crown))
  const point = districts[read.outward]
  if (point) return { point: { lat: point[0], lon: point[1], label: read.shown, near: read.outward } }
  const area = postcodeArea(read.outward)
  return { error: isPostcodeArea(districts, area) ? MESSAGES.noDistrict(read.shown, read.outward, area) : MESSAGES.noArea(read.shown) }
}

/**
 * Read a code that is no postcode we know as the one we know it may be with an O for a 0 or an I for a 1
 * ("M2O 4BX"); null when it may be none or several.
 * @param {object} districts - finder/districts.json
 * @param {string} code
 * @returns {object|null} as readPostcode() returns
 */
function onlyRepair (districts, code) {
  const repairs = postcodeRepairs(code).filter((read) => read.crown || districts[read.outward])
  return repairs.length === 1 ? repairs[0] : null
}

/**
 * Find a place by name ("Leeds", "Newport, Wales", "Richmond, London, England"), saying
 * which one was used, asking which when a name is shared, or suggesting spellings.
 * @param {string} text - as typed, trimmed
 * @param {string} squashed - upper case, letters only
 * @returns {Promise<object>}
 */
async function resolvePlace (finder, text, squashed) {
  const index = await loadPlaceIndex(finder.index.places)
  const found = findPlace(index, text)
  if (found.place) {
    const { place, alternatives } = found
    const point = { lat: place.lat, lon: place.lon, label: shortLabel(index, place), near: text }
    return { point, alternatives: alternatives.map((other) => ({ label: other.label, near: other.label })) }
  }
  if (found.crown) return outsideArea(finder, MESSAGES.crownPlace(found.crown.name, found.crown.nation))
  if (found.namesakes) {
    const help = { ...MESSAGES.everyCentre(found.nation), href: nationHeading(finder, found.nation) }
    return { error: MESSAGES.wholeNation(found.nation), help, suggestions: found.namesakes.map(({ label }) => ({ label, near: label })) }
  }
  if (found.choices) return { name: found.name, choices: found.choices.map((place) => ({ label: place.label, near: place.label })) }
  if (/^[A-Z]{1,2}$/.test(squashed) && isPostcodeArea(await loadJson(finder.index.districts), squashed)) {
    return { error: MESSAGES.areaOnly(squashed) }
  }
  return { error: MESSAGES.noPlace(text), suggestions: found.suggestions.map(({ name }) => ({ label: name, near: name })) }
}

/**
 * Say a postcode or place is outside the finder's data, pointing to the charity.
 * @param {string} [message] - naming the island, when we know it
 * @returns {object}
 */
function outsideArea (finder, message = MESSAGES.outside) {
  return { error: message, help: { ...MESSAGES.outsideHelp, href: finder.contactUrl } }
}

/**
 * Return a link to a nation's centres in the list of every centre ('' for the whole list).
 * @param {string} nation
 * @returns {string}
 */
function nationHeading (finder, nation) {
  const directory = document.getElementById('all-centres')
  const heading = [...directory.parentElement.querySelectorAll('h3[id]')].find((h) => h.textContent.trim() === nation)
  return `#${(heading || directory).id}`
}

/**
 * Show the centres nearest a point (in the chosen nation), and each centre's distance in the full list.
 * @param {{lat: number, lon: number, label: string, near: string|null}} point
 * @param {boolean} focus - move focus to the results heading
 * @param {Array<{label: string, near: string}>} [alternatives] - other places of the name, to switch to
 */
function showResults (finder, point, focus, alternatives = []) {
  const { els } = finder
  const nation = selectedNation(finder)
  const ranked = rankCentres(finder.centres, point)
  ranked.forEach(({ centre, miles }) => setDistance(centre.card, describeDistance(miles)))
  const matching = ranked.filter(({ centre }) => !nation || centre.nation === nation)
  const shown = matching.slice(0, RESULTS_SHOWN)
  els.list.replaceChildren(...shown.map(({ centre }) => resultItem(centre)))
  els.heading.textContent = nation ? `Centres in ${nation} nearest to ${point.label}` : `Centres nearest to ${point.label}`
  els.count.textContent = countText(matching.length, shown.length, nation)
  showAlternatives(finder, point, alternatives)
  clearError(finder)
  els.choices.hidden = true
  els.results.hidden = false
  finder.point = point
  finder.alternatives = alternatives
  announce(finder, [els.alternatives.hidden ? '' : els.alternatives.textContent, els.count.textContent].join(' ').trim())
  if (focus) els.heading.focus()
}

/**
 * Say which place of a shared name is shown, with a link to each of the others:
 * "Showing Newcastle upon Tyne, England. Did you mean Newcastle, Northern Ireland?"
 * @param {{label: string}} point
 * @param {Array<{label: string, near: string}>} alternatives
 */
function showAlternatives (finder, point, alternatives) {
  const paragraph = finder.els.alternatives
  paragraph.hidden = !alternatives.length
  paragraph.replaceChildren()
  if (alternatives.length) paragraph.append(`Showing ${point.label}. Did you mean `, ...listOfLinks(finder, alternatives, 'or'), '?')
}

/**
 * Return links to searches, joined as in a sentence: "A", "A or B", "A, B or C".
 * @param {Array<{label: string, near: string}>} choices
 * @param {string} last - the word before the last link
 * @returns {Array<Node|string>}
 */
function listOfLinks (finder, choices, last) {
  return choices.flatMap((choice, n) => {
    const joiner = n === 0 ? [] : [n === choices.length - 1 ? ` ${last} ` : ', ']
    return [...joiner, searchLink(finder, choice)]
  })
}

/**
 * Return a link that runs a search (and works as a bookmark without this script).
 * @param {{label: string, near: string}} choice
 * @returns {HTMLAnchorElement}
 */
function searchLink (finder, choice) {
  const link = document.createElement('a')
  link.href = `?${searchParams(finder, choice.near)}`
  link.dataset.near = choice.near
  link.textContent = choice.label
  return link
}

/**
 * Return the name of the nation chosen in the filter, or '' for all of the UK.
 * @returns {string}
 */
function selectedNation (finder) {
  const option = finder.els.nation.selectedOptions[0]
  return option && option.value ? option.textContent.trim() : ''
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
 * @param {{name: string, choices: Array<{label: string, near: string}>}} answer
 * @param {boolean} focus - move focus to the question
 */
function showChoices (finder, answer, focus) {
  const { els } = finder
  els.choicesHeading.textContent = `Which ${answer.name} do you mean?`
  els.choicesCount.textContent = `We found ${answer.choices.length} places called ${answer.name}, the biggest first.`
  els.choicesList.replaceChildren(...answer.choices.map((choice) => choiceItem(finder, choice)))
  clearError(finder)
  els.results.hidden = true
  els.choices.hidden = false
  finder.point = null
  announce(finder, `${els.choicesHeading.textContent} ${els.choicesCount.textContent}`)
  if (focus) els.choicesHeading.focus()
}

/**
 * Return a list item linking to a search for one place.
 * @param {{label: string, near: string}} choice
 * @returns {HTMLLIElement}
 */
function choiceItem (finder, choice) {
  const item = document.createElement('li')
  item.append(searchLink(finder, choice))
  return item
}

/**
 * Search for the place the reader picked, without reloading the page.
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
 * @param {{error: string, help?: object, suggestions?: Array<object>, href?: string}} answer
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
 * Fill or hide the summary's extra sentences: help, with a link where it has one (to the contact
 * page, or to a nation's centres), then suggestions that run a search ("Did you mean…?").
 * @param {{help?: {text: string, after: string, href?: string|null}, suggestions?: Array<{label: string, near: string}>}} answer
 */
function describeError (finder, answer) {
  const parts = answer.help ? helpParts(answer.help) : []
  const suggestions = answer.suggestions || []
  if (suggestions.length) parts.push(`${parts.length ? ' ' : ''}Did you mean `, ...listOfLinks(finder, suggestions, 'or'), '?')
  finder.els.summaryText.replaceChildren(...parts)
  finder.els.summaryText.hidden = !parts.length
}

/**
 * Return help as a sentence, its first words a link when it has an address.
 * @param {{text: string, after: string, href?: string|null}} help
 * @returns {Array<Node|string>}
 */
function helpParts ({ text, after, href }) {
  if (!href) return [text + after]
  const link = document.createElement('a')
  link.href = href
  link.textContent = text
  return [link, after]
}

/**
 * Show (or, given '', remove) the error message by the box.
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
 */
function clearError (finder) {
  finder.els.summary.hidden = true
  showFieldError(finder, '')
  document.title = finder.title
}

/**
 * Move focus to the search box when a link to it is followed, keeping its label in view.
 * @param {MouseEvent} event
 */
function focusFieldFromLink (finder, event) {
  const link = event.target.closest('a')
  if (!link || link.getAttribute('href') !== `#${finder.els.input.id}`) return
  event.preventDefault()
  finder.els.input.focus({ preventScroll: true })
  finder.els.input.select() // ready to type over
  finder.els.form.querySelector(`label[for="${finder.els.input.id}"]`).scrollIntoView()
}

/**
 * Put a message in the polite live region; clearing it first makes a repeat heard again.
 * @param {string} message
 */
function announce (finder, message) {
  finder.els.status.textContent = ''
  window.setTimeout(() => { finder.els.status.textContent = message }, 100)
}

/**
 * Ask the browser where the reader is and show the nearest centres; the position stays on this page.
 */
export function locate (finder) {
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
 */
function refilter (finder) {
  if (!finder.point) return
  updateUrl(finder, finder.point.near, true)
  showResults(finder, finder.point, false, finder.alternatives)
}

/**
 * Return the query string for a search: near (never the reader's position) and nation.
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
 * Take every answer off the page: results, question, error and the distances in the cards.
 */
export function clearAnswers (finder) {
  finder.els.results.hidden = true
  finder.els.choices.hidden = true
  clearError(finder)
  finder.centres.forEach((centre) => setDistance(centre.card, ''))
}
