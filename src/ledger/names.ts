// Finding the name someone meant: a typo in `who` or in a unit is usually one or two keys off
// ("Heorn" for "Heron", "hour" for "hours"), and saying so is kinder than "unknown name".

/** Edit distance counting a swap of two neighbouring letters as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] ?? 0;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidates nearest to `written`, ignoring case, within `maxDistance` edits. A distance as
 * long as the shorter name means nothing is shared ("Al" is two edits from "Bo"), so it never counts.
 */
export function nearestNames(
  written: string,
  candidates: readonly string[],
  maxDistance = 2,
): string[] {
  const lower = written.toLowerCase();
  let best = maxDistance + 1;
  let nearest: string[] = [];
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance > maxDistance || distance >= Math.min(lower.length, candidate.length)) continue;
    if (distance < best) {
      best = distance;
      nearest = [candidate];
    } else if (distance === best && !nearest.includes(candidate)) {
      nearest.push(candidate);
    }
  }
  return nearest;
}

/** "did you mean “Heron”?" or "did you mean “Wren” or “Wen”?", or "" when nothing is near. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return "";
  return `did you mean ${suggestions.map((s) => `"${s}"`).join(" or ")}?`;
}
