/** Support Board sends arrays and objects as JSON strings in API answers (real arrays in webhooks). */
export function parseJsonString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (!value.trim()) return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

/** SB's `[name, url(, extra)]` pairs, from a JSON string (get-conversation) or a real array (webhook). */
export function parseAttachments(value: unknown): { name: string; url: string }[] {
  const list = parseJsonString(value);
  if (!Array.isArray(list)) return [];
  // Only strings (or numbers) count: String() of an arbitrary object can throw (`{"toString": 1}`).
  const text = (v: unknown): string | null =>
    typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null;
  return list
    .filter((a): a is unknown[] => Array.isArray(a) && text(a[0]) !== null && text(a[1]) !== null)
    .map((a) => ({ name: text(a[0])!, url: text(a[1])! }));
}
