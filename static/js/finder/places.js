/**
 * Finding a place (issue 9): what a reader typed in the centre finder's box, as a
 * point. Postcodes and outward codes come from finder/districts.json; town,
 * county and island names from finder/places.json, which sitegen/finder.py packs
 * from data/finder/places.csv. Both are the site's own files, fetched once and
 * only when needed; nothing the reader types leaves the page.
 *
 * No DOM here: the page driver (centre-finder.js) and the suggestions list both
 * call these functions.
 */

import { changesAllowed, spellingDistance } from '../spelling.js'

const OUTWARD = '(?:[A-PR-UWYZ][0-9][0-9A-HJKPSTUW]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)'
const FULL_POSTCODE = new RegExp(`^(${OUTWARD})([0-9][ABD-HJLNP-UW-Z]{2})$`)
const OUTWARD_CODE = new RegExp(`^${OUTWARD}$`)
/** What readers type in a postcode for a digit (O for 0, I or L for 1) and for a letter (0 for O, 1 for I). */
const DIGIT_FOR = new Map([['O', '0'], ['I', '1'], ['L', '1']])
const LETTER_FOR = new Map([['0', 'O'], ['1', 'I']])
/** The shapes of an outward code: A a letter, 9 a digit, and a last A a letter or digit (OUTWARD has the details). */
const OUTWARD_SHAPES = ['A9', 'A99', 'A9A', 'AA9', 'AA99', 'AA9A']
/** Postcode areas of the Crown Dependencies, which the finder's data leaves out. */
export const CROWN_POSTCODE_AREAS = { GY: 'Guernsey', JE: 'Jersey', IM: 'Isle of Man' }
/** One place is used for a shared name only when it has at least this many times the people of the next… */
const LEADING_RATIO = 2
/** …and at least this many more: "Newcastle" is Newcastle upon Tyne, but "Richmond" needs asking. */
const LEADING_MARGIN = 50000
const ALTERNATIVES_SHOWN = 4
const SPELLING_SUGGESTIONS = 4
const KIND_CROWN = 'crown'
const KIND_AREA = 'area'
/** Words written two ways in place names: "Saint Ives" is "St Ives", "Co Down" is "County Down". */
const SAME_WORDS = new Map([['saint', 'st'], ['co', 'county']])
/** The placeKey()s of names for the whole UK. */
const UK_NAMES = ['UK', 'U.K.', 'GB', 'United Kingdom', 'Great Britain', 'Britain'].map(placeKey)
/** Other names readers use for the UK's nations (the index names each nation as its places' `nation`). */
const NATION_OTHER_NAMES = { Scotland: ['Alba'], Wales: ['Cymru'], 'Northern Ireland': ['NI', 'N Ireland'] }
/** Words before a name that do not change where it is ("near Leeds", "I live in Hull", "North London"). */
const BEFORE_A_NAME = ['near', 'nr', 'around', 'close to', 'somewhere near', 'in', 'i live in', 'i am in', 'im in', 'i m in', 'live in',
  'from', 'north', 'south', 'east', 'west', 'n', 's', 'e', 'w', 'central', 'greater', 'inner', 'outer', 'mid']
/** BEFORE_A_NAME as typed, ahead of the name: each phrase's words with space or punctuation after them. */
const WORDS_BEFORE_A_NAME = new RegExp(`^[\\s.,:]*(?:(?:${BEFORE_A_NAME.map((phrase) => phrase.replace(/ /g, '[\\s\'\u2019]+')).join('|')})[\\s.,:]+)+`, 'i')
/** Words of the first line of an address ("14 High Street", "Rose Cottage", "Flat 2"), as placeKey() writes them: besides
 * numbers, words that name a street or a building. Read only where what was typed is not the name of a place. */
const ADDRESS_WORDS = new Set(['street', 'road', 'rd', 'lane', 'avenue', 'ave', 'close', 'drive', 'crescent', 'terrace', 'gardens',
  'grove', 'mews', 'square', 'parade', 'walk', 'flat', 'apartment', 'cottage', 'farm', 'house', 'lodge'])
const isAddressWord = (word) => /[0-9]/.test(word) || ADDRESS_WORDS.has(word)
/** Whether findPlace() found anything at all ({} when nothing is like what was typed). */
const isAnswer = (found) => Object.keys(found).length > 0
/** Words after a name that do not change where it is ("Glasgow city centre"). */
const WHAT_A_PLACE_IS = ['city', 'town', 'centre', 'center', 'city centre', 'town centre', 'area', ...UK_NAMES]

const loads = new Map()

/**
 * Fetch a JSON file once per page; a failed fetch may be tried again.
 * @param {string} url
 * @returns {Promise<object>}
 */
export function loadJson (url) {
  if (!loads.has(url)) {
    const request = fetch(url, { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`${response.status} for ${url}`)
      return response.json()
    })
    request.catch(() => loads.delete(url))
    loads.set(url, request)
  }
  return loads.get(url)
}

const indexes = new Map()

/**
 * Load and unpack the place index once per page (memoised by URL).
 * @param {string} url - the address of finder/places.json, with its version
 * @returns {Promise<PlaceIndex>}
 */
export function loadPlaceIndex (url) {
  if (!indexes.has(url)) {
    const unpacked = loadJson(url).then(unpackPlaceIndex)
    unpacked.catch(() => indexes.delete(url))
    indexes.set(url, unpacked)
  }
  return indexes.get(url)
}

/**
 * @typedef {object} Place
 * @property {string} name
 * @property {string} near - "near <town>" where two places share a name, county and nation, else ''
 * @property {string} county
 * @property {string} nation - a UK nation, or the island of a Crown Dependency
 * @property {string} kind - town, area, island or crown
 * @property {number} population - to one significant figure
 * @property {number} lat
 * @property {number} lon
 * @property {string[]} also - other names people use
 * @property {string} label - name, near, county and nation, as shown
 * @property {string[]} [where] - the placeKey()s of what says where it is, once whereItIs() has been asked
 */

/**
 * @typedef {object} PlaceIndex
 * @property {Place[]} places - in name order
 * @property {Map<string, Array<{place: Place, name: string}>>} byName - every name and other name, by key
 * @property {Map<string, Place>} byLabel - each place by its label's key
 * @property {number} longestName - the most words in any name's key
 * @property {Map<string, string>} nations - the UK's nations by the key of each of their names, and '' for the UK's
 * @property {{byNation: Map<string, string[]>, otherNames: Map<string, string[]>}} areas - from areaNames()
 */

/**
 * Unpack the column-wise index that sitegen/finder.py writes (see places_json there).
 * @param {object} data
 * @returns {PlaceIndex}
 */
export function unpackPlaceIndex (data) {
  const places = data.names.split('|').map((name, n) => {
    const [county, nation, lat, lon] = data.groups[data.group[n]]
    const place = {
      name, county, near: data.near[n] || '', nation: data.nations[nation], kind: data.kinds[Number(data.kind[n])],
      population: data.population[n], lat: (lat + data.lat[n]) / 100, lon: (lon + data.lon[n]) / 100,
      also: data.also[n] ? data.also[n].split('|') : []
    }
    place.label = placeLabel(place)
    return place
  })
  const byName = indexNames(places)
  const longestName = [...byName.keys()].reduce((most, key) => Math.max(most, key.split(' ').length), 0)
  return { places, byName, byLabel: new Map(places.map((place) => [placeKey(place.label), place])), longestName, nations: indexNations(places), areas: areaNames(places) }
}

/**
 * Index the names of the UK's nations (those of its places, and NATION_OTHER_NAMES) and of the whole UK ('').
 * @param {Place[]} places
 * @returns {Map<string, string>}
 */
function indexNations (places) {
  const nations = new Map(UK_NAMES.map((name) => [name, '']))
  for (const nation of new Set(places.filter((place) => place.kind !== KIND_CROWN).map((place) => place.nation))) {
    for (const name of [nation, ...(NATION_OTHER_NAMES[nation] || [])]) nations.set(placeKey(name), nation)
  }
  return nations
}

/**
 * Index every name and other name by key.
 * @param {Place[]} places
 * @returns {Map<string, Array<{place: Place, name: string}>>}
 */
function indexNames (places) {
  const byName = new Map()
  for (const place of places) {
    for (const name of [place.name, ...place.also]) {
      const key = placeKey(name)
      if (!byName.has(key)) byName.set(key, [])
      byName.get(key).push({ place, name })
    }
  }
  return byName
}

/**
 * Return a name as the finder compares it: no accents, case, apostrophes or other
 * punctuation, SAME_WORDS one way, "&" as "and" and no "the" before a name ("the Wirral").
 * Must match place_key() in sitegen/finder.py.
 * @param {string} text
 * @returns {string}
 */
export function placeKey (text) {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/&/g, ' and ').replace(/['\u2019]/g, '')
  const words = plain.split(/[^a-z0-9]+/).filter(Boolean)
  return (words.length > 1 && words[0] === 'the' ? words.slice(1) : words).map((word) => SAME_WORDS.get(word) || word).join(' ')
}

/**
 * Return how a place is shown, and what to type to find exactly it: name, near, county
 * (unless the name says it) and nation. Must match place_label() in sitegen/finder.py.
 * @param {{name: string, near: string, county: string, nation: string}} place
 * @returns {string}
 */
export function placeLabel (place) {
  const county = placeKey(place.county) === placeKey(place.name) ? '' : place.county
  return [place.name, place.near, county, place.nation].filter(Boolean).join(', ')
}

/**
 * Return the shortest label that still tells a place from its namesakes in the index:
 * "Leeds, England", but "Richmond, London, England".
 * @param {PlaceIndex} index
 * @param {Place} place
 * @returns {string}
 */
export function shortLabel (index, place) {
  const namesakes = (index.byName.get(placeKey(place.name)) || []).filter((entry) => entry.place !== place)
  const shared = namesakes.some((entry) => entry.place.nation === place.nation)
  return shared ? place.label : [place.name, place.nation].join(', ')
}

/**
 * Suggest places for what has been typed so far, for a list under the box: names that
 * start with it first, then names with a word that starts with it, bigger places first.
 * @param {PlaceIndex} index
 * @param {string} text
 * @param {number} [limit=8]
 * @returns {Array<{label: string, value: string}>} value, typed and searched, finds exactly that place
 */
export function suggestPlaces (index, text, limit = 8) {
  const key = placeKey(text)
  if (key.length < 2) return []
  const ranked = new Map()
  for (const [name, entries] of index.byName) {
    const rank = name === key ? 0 : name.startsWith(key) ? 1 : name.includes(` ${key}`) ? 2 : -1
    if (rank < 0) continue
    for (const { place } of entries) {
      if (!ranked.has(place) || ranked.get(place) > rank) ranked.set(place, rank)
    }
  }
  return [...ranked].sort(([a, rankA], [b, rankB]) => rankA - rankB || b.population - a.population || a.label.localeCompare(b.label))
    .slice(0, limit).map(([place]) => ({ label: place.label, value: place.label }))
}

/**
 * Find the place a reader means. Returns one of:
 * - {place, alternatives}: the place, and namesakes it was chosen over (biggest first);
 * - {crown: place}: a town or island of the Crown Dependencies;
 * - {nation, namesakes}: a whole nation, or '' for the whole UK, too big to measure from, and the places of its name;
 * - {name, choices}: several places share the name and none is far bigger: ask which;
 * - {suggestions}: nothing has this name; names spelt like it, closest and biggest first;
 * - {} when there is nothing like it.
 * The first line of an address is passed over ("14 High Street, Tenby" is Tenby), and so, after it, is any part
 * that names no place ("Rose Cottage, Little Snoring, Norfolk" is Norfolk when Little Snoring is not in the index);
 * without commas, the longest end of an address that names a place is used ("14 High Street Tenby").
 * @param {PlaceIndex} index
 * @param {string} text
 * @param {boolean} [afterAddressLine] - the text followed the first line of an address
 * @returns {object}
 */
export function findPlace (index, text, afterAddressLine = false) {
  const exact = index.byLabel.get(placeKey(text))
  if (exact) return answerFor([exact], exact.name)
  const nation = wholeNation(index, placeKey(text))
  if (nation) return nation
  const named = index.byName.get(placeKey(text))
  if (named) return answerFor(distinctPlaces(named), named[0].name)
  const plain = text.replace(WORDS_BEFORE_A_NAME, '')
  if (plain && plain !== text) return findPlace(index, plain, afterAddressLine) // a place named with those words ("North Shields") was found above
  const comma = text.indexOf(',')
  const key = placeKey(comma > 0 ? text.slice(0, comma) : text)
  const parts = comma > 0 ? text.slice(comma + 1).split(',').map(placeKey).filter((part) => part && !WHAT_A_PLACE_IS.includes(part)) : []
  const qualified = comma > 0 ? index.byName.get(key) : null
  if (qualified) {
    const places = distinctPlaces(qualified)
    const matches = places.filter((place) => parts.every((part) => whereItIs(index, place).includes(part)))
    if (matches.length) return answerFor(matches, qualified[0].name)
    // Not a nation none of them is in ("Leeds, Scotland"): perhaps an old county, or one a city has left to be
    // its own council ("Swindon, Wilts"). Use them, offering first any place named on from the name in what was said.
    if (!parts.some((part) => index.nations.has(part))) return offerPlacesSaid(index, answerFor(places, qualified[0].name), longerNames(index, key), parts)
  }
  const words = key.split(' ')
  const addressLine = comma > 0 && !qualified && words.some(isAddressWord)
  if (addressLine || (comma > 0 && !qualified && afterAddressLine)) { // "14 High Street, Tenby": the town is further on
    const further = findPlace(index, text.slice(comma + 1), true)
    if (further.suggestions ? addressLine && further.suggestions.length : isAnswer(further)) return further
  }
  const described = comma > 0 ? null : nameThenWhereItIs(index, key)
  if (described) return described
  const lastAddressWord = comma < 0 && !afterAddressLine ? words.map(isAddressWord).lastIndexOf(true) : -1
  if (lastAddressWord >= 0) { // "14 High Street Tenby": the longest run of words after the street that names a place
    for (let start = lastAddressWord + 1; start < words.length; start++) {
      const further = findPlace(index, words.slice(start).join(' '), true)
      if (!further.suggestions && isAnswer(further)) return further
    }
  }
  return { suggestions: suggestionsFor(index, key, parts, qualified ? asLabels(distinctPlaces(qualified)) : []) }
}

/**
 * Put first among an answer's alternatives the places in what the reader said: "Stratford, Warwickshire" shows
 * Stratford in London, the only Stratford, and asks "Did you mean Stratford-upon-Avon, Warwickshire…?".
 * @param {PlaceIndex} index
 * @param {object} answer - from answerFor()
 * @param {Array<{place: Place}>} candidates
 * @param {string[]} said - the placeKey()s of what was said about where
 * @returns {object}
 */
function offerPlacesSaid (index, answer, candidates, said) {
  if (!answer.place) return answer
  const inPlaceSaid = candidates.filter(({ place }) => whereItIs(index, place).some((where) => said.includes(where))).map(({ place }) => place)
  return { ...answer, alternatives: [...new Set([...inPlaceSaid, ...answer.alternatives])].slice(0, ALTERNATIVES_SHOWN) }
}

/**
 * Suggest places for a name the finder cannot read as one: the places of the name when a comma follows it
 * ("Leeds, Scotland") first, then names that go on from it ("Ashby": Ashby-de-la-Zouch), close spellings, then the places
 * its first words name ("Newport Gwent") and the names that go on from those in the place the reader gave
 * ("Stratford Warwickshire"); those in the place the reader gave come first. Each place once: never a silent choice.
 * @param {PlaceIndex} index
 * @param {string} key - the name, and any words after it without a comma
 * @param {string[]} parts - the placeKey()s of what follows a comma
 * @param {Array<{name: string, place: Place}>} named - the places of the name before a comma
 * @returns {Array<{name: string, place: Place}>}
 */
function suggestionsFor (index, key, parts, named) {
  const words = key.split(' ')
  const [leading] = parts.length ? [] : leadingNames(index, words)
  const said = ` ${parts.length ? parts.join(' ') : words.slice(leading ? leading[1] : words.length).join(' ')} `
  const inPlaceSaid = ({ place }) => whereItIs(index, place).some((where) => where && said.includes(` ${where} `))
  const found = [...longerNames(index, key), ...suggestSpellings(index, key)]
  if (leading) found.push(...asLabels(distinctPlaces(leading[0])), ...longerNames(index, words.slice(0, leading[1]).join(' ')).filter(inPlaceSaid))
  const suggestions = []
  for (const one of [...named, ...found.filter(inPlaceSaid), ...found]) {
    if (!suggestions.some((shown) => shown.place === one.place)) suggestions.push(one)
  }
  return suggestions.slice(0, SPELLING_SUGGESTIONS)
}

/**
 * The places whose names go on from a name's words, biggest first, as suggestions.
 * @param {PlaceIndex} index
 * @param {string} key
 * @returns {Array<{name: string, place: Place}>}
 */
function longerNames (index, key) {
  if (key.length < 3) return []
  return asLabels([...index.byName].filter(([name]) => name.startsWith(`${key} `)).flatMap(([, found]) => distinctPlaces(found)))
}

/** Places as suggestions, biggest first, each named by its label. */
const asLabels = (places) => places.sort(biggestFirst).map((place) => ({ name: place.label, place }))

/**
 * Read the name of a nation or of the UK, alone or with words that do not change it ("Wales", "Scotland, UK");
 * null for anything else ("Wales, England" is the village).
 * @param {PlaceIndex} index
 * @param {string} key
 * @returns {{nation: string, namesakes: Place[]}|null}
 */
function wholeNation (index, key) {
  const words = key.split(' ')
  for (const [name, nation] of index.nations) {
    const parts = name.split(' ')
    if (parts.every((part, i) => words[i] === part) && saysOnly(words.slice(parts.length), WHAT_A_PLACE_IS)) {
      return { nation, namesakes: distinctPlaces(index.byName.get(name) || []).sort(biggestFirst) }
    }
  }
  return null
}

/**
 * Yield [name entries, words used] for each run of leading words naming places, longest first.
 * @param {PlaceIndex} index
 * @param {string[]} words
 */
function * leadingNames (index, words) {
  for (let cut = Math.min(words.length - 1, index.longestName); cut > 0; cut--) {
    const entries = index.byName.get(words.slice(0, cut).join(' '))
    if (entries) yield [entries, cut]
  }
}

/**
 * Read a name then words that all say where or what it is ("Leeds West Yorkshire"); null for others ("Stratford Avon").
 * @param {PlaceIndex} index
 * @param {string} key
 * @returns {object|null} as findPlace returns
 */
function nameThenWhereItIs (index, key) {
  const words = key.split(' ')
  for (const [entries, cut] of leadingNames(index, words)) {
    const places = distinctPlaces(entries).filter((place) => saysOnly(words.slice(cut), [...whereItIs(index, place), ...WHAT_A_PLACE_IS]))
    if (places.length) return answerFor(places, entries[0].name)
  }
  return null
}

/**
 * Tell whether words are phrases one after another, reaching each word once (a long query costs no more than its words).
 * @param {string[]} words
 * @param {string[]} phrases
 * @returns {boolean}
 */
function saysOnly (words, phrases) {
  const reached = new Set([0])
  for (let at = 0; at < words.length; at++) {
    if (!reached.has(at)) continue
    for (const phrase of phrases.filter(Boolean)) {
      const parts = phrase.split(' ')
      if (parts.every((part, i) => words[at + i] === part)) reached.add(at + parts.length)
    }
  }
  return reached.has(words.length)
}

/**
 * The placeKey()s of what says where a place is: the place it is near, its county (by any of the county's
 * names: "W Yorks") and its nation. A town with no county (Northern Ireland's, in our data) may be in any
 * area of its nation: "Bangor, Co Down". Worked out when first asked, and kept on the place: unpacking
 * the index does it for none, so that the first search is not kept waiting.
 * @param {PlaceIndex} index
 * @param {Place} place
 * @returns {string[]}
 */
function whereItIs (index, place) {
  if (!place.where) {
    const { byNation, otherNames } = index.areas
    const anyArea = place.county || place.kind === KIND_AREA || place.kind === KIND_CROWN ? [] : byNation.get(place.nation) || []
    const county = placeKey(place.county)
    place.where = [...[place.near, place.near.replace(/^near /, ''), place.nation].map(placeKey), county, ...(otherNames.get(county) || []), ...anyArea]
  }
  return place.where
}

/**
 * The placeKey()s of every name of each nation's counties and council areas, and of each one's other names.
 * @param {Place[]} places
 * @returns {{byNation: Map<string, string[]>, otherNames: Map<string, string[]>}}
 */
function areaNames (places) {
  const byNation = new Map()
  const otherNames = new Map()
  for (const place of places.filter((p) => p.kind === KIND_AREA)) {
    if (!byNation.has(place.nation)) byNation.set(place.nation, [])
    byNation.get(place.nation).push(...[place.name, ...place.also].map(placeKey))
    otherNames.set(placeKey(place.name), place.also.map(placeKey))
  }
  return { byNation, otherNames }
}

/** Order places bigger first, then by label. */
const biggestFirst = (a, b) => b.population - a.population || a.label.localeCompare(b.label)

/**
 * Decide between places of one name: one, a clear leader, or a question.
 * @param {Place[]} places
 * @param {string} name - as the reader will see it in a question
 * @returns {object}
 */
function answerFor (places, name) {
  const sorted = [...places].sort(biggestFirst)
  if (sorted.length === 1) return sorted[0].kind === KIND_CROWN ? { crown: sorted[0] } : { place: sorted[0], alternatives: [] }
  const [first, second] = sorted
  const leads = first.population >= LEADING_RATIO * second.population && first.population - second.population >= LEADING_MARGIN
  // A name shared with a Crown Dependency ("Douglas") is always asked: the answers differ too much.
  if (leads && !sorted.some((place) => place.kind === KIND_CROWN)) {
    return { place: first, alternatives: sorted.slice(1, 1 + ALTERNATIVES_SHOWN) }
  }
  return { name, choices: sorted }
}

/**
 * Return each place once from a list of name entries.
 * @param {Array<{place: Place}>} entries
 * @returns {Place[]}
 */
function distinctPlaces (entries) {
  return [...new Set(entries.map((entry) => entry.place))]
}

/**
 * Return names spelt like key (a few letters wrong, missing, extra or swapped), closest first,
 * then the bigger place first; each once, as {name, place} with the biggest place of that name.
 * @param {PlaceIndex} index
 * @param {string} key
 * @returns {Array<{name: string, place: Place}>}
 */
function suggestSpellings (index, key) {
  if (key.length < 3) return []
  const allowed = changesAllowed(key)
  const found = []
  for (const [name, entries] of index.byName) {
    if (Math.abs(name.length - key.length) > allowed) continue
    const distance = spellingDistance(key, name, allowed)
    if (distance > allowed) continue
    const biggest = entries.reduce((a, b) => (b.place.population > a.place.population ? b : a))
    found.push({ distance, name: biggest.name, place: biggest.place })
  }
  return found.sort((a, b) => a.distance - b.distance || b.place.population - a.place.population || a.name.localeCompare(b.name))
    .slice(0, SPELLING_SUGGESTIONS).map(({ name, place }) => ({ name, place }))
}

/**
 * Find a postcode among words ("Leeds LS1 4AP", "Leeds LS1"; not "SW1A 1CA", a mistyped one).
 * @param {string} text
 * @returns {string|null} upper case, letters and digits only
 */
export function postcodeAmongWords (text) {
  const words = text.toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean)
  for (let i = words.length - 1; i >= 0; i--) {
    if (i > 0 && FULL_POSTCODE.test(words[i - 1] + words[i])) return words[i - 1] + words[i]
    if (FULL_POSTCODE.test(words[i])) return words[i]
  }
  const outward = [words.at(-1), words[0]].find((word) => word && OUTWARD_CODE.test(word))
  return outward && words.filter((word) => /[0-9]/.test(word)).length === 1 ? outward : null
}

/**
 * Read a postcode or outward code: {outward, shown} (shown is how to write it back),
 * {crown: island} for the Crown Dependencies, or {invalid: true}.
 * @param {string} squashed - upper case, letters and digits only, with at least one digit
 * @returns {object}
 */
export function readPostcode (squashed) {
  const full = FULL_POSTCODE.exec(squashed)
  const outward = full ? full[1] : (OUTWARD_CODE.test(squashed) ? squashed : null)
  if (!outward) return { invalid: true }
  const shown = full ? `${outward} ${full[2]}` : outward
  const island = CROWN_POSTCODE_AREAS[postcodeArea(outward)]
  return island ? { crown: island, outward, shown } : { outward, shown }
}

/**
 * Return what a code that is no postcode may be, with an O typed for a 0 or an I or L for a 1 (or a 0 or 1 for an
 * O or I) where the other belongs: "M2O4BX" may be M20 4BX, "0X4" OX4. Each as readPostcode() reads it; the caller
 * keeps those that exist, and uses one only when it is the only one.
 * @param {string} squashed - upper case, letters and digits only
 * @returns {Array<{outward: string, shown: string, crown?: string}>}
 */
export function postcodeRepairs (squashed) {
  const full = squashed.length >= 5
  const inward = full ? (DIGIT_FOR.get(squashed.at(-3)) || squashed.at(-3)) + squashed.slice(-2) : ''
  const outward = full ? squashed.slice(0, -3) : squashed
  const repairs = new Map()
  for (const shape of OUTWARD_SHAPES.filter((one) => one.length === outward.length)) {
    const repaired = [...outward].map((c, i) => (shape[i] === '9' ? DIGIT_FOR : LETTER_FOR).get(c) || c).join('') + inward
    const read = readPostcode(repaired)
    if (!read.invalid && repaired !== squashed) repairs.set(repaired, read)
  }
  return [...repairs.values()]
}

/**
 * Return the letters at the start of a postcode: its area ("M" for M20, "LS" for LS1).
 * @param {string} code
 * @returns {string}
 */
export function postcodeArea (code) {
  return code.match(/^[A-Z]+/)[0]
}

/**
 * Tell whether some postcode district in the table starts with these letters.
 * @param {Object<string, number[]>} districts
 * @param {string} area
 * @returns {boolean}
 */
export function isPostcodeArea (districts, area) {
  return Object.keys(districts).some((district) => postcodeArea(district) === area)
}
