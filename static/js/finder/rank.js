/**
 * Ranking centres (issue 4): the straight-line distance from a point to each
 * centre, nearest first, and how to say a distance to people. No DOM here.
 *
 * Distances are straight lines (haversine), rounded so they do not look more
 * exact than a postcode district's centre is (95% of a median district lies
 * within 2 miles of it):
 *   under 1 mile      → "less than 1 mile"
 *   1 to 9.5 miles    → whole miles ("about 3 miles")
 *   9.5 to 97.5 miles → nearest 5 ("about 45 miles")
 *   further           → nearest 10 ("about 230 miles")
 * each followed by ", straight line".
 */

const EARTH_RADIUS_MILES = 3958.76

/**
 * Return the straight-line distance in miles between two points (haversine).
 * @param {{lat: number, lon: number}} a
 * @param {{lat: number, lon: number}} b
 * @returns {number}
 */
export function milesBetween (a, b) {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(h)))
}

/**
 * Describe a distance for people, rounded as the header comment says.
 * @param {number} miles
 * @returns {string}
 */
export function describeDistance (miles) {
  if (miles < 1) return 'less than 1 mile, straight line'
  const step = miles < 9.5 ? 1 : miles < 97.5 ? 5 : 10
  const rounded = Math.round(miles / step) * step
  return `about ${rounded} ${rounded === 1 ? 'mile' : 'miles'}, straight line`
}

/**
 * Return every centre with its distance from a point, nearest first (then by name).
 * @template {{name: string, lat: number, lon: number}} Centre
 * @param {Centre[]} centres
 * @param {{lat: number, lon: number}} point
 * @returns {Array<{centre: Centre, miles: number}>}
 */
export function rankCentres (centres, point) {
  return centres.map((centre) => ({ centre, miles: milesBetween(point, centre) }))
    .sort((a, b) => a.miles - b.miles || a.centre.name.localeCompare(b.centre.name))
}

/**
 * Say how many centres match and how many are shown.
 * @param {number} total
 * @param {number} shown
 * @param {string} nation - '' for all of the UK
 * @returns {string}
 */
export function countText (total, shown, nation) {
  const where = nation ? ` in ${nation}` : ''
  if (!total) return `No centres${where}.`
  const counted = `${total} ${total === 1 ? 'centre' : 'centres'}${where}, nearest first.`
  return shown < total ? `${counted} Showing the nearest ${shown}.` : counted
}
