/**
 * Suggests the allowed value closest to a typo: an exact case-insensitive match first, then an
 * allowed value contained in it, then the nearest value within edit distance 2. Returns undefined when nothing is close.
 */
export function didYouMean(value: string, allowed: readonly string[]): string | undefined {
  const lower = value.toLowerCase();
  const caseMatch = allowed.find((a) => a.toLowerCase() === lower);
  if (caseMatch !== undefined) return caseMatch;
  // "ColdArchive" → "Archive": a longer name that ends in or contains an allowed one.
  const contained = allowed.filter((a) => lower.includes(a.toLowerCase())).sort((x, y) => y.length - x.length)[0];
  if (contained !== undefined) return contained;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const d = editDistance(lower, candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}
