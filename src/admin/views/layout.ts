import { html, type Html } from './html';

export type Section = 'overview' | 'conversations' | 'catalog' | 'playground' | 'profile';

const NAV: [Section, string, string][] = [
  ['overview', 'Overview', '/admin'],
  ['conversations', 'Conversations', '/admin/conversations'],
  ['catalog', 'Catalog', '/admin/catalog'],
  ['playground', 'Playground', '/admin/playground'],
  ['profile', 'Store profile', '/admin/profile'],
];

export interface PageOptions {
  title: string;
  section?: Section;
  /** The session's CSRF token: every form that changes something carries it. */
  csrf?: string;
  /** Reload the page every N seconds (sync progress without JavaScript). */
  refreshSeconds?: number;
}

export function page(o: PageOptions, body: Html): Html {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        ${o.refreshSeconds ? html`<noscript><meta http-equiv="refresh" content="${o.refreshSeconds}" /></noscript>` : ''}
        <title>${o.title} · Namwoo console</title>
        <link rel="stylesheet" href="/admin/assets/admin.css" />
      </head>
      <body>
        ${
          o.section
            ? html`<header class="top">
                <span class="brand">Namwoo</span>
                <nav>
                  ${NAV.map(([s, label, href]) => html`<a href="${href}" class="${s === o.section ? 'on' : ''}">${label}</a>`)}
                </nav>
                <form method="post" action="/admin/logout">
                  <input type="hidden" name="_csrf" value="${o.csrf ?? ''}" /><button
                    class="btn ghost small"
                    type="submit"
                  >
                    Log out
                  </button>
                </form>
              </header>`
            : ''
        }
        <main>${body}</main>
        <script src="/admin/assets/admin.js" defer></script>
      </body>
    </html>`;
}

export const csrfField = (csrf: string): Html => html`<input type="hidden" name="_csrf" value="${csrf}" />`;

export function badge(text: string, tone: 'ok' | 'warn' | 'bad' | 'off'): Html {
  return html`<span class="badge b-${tone}">${text}</span>`;
}

export function ago(date: Date | null, now = new Date()): string {
  if (!date) return 'never';
  const s = Math.round((now.getTime() - date.getTime()) / 1000);
  if (s < 60) return `${Math.max(0, s)} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86_400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
}

export const when = (d: Date | null): string =>
  d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—';

export const usd = (n: number): string => `$${n < 1 && n > 0 ? n.toFixed(4) : n.toFixed(2)}`;

export const stockLabel = (status: string): string =>
  status === 'outofstock' ? 'out of stock' : status === 'onbackorder' ? 'on backorder' : status;
