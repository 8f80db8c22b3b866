/**
 * Site search (issue 14): results as the reader types, from the index Pagefind
 * builds with the site (pagefind/). Everything happens in the browser: the
 * only requests are for the site's own index files, and only once the reader
 * starts a search. Nothing is stored.
 *
 * Progressive enhancement: without JavaScript the header shows a link to the
 * search page, which lists every page. With it, CSS shows a button instead
 * and the search page shows its search box. This module, loaded on every page,
 * is kept small: it opens and closes the header's search box and starts
 * searches, changing no markup until the reader searches. The rest
 * (search-results.js, an ES module) and Pagefind's index load only then.
 *
 * A classic script, not a module, so that the live preview can run it again
 * when it swaps in a changed page's body (it reloads pages that have modules).
 */
(function () {
  'use strict'

  const MODULE = 'app-site-search'

  /** search-results.js, loaded once per page when the reader first searches. */
  let resultsLoading = null

  /** Start search on every element that asks for it. */
  function startAll () {
    document.querySelectorAll(`[data-module="${MODULE}"]`).forEach(initSiteSearch)
  }

  /**
   * Enhance one search component.
   * @param {HTMLElement} $root - the element with data-module="app-site-search"
   * @returns {object|undefined} its state, or undefined when required elements are missing
   */
  function initSiteSearch ($root) {
    const els = findElements($root)
    if (!els) return
    const search = { $root, els, bundleUrl: $root.dataset.bundleUrl, searchUrl: $root.dataset.searchUrl,
      resultsScript: $root.dataset.resultsScript, contactUrl: $root.dataset.contactUrl || null,
      finderUrl: $root.dataset.finderUrl || null, placesUrl: $root.dataset.placesUrl || null,
      term: '', asked: 0, results: [], shown: 0, seen: new Map() }
    els.form.addEventListener('submit', (event) => { event.preventDefault(); runSearch(search, els.input.value, false) })
    els.input.addEventListener('input', () => runSearch(search, els.input.value, true))
    if ($root.dataset.toggle) {
      makeToggle(search)
    } else {
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
      toggle: $root.querySelector('.js-site-search-toggle')
    }
    const missing = Object.keys(els).filter((name) => !els[name] && !(name === 'toggle' && !$root.dataset.toggle))
    if (missing.length) {
      console.warn(`${MODULE}: missing ${missing.join(', ')}; search stays a link to the search page`)
      return null
    }
    return els
  }

  /**
   * Let the header's button open and close the search panel (CSS shows it instead of the link).
   * @param {object} search
   */
  function makeToggle (search) {
    const { toggle, panel } = search.els
    toggle.addEventListener('click', () => setOpen(search, panel.hidden))
    panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') {
        setOpen(search, false)
        toggle.focus()
      }
    })
  }

  /**
   * Open or close the header's search panel; opening moves focus to the search box.
   * @param {object} search
   * @param {boolean} open
   */
  function setOpen (search, open) {
    search.els.panel.hidden = !open
    search.els.toggle.setAttribute('aria-expanded', String(open))
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', startAll)
  else startAll() // run again by the preview on a new body
})()
