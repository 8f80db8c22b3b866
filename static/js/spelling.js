/**
 * Spelling: how far apart two words are, and which of a list a reader may have meant. The centre
 * finder (finder/places.js) uses it for place names, site search (search-results.js) for the
 * guide's words. No DOM here.
 */

/**
 * The most letters that may be wrong in a word of this length for another word to be offered
 * for it: 1 up to 4 letters, 2 up to 8, then 3.
 * @param {string} word
 * @returns {number}
 */
export function changesAllowed (word) {
  return word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3
}

/**
 * Return the number of letters to change, add, remove or swap to turn a into b
 * (optimal string alignment distance), or more than limit once it is clearly past it.
 * @param {string} a
 * @param {string} b
 * @param {number} limit
 * @returns {number}
 */
export function spellingDistance (a, b, limit = Infinity) {
  let before = null
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    let smallest = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let value = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2] + 1)
      current.push(value)
      smallest = Math.min(smallest, value)
    }
    if (smallest > limit) return limit + 1
    before = previous
    previous = current
  }
  return previous[b.length]
}

/**
 * Return the word of `words` spelt most like `word`, at most `allowed` changes away: of equally
 * close words, the first (so list the most used first); null when none is close.
 * @param {string} word
 * @param {string[]} words
 * @param {number} allowed
 * @returns {string|null}
 */
export function closestWord (word, words, allowed) {
  let best = null
  let bestDistance = allowed + 1
  for (const other of words) {
    if (Math.abs(other.length - word.length) >= bestDistance) continue
    const distance = spellingDistance(word, other, bestDistance - 1)
    if (distance < bestDistance) [best, bestDistance] = [other, distance]
  }
  return best
}
