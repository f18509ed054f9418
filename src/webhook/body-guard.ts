/**
 * Checks a parsed webhook body before class-transformer sees it (issue #17 §8). Anyone who learns the URL can post
 * anything, and class-transformer crashes on a `constructor` key and recurses once per nesting level, PostgreSQL
 * rejects U+0000 in text and jsonb and lone surrogates in jsonb. Support Board's own bodies are four levels deep
 * and never carry those keys or characters (contract §1.2), so refusing them costs no real message.
 */

/** body → data → attachments → [name, url]: 4 levels; a little room for SB adding an object somewhere. */
export const MAX_BODY_DEPTH = 8;
/** Far above any real message-sent body (a handful of fields, a few attachments). */
export const MAX_BODY_NODES = 2_000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type BodyCheck = { ok: true; body: Record<string, unknown> } | { ok: false; reason: string };

/** PostgreSQL text cannot hold U+0000 and jsonb refuses unpaired surrogates: both are dropped or replaced. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function cleanText(s: string): string {
  return s.replaceAll('\u0000', '').replace(LONE_SURROGATE, '\uFFFD');
}

/**
 * A copy of `body` with clean strings, or the reason it is refused. Iterative, so a 20,000-deep array costs one
 * loop, not 20,000 stack frames.
 */
export function checkWebhookBody(body: Record<string, unknown>): BodyCheck {
  const root: Record<string, unknown> = {};
  type Frame = {
    from: unknown;
    into: Record<string, unknown> | unknown[];
    key: string | number;
    depth: number;
  };
  const stack: Frame[] = Object.keys(body).map((key) => ({ from: body[key], into: root, key, depth: 1 }));
  for (const key of Object.keys(body)) if (FORBIDDEN_KEYS.has(key)) return refused(key);
  let nodes = 0;
  while (stack.length) {
    const { from, into, key, depth } = stack.pop()!;
    if (++nodes > MAX_BODY_NODES) return { ok: false, reason: `more than ${MAX_BODY_NODES} values` };
    let value: unknown = from;
    if (typeof from === 'string') {
      value = cleanText(from);
    } else if (from !== null && typeof from === 'object') {
      if (depth >= MAX_BODY_DEPTH)
        return { ok: false, reason: `nested deeper than ${MAX_BODY_DEPTH} levels` };
      if (Array.isArray(from)) {
        const list: unknown[] = new Array<unknown>(from.length);
        from.forEach((v, i) => stack.push({ from: v, into: list, key: i, depth: depth + 1 }));
        value = list;
      } else {
        const obj: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(from as Record<string, unknown>)) {
          if (FORBIDDEN_KEYS.has(k)) return refused(k);
          stack.push({ from: v, into: obj, key: k, depth: depth + 1 });
        }
        value = obj;
      }
    }
    if (Array.isArray(into)) into[key as number] = value;
    else into[key as string] = value;
  }
  return { ok: true, body: root };
}

function refused(key: string): BodyCheck {
  return { ok: false, reason: `forbidden key "${key}"` };
}
