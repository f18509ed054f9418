/**
 * Keeps secrets and personal data out of logs. Field names that carry credentials are replaced whole; phone
 * numbers (runs of 10-15 digits, optionally with +) keep only their last 4 digits. This is the safety net under
 * every log line: clients still log ids, never raw bodies (Support Board's get-user carries the user's token and
 * password hash, see docs/contracts/support-board.md §2.4).
 */
const SECRET_KEY =
  /(token|secret|password|passwd|authorization|api_?key|apikey|consumer_key|consumer_secret|^key$|cookie)/i;
const PHONE = /(?<![\w.])\+?\d{10,15}(?![\w.])/g;
const MAX_DEPTH = 6;

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 5) return '****';
  return `${value.trim().startsWith('+') ? '+' : ''}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
}

export function redactText(text: string): string {
  return text.replace(PHONE, (m) => maskPhone(m));
}

export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
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
    out[k] =
      SECRET_KEY.test(k) && v !== undefined && v !== null && v !== '' ? '[redacted]' : redact(v, depth + 1);
  }
  return out;
}
