/** The states reachable from `from` by any sequence of steps, for property tests of a lifecycle table. */
export function reachable<S>(from: S, next: (state: S) => Iterable<S>): Set<S> {
  const seen = new Set<S>([from]);
  const frontier = [from];
  for (let state = frontier.pop(); state !== undefined; state = frontier.pop()) {
    for (const n of next(state)) {
      if (seen.has(n)) continue;
      seen.add(n);
      frontier.push(n);
    }
  }
  return seen;
}
