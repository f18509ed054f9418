/**
 * Keeps secrets and personal data out of logs: the safety net under every log line (AppLogger runs each message
 * and field through `redact`), including vendors' error bodies that end up in error messages. Clients still log
 * ids, never raw bodies (Support Board's get-user carries the user's token and password hash, contracts/
 * support-board.md §2.4).
 *
 * - By field name: credentials become `[redacted]`; personal fields (names, e-mails, phones) become `[personal]`.
 * - By pattern, in every string: phone numbers in any layout (`+58 412-555-0123`, `(0412) 555 0123`,
 *   `0412.555.0123`, `584125550123`) keep only their last 4 digits; e-mail addresses become `[email]`; bearer
 *   tokens, API keys and `token=` query parameters become `[redacted]`.
 * - Customer names: names are not a pattern, so the Support Board client tells the redactor the names it reads
 *   (`rememberPersonalNames`), and they become `[name]` wherever they appear afterwards.
 */
const SECRET_KEY =
  /(token|secret|password|passwd|authorization|api_?key|apikey|consumer_key|consumer_secret|^key$|cookie)/i;
const PERSONAL_KEY =
  /^(first_?name|last_?name|full_?name|customer_?name|display_?name|user_?name|e-?mail(_?address)?|phone(_?number)?|mobile|msisdn|wa_?id)$/i;
/** 10 to 15 digits (E.164 at most 15) with the separators people write between them. */
const PHONE_CANDIDATE = /(?<![\w.,:])\+?\(?\d[\d\s().-]{7,24}\d(?![\w:])/g;
const EMAIL = /[\p{L}\d._%+-]+@[\p{L}\d-]+(?:\.[\p{L}\d-]+)+/gu;
const TOKENS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[\w.~+/-]+=*/gi, '$1 [redacted]'],
  [/\bsk-[\w-]{8,}/g, '[redacted]'],
  [/\b(?:ck|cs)_[a-f0-9]{16,}/gi, '[redacted]'],
  [
    /([?&](?:token|access_token|api_?key|key|consumer_key|consumer_secret|password)=)[^&\s"']+/gi,
    '$1[redacted]',
  ],
];
const MAX_DEPTH = 6;
const MAX_NAMES = 5_000;

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 5) return '****';
  return `${value.trim().startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

const names = new Set<string>();
let namePattern: RegExp | null = null;

/**
 * Names read from Support Board user records (first, last, full). Kept in memory only, the most recent
 * MAX_NAMES; names shorter than 3 letters are ignored (they would blank out ordinary words).
 */
export function rememberPersonalNames(...values: (string | null | undefined)[]): void {
  let changed = false;
  const add = (v: string): void => {
    const name = v.trim().replace(/\s+/g, ' ');
    if (name.length < 3 || !/\p{L}/u.test(name) || names.has(name.toLowerCase())) return;
    names.add(name.toLowerCase());
    changed = true;
    if (names.size > MAX_NAMES) names.delete(names.values().next().value as string);
  };
  const parts = values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  parts.forEach(add);
  if (parts.length > 1) add(parts.join(' '));
  if (changed) namePattern = null;
}

/** Test hook: forgets every remembered name. */
export function forgetPersonalNames(): void {
  names.clear();
  namePattern = null;
}

function nameRegex(): RegExp | null {
  if (names.size === 0) return null;
  if (!namePattern) {
    // Longest first, so "Carla Pérez" is replaced whole rather than as "[name] Pérez".
    const alternatives = [...names]
      .sort((a, b) => b.length - a.length)
      .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'));
    namePattern = new RegExp(`(?<![\\p{L}\\d])(?:${alternatives.join('|')})(?![\\p{L}\\d])`, 'giu');
  }
  return namePattern;
}

export function redactText(text: string): string {
  let out = text.replace(EMAIL, '[email]');
  for (const [re, replacement] of TOKENS) out = out.replace(re, replacement);
  out = out.replace(PHONE_CANDIDATE, (m) => {
    const digits = m.replace(/\D/g, '').length;
    return digits >= 10 && digits <= 15 ? maskPhone(m) : m;
  });
  const names = nameRegex();
  return names ? out.replace(names, '[name]') : out;
}

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  // A Date has no own fields: walked like an object it would log as {}.
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? String(value) : value.toISOString();
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactText(value.message),
      stack: value.stack && redactText(value.stack),
    };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(k) && present(v)) out[k] = '[redacted]';
    else if (PERSONAL_KEY.test(k) && present(v)) out[k] = '[personal]';
    else out[k] = redact(v, depth + 1);
  }
  return out;
}
