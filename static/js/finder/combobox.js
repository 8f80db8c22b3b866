/**
 * Suggestions as the reader types (issue 9): a WAI-ARIA 1.2 combobox, in the
 * manner of GOV.UK's accessible-autocomplete. Focus stays in the box. Down and
 * Up move, Enter chooses, Escape closes and keeps the text, Tab leaves, a tap
 * chooses; Enter with no option active submits what was typed. A polite live
 * region gives the count (nothing when none, to keep quiet while typing). The
 * list lies over the page, so it moves nothing.
 */

/** Announce once typing pauses, not at every letter. */
const ANNOUNCE_DELAY_MS = 500

/**
 * Give suggestions to a text box the page has marked up as a combobox: role="combobox",
 * aria-controls naming its listbox (empty and hidden), and a polite live region beside it.
 * The markup comes with the page, so attaching moves nothing and may wait until the reader
 * first uses the box; attached while the box has focus, it starts at once.
 * @param {HTMLInputElement} input - a text box with a <label>
 * @param {object} options
 * @param {(text: string) => Promise<Array<{label: string, value: string}>>} options.source - suggestions for what is typed
 * @param {(option: {label: string, value: string}) => void} [options.onChoose] - called when the reader picks a suggestion
 * @param {() => void} [options.prepare] - called once, when the reader first focuses or types in the box (to start loading data)
 * @param {number} [options.minLength] - letters to type before suggesting
 * @returns {{close: () => void}|null} a handle to close the list from outside; null when the markup is missing
 */
export function attachCombobox (input, { source, onChoose = () => {}, prepare = () => {}, minLength = 2 }) {
  const box = findCombobox(input)
  if (!box) return null
  box.source = source
  box.onChoose = onChoose
  box.minLength = minLength
  bindCombobox(box, prepare)
  return { close: () => close(box) }
}

/**
 * Find the box's listbox and live region; warn and return null if either is missing.
 * @param {HTMLInputElement} input
 * @returns {object|null} the combobox's state
 */
function findCombobox (input) {
  const listbox = document.getElementById(input.getAttribute('aria-controls') || '')
  const status = input.parentElement.querySelector('[role="status"]')
  if (input.getAttribute('role') !== 'combobox' || !listbox || !status) {
    console.warn('app-combobox: the box needs role="combobox", aria-controls naming its listbox, and a live region beside it')
    return null
  }
  return { id: listbox.id, input, listbox, status, options: [], active: -1, asked: 0, announceTimer: 0 }
}

/**
 * Listen to the box and the list.
 * @param {object} box
 * @param {() => void} prepare
 */
function bindCombobox (box, prepare) {
  const { input, listbox } = box
  let prepared = false
  const warm = () => { if (!prepared) { prepared = true; prepare() } }
  input.addEventListener('focus', warm)
  input.addEventListener('input', () => { warm(); suggest(box) })
  if (document.activeElement === input) {
    warm()
    suggest(box) // for anything typed before the suggestions arrived
  }
  input.addEventListener('keydown', (event) => onKey(box, event))
  input.addEventListener('blur', () => close(box))
  // Keep focus in the box while an option is pressed, so the blur does not close the list first.
  listbox.addEventListener('mousedown', (event) => event.preventDefault())
  listbox.addEventListener('click', (event) => {
    const option = event.target.closest('[role="option"]')
    if (option) choose(box, Number(option.dataset.index))
  })
}

/**
 * Ask the source for suggestions for what is typed now; show them unless the reader has typed on.
 * @param {object} box
 */
async function suggest (box) {
  const asked = ++box.asked
  const text = box.input.value
  if (text.trim().length < box.minLength) {
    box.options = []
    return close(box)
  }
  let options
  try {
    options = await box.source(text)
  } catch (error) {
    console.warn(`app-combobox: no suggestions (${error.message})`)
    options = []
  }
  if (asked !== box.asked || document.activeElement !== box.input) return
  show(box, options)
}

/**
 * Fill the list with options and open it (or close it when there are none).
 * @param {object} box
 * @param {Array<{label: string, value: string}>} options
 */
function show (box, options) {
  box.options = options
  box.active = -1
  box.input.removeAttribute('aria-activedescendant')
  box.listbox.replaceChildren(...options.map((option, index) => optionItem(box, option, index)))
  setOpen(box, options.length > 0)
  announce(box, options.length ? `${options.length} ${options.length === 1 ? 'place' : 'places'} found, use up and down arrows to choose` : '')
}

/**
 * Return one option of the list.
 * @param {object} box
 * @param {{label: string}} option
 * @param {number} index
 * @returns {HTMLLIElement}
 */
function optionItem (box, option, index) {
  const item = document.createElement('li')
  item.className = 'app-combobox__option'
  item.id = `${box.id}-option-${index}`
  item.dataset.index = String(index)
  item.setAttribute('role', 'option')
  item.setAttribute('aria-selected', 'false')
  item.setAttribute('aria-posinset', String(index + 1))
  item.setAttribute('aria-setsize', String(box.options.length))
  item.textContent = option.label
  return item
}

/**
 * Handle the keys the combobox pattern gives meaning to; leave every other key alone.
 * @param {object} box
 * @param {KeyboardEvent} event
 */
function onKey (box, event) {
  const open = !box.listbox.hidden
  if (event.key === 'ArrowDown' && box.options.length) {
    event.preventDefault()
    if (!open) setOpen(box, true)
    activate(box, Math.min(box.active + 1, box.options.length - 1))
  } else if (event.key === 'ArrowUp' && open) {
    event.preventDefault()
    activate(box, Math.max(box.active - 1, -1))
  } else if (event.key === 'Enter' && open && box.active >= 0) {
    event.preventDefault() // choose, instead of submitting the form
    choose(box, box.active)
  } else if (event.key === 'Escape' && open) {
    event.preventDefault()
    close(box)
  } else if (event.key === 'Enter' || event.key === 'Tab') {
    close(box) // the form submits, or focus moves on, as usual
  }
}

/**
 * Make one option the active one (-1: none, the box itself), keeping it in view.
 * @param {object} box
 * @param {number} index
 */
function activate (box, index) {
  box.active = index
  box.listbox.querySelectorAll('[role="option"]').forEach((item, i) => {
    item.setAttribute('aria-selected', String(i === index))
    item.classList.toggle('app-combobox__option--active', i === index)
  })
  const item = index >= 0 ? box.listbox.children[index] : null
  if (item) {
    box.input.setAttribute('aria-activedescendant', item.id)
    item.scrollIntoView({ block: 'nearest' })
  } else {
    box.input.removeAttribute('aria-activedescendant')
  }
}

/**
 * Put a suggestion in the box, close the list and tell the owner.
 * @param {object} box
 * @param {number} index
 */
function choose (box, index) {
  const option = box.options[index]
  if (!option) return
  box.input.value = option.label
  close(box)
  box.onChoose(option)
}

/**
 * Close the list, keeping what is in the box.
 * @param {object} box
 */
function close (box) {
  box.asked++ // a slow answer must not reopen the list
  activate(box, -1)
  setOpen(box, false)
  announce(box, '')
}

/**
 * Show or hide the list, keeping aria-expanded in step.
 * @param {object} box
 * @param {boolean} open
 */
function setOpen (box, open) {
  box.listbox.hidden = !open
  box.input.setAttribute('aria-expanded', String(open))
}

/**
 * Say something in the live region once typing pauses; '' clears it at once.
 * @param {object} box
 * @param {string} message
 */
function announce (box, message) {
  window.clearTimeout(box.announceTimer)
  if (!message) {
    box.status.textContent = ''
    return
  }
  box.announceTimer = window.setTimeout(() => { box.status.textContent = message }, ANNOUNCE_DELAY_MS)
}
