/**
 * Centre finder (issues 4 and 9): the page driver. Every reader of the page
 * downloads it, so it only checks the finder's markup, marks the box as a
 * combobox and listens. The rest comes on first use: finder/combobox.js and
 * finder/places.js (suggestions) once the reader focuses or types in the box,
 * and finder/answers.js (which asks places.js and finder/rank.js) once they
 * search, use their location, or the address holds a search (?near=).
 *
 * Nothing the reader types, and never their location, leaves this page: the
 * only requests are for the site's own scripts and place index (finder/*.json).
 *
 * Progressive enhancement: without JavaScript the page lists every centre by nation.
 */

const MODULE = 'app-centre-finder'

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
  const { indexUrl, indexVersion = '', contactUrl = null } = $root.dataset
  const version = indexVersion && `?v=${indexVersion}`
  const finder = {
    els,
    root: $root,
    index: { places: `${indexUrl}places.json${version}`, districts: `${indexUrl}districts.json${version}` },
    contactUrl,
    title: document.title,
    point: null,
    alternatives: [],
    searchId: 0,
    shown: null, // the query string that what is on the page reflects
    locating: false
  }
  markCombobox(els)
  bindEvents(finder)
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
    listbox: '.app-combobox [role="listbox"]',
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
 * Mark the box as a combobox now, so a screen reader says so from the first focus,
 * before finder/combobox.js arrives; the page's markup holds its list and live region.
 * @param {object} els
 */
function markCombobox ({ input, listbox }) {
  input.classList.add('app-combobox__input')
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', listbox.id)
  input.setAttribute('autocomplete', 'off') // the browser's own list would cover ours
}

/**
 * Wire up the form, the location button, the box's first use, and Back/Forward.
 */
function bindEvents (finder) {
  const { els } = finder
  els.form.addEventListener('submit', (event) => {
    event.preventDefault()
    const text = els.input.value
    withAnswers(finder, (answers) => answers.search(finder, text, { push: true, focus: true }))
  })
  els.locate.addEventListener('click', () => withAnswers(finder, (answers) => answers.locate(finder)))
  const firstUse = () => {
    els.input.removeEventListener('focus', firstUse)
    els.input.removeEventListener('input', firstUse)
    startSuggestions(finder)
    loadAnswers(finder).catch(() => {}) // the reader is about to search: have the answers ready
  }
  els.input.addEventListener('focus', firstUse)
  els.input.addEventListener('input', firstUse)
  window.addEventListener('popstate', (event) => followHistory(finder, event.state))
}

/**
 * Load the suggestions and the place finding, and attach them to the box. Loading the place
 * index starts at once (and the postcode districts once a digit is typed), so suggestions and
 * the search answer come together.
 * @returns {Promise<void>}
 */
async function startSuggestions (finder) {
  try {
    const [{ attachCombobox }, places] = await Promise.all([import('./finder/combobox.js'), import('./finder/places.js')])
    const placeIndex = () => places.loadPlaceIndex(finder.index.places)
    attachCombobox(finder.els.input, {
      prepare: () => placeIndex().catch(() => {}),
      source: async (text) => {
        if (!/[0-9]/.test(text)) return places.suggestPlaces(await placeIndex(), text)
        // A postcode: start loading its districts while the reader types, so the answer does not
        // arrive late on a slow connection and push the page down after the search.
        places.loadJson(finder.index.districts).catch(() => {})
        return []
      },
      onChoose: (option) => withAnswers(finder, (answers) => answers.search(finder, option.value, { push: true, focus: true }))
    })
  } catch (error) {
    console.warn(`${MODULE}: no suggestions (${error.message}); the search still works`)
  }
}

/**
 * Load finder/answers.js once, on first use, and get it ready; a failed load may be tried again.
 * @param {object} finder
 * @returns {Promise<object>} the module
 */
function loadAnswers (finder) {
  if (!finder.loading) {
    finder.loading = import('./finder/answers.js').then((answers) => {
      answers.startAnswers(finder)
      return answers
    })
    finder.loading.catch(() => { finder.loading = null })
  }
  return finder.loading
}

/**
 * Run something with finder/answers.js; if it cannot load, show the list of every centre instead.
 * @param {object} finder
 * @param {(answers: object) => void} use
 * @returns {Promise<void>}
 */
function withAnswers (finder, use) {
  return loadAnswers(finder).then(use, (error) => {
    console.warn(`${MODULE}: could not load the search (${error.message}), so the list of every centre is shown`)
    window.location.hash = 'all-centres'
  })
}

/**
 * Show what a history entry holds after Back or Forward.
 * Entries the finder made carry a state; a null state is a #fragment link followed on this page.
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
    withAnswers(finder, (answers) => answers.search(finder, near, { push: false, focus: false }))
  } else {
    reset(finder)
  }
}

/**
 * Go back to the page as it was before any search (there are answers to clear only once their module is on its way).
 */
function reset (finder) {
  finder.searchId++
  finder.point = null
  finder.els.input.value = ''
  if (finder.loading) withAnswers(finder, (answers) => answers.clearAnswers(finder))
}

// Deferred scripts run in document order, and this one comes before enhance.js
// (base.html's head block), so wait until every deferred script has run.
document.addEventListener('DOMContentLoaded', startAll)
