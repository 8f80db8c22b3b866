/**
 * The live preview's side in the browser. `python build.py serve` adds it to every page it
 * serves; it is never part of the published site.
 *
 * It speaks the LiveReload protocol (version 7) to the preview server. When told to reload,
 * it fetches the page again. If only the words changed (the <head> is the same but for its
 * <title>), it swaps in the new <body> where the reader is, with no blank flash and the
 * scroll kept, as Eleventy's dev server does; then it runs the page's scripts again. A changed
 * <head> (a new stylesheet or script), a page with module scripts, or any failure means
 * a full reload. A page the save did not change is left alone.
 */
const PROTOCOL = 'http://livereload.com/protocols/official-7'
const RECONNECT_MS = 1000

let updates = Promise.resolve()

function connect (reconnecting) {
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/livereload`)
  socket.addEventListener('open', () => send(socket, { command: 'hello', protocols: [PROTOCOL] }))
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data)
    if (message.command === 'hello') {
      send(socket, { command: 'info', url: location.href, plugins: {} })
      document.documentElement.dataset.preview = 'connected' // for tests, and anyone curious
      if (reconnecting) update() // the preview restarted: the page may be out of date
    } else if (message.command === 'reload') {
      update()
    }
  })
  socket.addEventListener('close', () => setTimeout(() => connect(true), RECONNECT_MS))
}

function send (socket, message) {
  socket.send(JSON.stringify(message))
}

/** Bring the page up to date, one update after another. */
function update () {
  updates = updates.then(refresh).catch(() => location.reload())
}

async function refresh () {
  const response = await fetch(location.href, { cache: 'no-store' })
  const next = new DOMParser().parseFromString(await response.text(), 'text/html')
  const sameHead = headWithoutTitle(next) === headWithoutTitle(document)
  const sameBody = next.body.innerHTML === document.body.innerHTML
  if (!sameHead || (!sameBody && document.querySelector('script[type="module"]'))) {
    location.reload()
    return
  }
  document.title = next.title
  if (sameBody) return // a save elsewhere: leave what the reader has opened or typed alone
  document.body.replaceWith(document.adoptNode(next.body))
  document.querySelectorAll('head script[src]').forEach(runAgain)
}

function headWithoutTitle (doc) {
  const head = doc.head.cloneNode(true)
  head.querySelectorAll('title').forEach((title) => title.remove())
  return head.innerHTML.trim()
}

/** Run a classic script again, as a page load would, so it can enhance the new body. */
function runAgain (script) {
  if (script.src.includes('/livereload.js')) return
  const copy = document.createElement('script')
  copy.src = script.src
  copy.addEventListener('load', () => copy.remove())
  document.body.append(copy)
}

connect(false)
