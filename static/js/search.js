/**
 * Site search (issue 14): results as the reader types, from the index Pagefind
 * builds with the site (pagefind/). Everything happens in the browser: the
 * only requests are for the site's own index files, and only once the reader
 * starts a search. Nothing is stored.
 *
 * Progressive enhancement: without JavaScript the header shows a link to the
 * search page, which lists every page. This module, loaded on every page, is
 * kept small: it turns the header link into a button that opens the search
 * form and shows the form on the search page. The rest (search-results.js)
 * and Pagefind's index load only when the reader starts a search.
 */

const MODULE = 'app-site-search'

/** search-results.js, loaded once per page when the reader first searches. */
let resultsLoading = null

/** Start search on every element that asks for it, once enhance.js has marked the page. */
function startAll () {
  if (!document.body.classList.contains('js-enabled')) return
  document.querySelectorAll(`[data-module="${MODULE}"]`).forEach(initSiteSearch)
}

/**
 * Enhance one search component.
 * @param {HTMLElement} $root - the element with data-module="app-site-search"
 * @returns {object|undefined} its state, or undefined when required elements are missing
 */
export function initSiteSearch ($root) {
  const els = findElements($root)
  if (!els) return
  const search = { $root, els, bundleUrl: $root.dataset.bundleUrl, searchUrl: $root.dataset.searchUrl,
    resultsScript: $root.dataset.resultsScript, contactUrl: $root.dataset.contactUrl || null,
    term: '', results: [], shown: 0, seen: new Map() }
  els.form.addEventListener('submit', (event) => { event.preventDefault(); runSearch(search, els.input.value, false) })
  els.input.addEventListener('input', () => runSearch(search, els.input.value, true))
  if ($root.dataset.toggle) {
    makeToggle(search)
  } else {
    els.panel.hidden = false
    const asked = new URLSearchParams(window.location.search).get('q')
    if (asked) {
      els.input.value = asked
      runSearch(search, asked, false)
    }
  }
  return search
}

/**
 * Find the component's parts; warn and give up when one is missing.
 * @param {HTMLElement} $root
 */
function findElements ($root) {
  const els = {
    panel: $root.querySelector('.js-site-search-panel'),
    form: $root.querySelector('.js-site-search-form'),
    input: $root.querySelector('.js-site-search-input'),
    status: $root.querySelector('.js-site-search-status'),
    results: $root.querySelector('.js-site-search-results'),
    link: $root.querySelector('.js-site-search-link')
  }
  const missing = Object.keys(els).filter((name) => !els[name] && !(name === 'link' && !$root.dataset.toggle))
  if (missing.length) {
    console.warn(`${MODULE}: missing ${missing.join(', ')}; search stays a link to the search page`)
    return null
  }
  return els
}

/**
 * Replace the header's link with a button that opens and closes the search panel.
 * @param {object} search
 */
function makeToggle (search) {
  const { link, panel } = search.els
  const button = document.createElement('button')
  button.type = 'button'
  button.className = 'app-site-search__toggle'
  button.setAttribute('aria-expanded', 'false')
  button.setAttribute('aria-controls', panel.id)
  button.append(...link.childNodes)
  link.replaceWith(button)
  search.els.toggle = button
  button.addEventListener('click', () => setOpen(search, panel.hidden))
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      setOpen(search, false)
      button.focus()
    }
  })
  setOpen(search, false)
}

/**
 * Open or close the header's search panel; opening moves focus to the search box.
 * @param {object} search
 * @param {boolean} open
 */
function setOpen (search, open) {
  search.els.panel.hidden = !open
  search.els.toggle.setAttribute('aria-expanded', String(open))
  search.$root.classList.toggle('app-site-search--open', open)
  if (open) search.els.input.focus()
}

/**
 * Search, loading search-results.js first if this is the page's first search.
 * @param {object} search
 * @param {string} term
 * @param {boolean} debounce - wait until the reader pauses typing
 */
async function runSearch (search, term, debounce) {
  if (!resultsLoading) {
    resultsLoading = import(search.resultsScript)
    resultsLoading.catch(() => { resultsLoading = null }) // let a later search try again
  }
  try {
    const results = await resultsLoading
    if (!search.attached) results.attach(search)
    search.attached = true
    await results.runSearch(search, term, debounce)
  } catch (error) {
    search.els.status.textContent = 'Sorry, search is not working at the moment. Try again, or use the list of every page.'
  }
}

document.addEventListener('DOMContentLoaded', startAll)
