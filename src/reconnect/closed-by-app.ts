/**
 * The errors of sockets the app asked to close before they opened (`complete()` or `error({ code })` on a subject
 * whose socket was connecting). Such a socket never reaches the operator that watches it, so its failure carries
 * the app's intent: final, as the app's `close()` of an open socket is, and reported as the app's close.
 */
const closedByApp = new WeakSet<object>();

/**
 * Marks `error` as the failure of a socket the app was closing.
 * @param error - the attempt's error.
 */
export function markClosedByApp(error: object): void {
  closedByApp.add(error);
}

/**
 * Whether `error` is the failure of a socket the app was closing.
 * @param error - the attempt's error.
 * @returns whether the app had asked to close it.
 */
export function isClosedByApp(error: unknown): boolean {
  return error instanceof Object && closedByApp.has(error);
}
