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
  return list
    .filter((a): a is unknown[] => Array.isArray(a) && a.length >= 2)
    .map((a) => ({ name: String(a[0]), url: String(a[1]) }));
}
