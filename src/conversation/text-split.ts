/**
 * Splits an answer into pieces of at most `limit` characters (WhatsApp 4096, Messenger/Instagram 1000: SB cuts
 * the latter silently, support-board.md §2.6), preferring paragraph, then line, then sentence, then
 * word boundaries, so a price never ends up cut in half.
 */
export function splitForChannel(text: string, limit: number): string[] {
  const clean = text.trim();
  if (clean.length <= limit) return clean ? [clean] : [];
  const parts: string[] = [];
  let rest = clean;
  while (rest.length > limit) {
    const window = rest.slice(0, limit + 1);
    const cut =
      lastBreak(window, /\n\s*\n/g, limit) ??
      lastBreak(window, /\n/g, limit) ??
      lastBreak(window, /[.!?…](?=\s)/g, limit, 1) ??
      lastBreak(window, /\s/g, limit) ??
      limit;
    parts.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) parts.push(rest);
  return parts.filter(Boolean);
}

/** Index just after the last match that keeps the piece within `limit` and not absurdly short. */
function lastBreak(window: string, re: RegExp, limit: number, keep = 0): number | undefined {
  let best: number | undefined;
  for (const m of window.matchAll(re)) {
    const at = m.index + keep;
    if (at <= limit && at >= limit * 0.3) best = at;
  }
  return best;
}
