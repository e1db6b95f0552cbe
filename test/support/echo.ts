/** The longest stretch of what was typed that an answer repeats word for word (whitespace folded). */
export function longestEcho(answer: string, typed: string): number {
  const folded = typed.replace(/\s+/g, ' ').trim();
  const shown = answer.replace(/\s+/g, ' ');
  // Binary search on the length: if a stretch of n is repeated, so is one of every shorter length.
  let lo = 0;
  let hi = folded.length;
  const repeats = (n: number) => {
    for (let i = 0; i + n <= folded.length; i++) if (shown.includes(folded.slice(i, i + n))) return true;
    return false;
  };
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (repeats(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
