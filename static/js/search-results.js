/**
 * Site search results (issue 14), loaded by search.js when the reader first
 * searches, so pages without a search stay light. Asks Pagefind's index
 * (pagefind/, also loaded only now) and lists the results: page title,
 * section heading and the matching passage. Nothing is stored or sent.
 */

import { closestWord } from './spelling.js'

const RESULTS_SHOWN = 5
const DEBOUNCE_MS = 250
const EXCERPT_WORDS = 24
/** Characters of a search the status repeats: a long one, or a link to one, is not read out whole. */
const QUOTED_CHARACTERS = 100
/** Words of a search that no page has, at most, that may be a place to find centres near ("Milton Keynes"). */
const WORDS_IN_A_PLACE = 5
/** Little words that say nothing about a question's subject ("how much does it cost"), left out of a search. */
const LITTLE_WORDS = new Set(('a about an and are as at be by can could do does for from get got has have how i if ' +
  'in is it its me much my of on or our should so than that the their there they this to us was we what when where ' +
  'which who why will with would you your').split(' '))

/** Where the guide's words are in the index's folder, most used first (sitegen/search.py WORDS_FILE). */
const WORDS_FILE = 'site-words.json'
/** Letters of a word the guide does not have that may be wrong for one it has to be searched for instead. Fewer
 * than a place name may have (spelling.js): a reader's word is often a real one the guide does not use ("refund"). */
const respellingAllowed = (word) => (word.length <= 7 ? 1 : 2)

/** The Pagefind module, loaded once per page. */
let pagefindLoading = null
/** The guide's words, loaded with Pagefind. */
let wordsLoading = null

/**
 * Listen for the keys that move between the search box and the results.
 * @param {object} search - the component's state, from search.js
 */
export function attach (search) {
  search.els.results.addEventListener('keydown', (event) => moveBetweenResults(search, event))
  search.els.input.addEventListener('keydown', (event) => moveBetweenResults(search, event))
}

/**
 * Load Pagefind (its script, then its WebAssembly and index as it needs them), once.
 * @param {string} bundleUrl - where the index is, e.g. /pagefind/
 */
function loadPagefind (bundleUrl) {
  if (!pagefindLoading) {
    pagefindLoading = import(`${bundleUrl}pagefind.js`).then(async (pagefind) => {
      // No worker: it would be one more download, and these searches are small.
      // termSimilarity well above its default 1: a word found whole ranks above a longer word it begins
      // ("London" above "Londonderry"; "is it free" finds the free NHS second opinion before the Freeman Hospital).
      await pagefind.options({ noWorker: true, excerptLength: EXCERPT_WORDS, ranking: { termSimilarity: 5 } })
      return pagefind
    })
    pagefindLoading.catch(() => { pagefindLoading = null }) // let a later search try again
  }
  return pagefindLoading
}

/**
 * Search for `term` and show the first results; while typing, wait until the reader pauses.
 * @param {object} search
 * @param {string} term
 * @param {boolean} debounce
 */
export async function runSearch (search, term, debounce) {
  term = term.trim()
  const asked = ++search.asked // a search typed and then submitted runs twice: only the newer is shown
  search.term = term
  if (!term) {
    clearResults(search)
    return
  }
  let found, place
  try {
    const [pagefind, words] = await Promise.all([loadPagefind(search.bundleUrl), loadWords(search.bundleUrl).catch(() => [])])
    const typed = keyWords(term)
    const unknown = unknownWords(words, typed)
    place = await placeNamed(search, term, unknown).catch(() => null)
    const respelt = place ? '' : respell(words, typed, unknown) // "Derby" is not "derry", nor "Hull" "full"
    found = await findPages(pagefind, respelt || term, debounce)
    if (found && respelt) found = found.results.length ? { ...found, respelt } : await findPages(pagefind, term, false)
  } catch (error) {
    if (search.asked === asked) showFailure(search)
    return
  }
  if (found === null || search.asked !== asked) return // a newer search replaced this one
  search.place = place
  search.someWords = found.someWords
  search.respelt = found.respelt || ''
  search.results = found.results
  search.shown = 0
  search.seen = new Map()
  search.els.results.replaceChildren()
  await showMore(search, term)
}

/**
 * Ask Pagefind for the pages with every word of `term` that carries its subject (little words such
 * as "a" would match any word they begin). When no page has them all, ask for the pages with any
 * of them, those with the most first, so a question in the reader's own words still finds something.
 * @param {object} pagefind
 * @param {string} term
 * @param {boolean} debounce
 * @returns {Promise<{results: object[], someWords: string} | null>} null when a newer search replaced this one
 */
async function findPages (pagefind, term, debounce) {
  const words = keyWords(term)
  const query = words.join(' ') || term
  const found = debounce ? await pagefind.debouncedSearch(query, {}, DEBOUNCE_MS) : await pagefind.search(query)
  if (found === null || found.results.length || words.length < 2) return found && { results: found.results, someWords: '' }
  const each = await Promise.all(words.map((word) => pagefind.search(word)))
  return { results: rankByWordsMatched(each.map((one) => one.results)), someWords: query }
}

/**
 * Return the key words of a search that the guide does not have, nor begins any word of (Pagefind finds such a
 * word in pages that do not mention it). Words of other than letters, or shorter than any of the guide's, are known.
 * @param {string[]} words - the guide's words, most used first
 * @param {string[]} typed - the search's keyWords()
 * @returns {string[]}
 */
function unknownWords (words, typed) {
  if (!words.length) return []
  const known = new Set(words)
  const shortest = Math.min(...words.map((word) => word.length))
  return typed.filter((word) => /^[a-z]+$/.test(word) && word.length >= shortest && !known.has(word) &&
    !words.some((one) => one.startsWith(word)))
}

/**
 * Return the key words of a search with each unknown word spelt as the guide's word most like it ("refferal":
 * referral); '' when no word changes.
 * @param {string[]} words - the guide's words, most used first
 * @param {string[]} typed - the search's keyWords()
 * @param {string[]} unknown - from unknownWords()
 * @returns {string}
 */
function respell (words, typed, unknown) {
  const respelt = typed.map((word) => (unknown.includes(word) && closestWord(word, words, respellingAllowed(word))) || word)
  return respelt.some((word, n) => word !== typed[n]) ? respelt.join(' ') : ''
}

/**
 * See whether a search names a postcode, or has words the guide does not have that name a place Find a centre
 * knows ("LS1 4AP", "train fares from Wakefield"), so that the reader can be sent to the centres nearest it: return
 * the place as shown and as the finder is to be asked for it, or null. The finder's script and place index are
 * fetched only for such a search, from this site.
 * @param {object} search
 * @param {string} term
 * @param {string[]} unknown - from unknownWords()
 * @returns {Promise<{label: string, near: string}|null>}
 */
async function placeNamed (search, term, unknown) {
  const postcode = /[0-9]/.test(term)
  if (!search.finderUrl || !search.placesUrl || !(postcode || (unknown.length && unknown.length <= WORDS_IN_A_PLACE))) return null
  const { findPlace, loadPlaceIndex, postcodeAmongWords, readPostcode } = await import('./finder/places.js')
  const code = postcode && postcodeAmongWords(term)
  const shown = code && readPostcode(code).shown
  if (shown) return { label: shown, near: shown }
  if (!unknown.length) return null
  const found = findPlace(await loadPlaceIndex(search.placesUrl), unknown.join(' '))
  if (found.place) return { label: found.place.name, near: found.place.label }
  return found.choices ? { label: found.name, near: found.name } : null // not a nation, an island outside the finder's area, nor a guess
}

/**
 * Load the guide's words once; a failed load may be tried again.
 * @param {string} bundleUrl
 * @returns {Promise<string[]>}
 */
function loadWords (bundleUrl) {
  if (!wordsLoading) {
    wordsLoading = fetch(`${bundleUrl}${WORDS_FILE}`, { credentials: 'same-origin' }).then((response) => {
      if (!response.ok) throw new Error(`${response.status} for ${WORDS_FILE}`)
      return response.json()
    })
    wordsLoading.catch(() => { wordsLoading = null })
  }
  return wordsLoading
}

/**
 * Merge the results of one search a word: pages with more of the words first, then by Pagefind's score.
 * @param {object[][]} resultsByWord
 */
function rankByWordsMatched (resultsByWord) {
  const merged = new Map()
  for (const results of resultsByWord) {
    for (const result of results) {
      const seen = merged.get(result.id) || { result, words: 0, score: 0 }
      seen.words += 1
      seen.score += result.score
      merged.set(result.id, seen)
    }
  }
  return [...merged.values()].sort((a, b) => b.words - a.words || b.score - a.score).map((seen) => seen.result)
}

/**
 * Show the next few results (loading only their passages), then say how many there are.
 * @param {object} search
 * @param {string} term - the search these results belong to
 */
async function showMore (search, term) {
  const asked = search.asked
  const list = search.els.results.querySelector('ol') || appendList(search)
  const wanted = list.children.length + RESULTS_SHOWN
  while (list.children.length < wanted && search.shown < search.results.length) {
    // Load only as many passages as can still be shown: each is a download.
    const batch = search.results.slice(search.shown, search.shown + wanted - list.children.length)
    search.shown += batch.length
    const found = await Promise.all(batch.map((result) => result.data()))
    if (search.asked !== asked) return
    found.map(describeResult).forEach((data) => addResult(search, list, data))
  }
  list.hidden = list.children.length === 0
  showMoreButton(search, search.shown < search.results.length)
  sayCount(search, term, list.children.length)
}

/**
 * Add one result to the list, once a page: a page's own passage replaces the words it is also found by.
 * @param {object} search
 * @param {HTMLElement} list
 * @param {object} data - from describeResult
 */
function addResult (search, list, data) {
  const earlier = search.seen.get(data.key)
  if (earlier && earlier.byTerms && !data.byTerms) {
    const item = resultItem(data)
    earlier.item.replaceWith(item)
    search.seen.set(data.key, { item, byTerms: false })
  } else if (!earlier) {
    const item = resultItem(data)
    list.append(item)
    search.seen.set(data.key, { item, byTerms: data.byTerms })
  }
}

/**
 * Turn Pagefind's data for one result into what we show.
 * @param {object} data - from result.data()
 * @returns {{key: string, url: string, title: string, section: string, byTerms: boolean, excerpt: string}}
 */
function describeResult (data) {
  const meta = data.meta || {}
  const best = meta.url ? null : bestSection(data.sub_results || [])
  const url = meta.url || (best && best.url) || data.url
  const title = meta.title || url
  const section = meta.section || (best && best.title !== title ? best.title : '')
  // One result a page: the page itself, or the words it is also found by (data/search.yaml).
  const key = url.includes('#') && meta.section ? url : url.split('#')[0]
  const byTerms = Boolean(meta.description)
  return { key, url, title, section, byTerms, excerpt: meta.description || (best && best.excerpt) || data.excerpt || '' }
}

/**
 * The section of a page where the words found weigh most: a heading's words outweigh words in passing.
 * Pagefind lists a page's sections in page order, so the first is often not the one the words are about.
 * @param {object[]} sections - Pagefind's sub_results
 * @returns {object|null}
 */
function bestSection (sections) {
  const weight = (section) => (section.weighted_locations || []).reduce((sum, found) => sum + found.weight, 0) || section.locations.length
  return sections.reduce((best, section) => (best && weight(best) >= weight(section) ? best : section), null)
}

/**
 * Build one result: the page title as a link, its section heading, the matching passage.
 * @param {object} data - from describeResult
 */
function resultItem (data) {
  const item = element('li', 'app-site-search__result')
  const link = element('a', 'app-site-search__result-link', data.title)
  link.href = data.url
  item.append(link)
  if (data.section) {
    const section = element('p', 'app-site-search__section', `Section: ${data.section}`)
    item.append(section)
  }
  const passage = element('p', 'app-site-search__excerpt')
  passage.append(...excerptNodes(data.excerpt))
  item.append(passage)
  return item
}

/**
 * Copy Pagefind's excerpt as text, keeping only its <mark> highlights (never other markup).
 * @param {string} excerpt - HTML with <mark> around the matching words
 */
function excerptNodes (excerpt) {
  const parsed = new DOMParser().parseFromString(`<p>${excerpt}</p>`, 'text/html').body
  const nodes = []
  for (const node of parsed.firstChild ? parsed.firstChild.childNodes : []) {
    if (node.nodeName === 'MARK') nodes.push(element('mark', 'app-site-search__match', node.textContent))
    else nodes.push(document.createTextNode(node.textContent))
  }
  return nodes
}

/** Add the results list. */
function appendList (search) {
  const list = element('ol', 'app-site-search__list')
  list.setAttribute('aria-label', 'Search results')
  search.els.results.append(list)
  return list
}

/**
 * Show or remove the "Show more results" button.
 * @param {object} search
 * @param {boolean} more - whether there are results not yet shown
 */
function showMoreButton (search, more) {
  let button = search.els.results.querySelector('.app-site-search__more')
  if (!more) {
    if (button) button.remove()
    return
  }
  if (!button) {
    button = element('button', 'app-site-search__more', 'Show more results')
    button.type = 'button'
    button.addEventListener('click', async () => {
      const list = search.els.results.querySelector('ol')
      const before = list.children.length
      await showMore(search, search.term)
      const next = list.children[before]
      if (next) next.querySelector('a').focus()
    })
    search.els.results.append(button)
  }
}

/**
 * Say how many results there are, or that there are none and what to do instead.
 * @param {object} search
 * @param {string} asked - the search as typed
 * @param {number} shown
 */
function sayCount (search, asked, shown) {
  const { status } = search.els
  const [term, someWords, respelt] = [asked, search.someWords || '', search.respelt || ''].map((words) => words.length > QUOTED_CHARACTERS ? `${words.slice(0, QUOTED_CHARACTERS - 1)}…` : words)
  status.classList.toggle('app-site-search__status--none', shown === 0)
  const place = search.place ? [link(`Find the centres nearest to ${search.place.label}`, `${search.finderUrl}?near=${encodeURIComponent(search.place.near)}`), '.'] : []
  if (shown === 0) {
    status.replaceChildren(`No pages match “${term}”. `, ...place, place.length ? ' ' : '', 'Check the spelling or try other words. You can also ',
      link('browse every page of this guide', search.searchUrl),
      ...(search.contactUrl ? [', or ', link('contact us', search.contactUrl), ' and we will help'] : []), '.')
    return
  }
  const more = search.shown < search.results.length ? ' (the best matches first)' : ''
  const count = shown === 1 ? '1 result' : `${shown} results`
  const said = respelt
    ? `No pages match “${term}”. ${count} ${someWords ? 'with some of the words' : 'for'} “${someWords || respelt}”${more}`
    : someWords
      ? `No page has every word of “${term}”. ${count} with some of the words “${someWords}”${more}`
      : `${count} for “${term}”${more}`
  status.replaceChildren(said, ...(place.length ? ['. ', ...place] : []))
}

/**
 * Return the words of a question that carry its subject, without punctuation or repeats.
 * @param {string} term
 */
function keyWords (term) {
  const words = term.toLowerCase().split(/\s+/).map((word) => word.replace(/[^\p{L}\p{N}'-]/gu, '')).filter(Boolean)
  return [...new Set(words.filter((word) => !LITTLE_WORDS.has(word)))]
}

/** Say that search could not load, and how to find pages without it. */
function showFailure (search) {
  search.els.results.replaceChildren()
  search.els.status.classList.add('app-site-search__status--none')
  search.els.status.replaceChildren('Sorry, search is not working at the moment. You can ',
    link('browse every page of this guide', search.searchUrl),
    ...(search.contactUrl ? [' or ', link('contact us', search.contactUrl)] : []), '.')
}

/** Empty the results and the status. */
function clearResults (search) {
  search.results = []
  search.els.results.replaceChildren()
  search.els.status.replaceChildren()
  search.els.status.classList.remove('app-site-search__status--none')
}

/**
 * Arrow keys move between the search box and the result links, as in a list of suggestions.
 * @param {object} search
 * @param {KeyboardEvent} event
 */
function moveBetweenResults (search, event) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return
  const links = [search.els.input, ...search.els.results.querySelectorAll('a')]
  const at = links.indexOf(document.activeElement)
  if (at === -1 || links.length < 2) return
  const next = links[Math.min(Math.max(at + (event.key === 'ArrowDown' ? 1 : -1), 0), links.length - 1)]
  event.preventDefault()
  next.focus()
}

/**
 * Make an element with a class and, optionally, text.
 * @param {string} tag
 * @param {string} className
 * @param {string} [text]
 */
function element (tag, className, text) {
  const el = document.createElement(tag)
  el.className = className
  if (text !== undefined) el.textContent = text
  return el
}

/**
 * Make a link.
 * @param {string} text
 * @param {string} href
 */
function link (text, href) {
  const a = document.createElement('a')
  a.href = href
  a.textContent = text
  return a
}

