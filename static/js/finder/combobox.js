/**
 * Suggestions as the reader types (issue 9): a WAI-ARIA 1.2 combobox, in the
 * manner of GOV.UK's accessible-autocomplete. Focus stays in the box. Down and
 * Up move, Enter chooses, Escape closes and keeps the text, Tab leaves, a tap
 * chooses; Enter with no option active submits what was typed. A polite live
 * region gives the count (nothing when none, to keep quiet while typing). The
 * list lies over the page, so it moves nothing.
 */

let counter = 0

/** Announce once typing pauses, not at every letter. */
const ANNOUNCE_DELAY_MS = 500

/**
 * Turn a text box into a combobox that suggests values from a source.
 * @param {HTMLInputElement} input - a text box with a <label>
 * @param {object} options
 * @param {(text: string) => Promise<Array<{label: string, value: string}>>} options.source - suggestions for what is typed
 * @param {(option: {label: string, value: string}) => void} [options.onChoose] - called when the reader picks a suggestion
 * @param {() => void} [options.prepare] - called once, when the reader first focuses or types in the box (to start loading data)
 * @param {number} [options.minLength] - letters to type before suggesting
 * @returns {{close: () => void}} a handle to close the list from outside
 */
export function attachCombobox (input, { source, onChoose = () => {}, prepare = () => {}, minLength = 2 }) {
  const box = makeCombobox(input)
  box.source = source
  box.onChoose = onChoose
  box.minLength = minLength
  bindCombobox(box, prepare)
  return { close: () => close(box) }
}

/**
 * Wrap the box, add the listbox and the live region, and mark the box up as a combobox.
 * @param {HTMLInputElement} input
 * @returns {object} the combobox's state
 */
function makeCombobox (input) {
  const id = `${input.id || 'app-combobox'}-${++counter}`
  const label = labelText(input) // before the box is moved, while its label still finds it
  const wrapper = document.createElement('div')
  wrapper.className = 'app-combobox'
  input.replaceWith(wrapper)
  const listbox = document.createElement('ul')
  listbox.className = 'app-combobox__listbox'
  listbox.id = `${id}-listbox`
  listbox.setAttribute('role', 'listbox')
  listbox.setAttribute('aria-label', `Suggestions for ${label}`)
  listbox.hidden = true
  const status = document.createElement('div')
  status.className = 'app-u-visually-hidden'
  status.setAttribute('role', 'status')
  status.setAttribute('aria-live', 'polite')
  status.setAttribute('aria-atomic', 'true')
  wrapper.append(input, listbox, status)
  input.classList.add('app-combobox__input')
  input.setAttribute('role', 'combobox')
  input.setAttribute('aria-autocomplete', 'list')
  input.setAttribute('aria-expanded', 'false')
  input.setAttribute('aria-controls', listbox.id)
  input.setAttribute('autocomplete', 'off') // the browser's own list would cover ours
  return { id, input, listbox, status, options: [], active: -1, asked: 0, announceTimer: 0 }
}

/**
 * Return the text of the box's label, for naming its list.
 * @param {HTMLInputElement} input
 * @returns {string}
 */
function labelText (input) {
  const label = input.labels && input.labels[0]
  return label ? label.textContent.trim() : 'what you typed'
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
