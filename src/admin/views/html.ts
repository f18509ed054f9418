/**
 * A tagged template for the console's server-rendered pages: every interpolated value is HTML-escaped unless it is
 * already `Html` (built by this tag), so catalog text and customer messages, which are untrusted, cannot inject
 * markup. Arrays are joined; null, undefined and false render nothing.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

function render(part: Part): string {
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join('');
  if (part === null || part === undefined || part === false) return '';
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((v, i) => {
    out += render(v) + strings[i + 1];
  });
  return new Html(out);
}

/** A message as the customer sees it on WhatsApp: escaped, with `*bold*` shown bold. */
export function whatsAppText(text: string): Html {
  const body = escapeHtml(text).replace(/\*([^*\n]+)\*/g, '<strong>$1</strong>');
  // Built here, not in a template, so no formatter adds whitespace to a pre-wrap block.
  return new Html(`<span class="text">${body}</span>`);
}
