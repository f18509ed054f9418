import type { IntegrationView, Overview } from '../admin-overview.service';
import { html, type Html } from './html';
import { ago, badge, page, usd, when } from './layout';

function integrationRow(i: IntegrationView): Html {
  const failing = i.lastErrorAt && (!i.lastSuccessAt || i.lastErrorAt > i.lastSuccessAt);
  const state = !i.configured
    ? badge('not configured', 'off')
    : failing
      ? badge('failing', 'bad')
      : i.lastSuccessAt
        ? badge('working', 'ok')
        : badge('configured, not used yet', 'warn');
  return html`<tr>
    <td><strong>${i.name}</strong>${i.note ? html`<div class="muted small">${i.note}</div>` : ''}</td>
    <td>${state}</td>
    <td>${i.lastSuccessAt ? ago(i.lastSuccessAt) : '—'}</td>
    <td>${i.lastError ? html`<span class="small">${ago(i.lastErrorAt)}: ${i.lastError}</span>` : '—'}</td>
  </tr>`;
}

/** 168 hourly bars as inline SVG: no chart library, readable without JavaScript. */
function chart(perHour: Overview['perHour']): Html {
  const w = 1000;
  const h = 120;
  const max = Math.max(1, ...perHour.map((p) => p.replies));
  const bw = w / Math.max(1, perHour.length);
  const bars = perHour.map((p, i) => {
    const bh = (p.replies / max) * (h - 10);
    return html`<rect
      x="${(i * bw + 0.5).toFixed(1)}"
      y="${(h - bh).toFixed(1)}"
      width="${Math.max(1, bw - 1).toFixed(1)}"
      height="${bh.toFixed(1)}"
      ><title>${when(p.hour)}: ${p.replies}</title></rect
    >`;
  });
  const days = perHour
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => p.hour.getUTCHours() === 0)
    .map(
      ({ p, i }) =>
        html`<line
            class="axis"
            x1="${(i * bw).toFixed(1)}"
            x2="${(i * bw).toFixed(1)}"
            y1="0"
            y2="${h}"
          ></line
          ><text x="${(i * bw + 3).toFixed(1)}" y="134">${p.hour.toISOString().slice(5, 10)}</text>`,
    );
  return html`<svg
    class="chart"
    viewBox="0 0 ${w} 140"
    preserveAspectRatio="none"
    role="img"
    aria-label="Replies per hour, last 7 days (peak ${max})"
  >
    <line class="axis" x1="0" x2="${w}" y1="${h}" y2="${h}"></line>
    ${days}${bars}
  </svg>`;
}

const stat = (label: string, value: string | number, sub?: string, testId?: string): Html =>
  html`<div class="card">
    <div class="label">${label}</div>
    <div class="stat" data-stat="${testId ?? ''}">${value}</div>
    ${sub ? html`<div class="muted small">${sub}</div>` : ''}
  </div>`;

const ms = (v: number | null): string =>
  v === null ? '—' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`;
const pct = (part: number, whole: number): string => (whole ? `${Math.round((part / whole) * 100)} %` : '—');

/** The spend cap reached: the operator must know the customers now get the offline assistant, and until when. */
function budgetAlert(b: Overview['budget']): Html | string {
  if (!b?.reached) return '';
  return html`<div class="alert bad" role="alert" data-alert="llm-budget">
    <strong>LLM budget reached:</strong> ${usd(b.spentUsd)} of ${usd(b.limitUsd)} (LLM_MONTHLY_BUDGET_USD)
    spent this month. Customers are answered by the offline assistant until ${when(b.resumesAt)} or until the
    budget is raised.
  </div>`;
}

export function overviewPage(o: Overview, csrf: string): Html {
  const r = o.last24h;
  const sync = o.lastSync;
  return page(
    { title: 'Overview', section: 'overview', csrf },
    html`<h1>Overview</h1>
      ${budgetAlert(o.budget)}
      <div class="grid">
        ${stat('Replies, last 24 h', r.replies, `${r.sent} sent · ${r.failed} failed`, 'replies-24h')}
        ${stat('Latency p50 / p95', `${ms(r.p50Ms)} / ${ms(r.p95Ms)}`, 'first customer message → reply delivered', 'latency')}
        ${stat('Answered offline', pct(r.offline, r.replies), `${r.offline} of ${r.replies}`, 'offline')}
        ${stat('Hand-offs · grounding repairs', `${r.handoffs} · ${r.repaired}`, 'to a person · replies with a price/stock fixed', 'handoffs')}
        ${stat('LLM today', usd(o.today.costUsd), `${o.today.promptTokens.toLocaleString('en')} in + ${o.today.completionTokens.toLocaleString('en')} out tokens`, 'cost-today')}
        ${stat('LLM this month', usd(o.month.costUsd), `${(o.month.promptTokens + o.month.completionTokens).toLocaleString('en')} tokens${o.chatModel ? ` · ${o.chatModel}` : ' · no model configured'}${o.budget ? ` · budget ${usd(o.budget.limitUsd)} (UTC month)` : ''}`, 'cost-month')}
        ${stat('Catalog', o.catalog.products.toLocaleString('en'), `${o.catalog.inStock.toLocaleString('en')} in stock · ${o.catalog.variations.toLocaleString('en')} variations`, 'catalog')}
        ${stat('Last sync', sync ? ago(sync.finishedAt ?? sync.startedAt) : 'never', sync ? `${sync.kind} · ${sync.status} · ${sync.fetched} fetched · ${sync.errors} errors` : 'no run recorded', 'last-sync')}
      </div>
      <div class="card">
        <h2>Replies per hour, last 7 days</h2>
        ${chart(o.perHour)}
      </div>
      <div class="card flat">
        <table>
          <thead>
            <tr>
              <th>Integration</th>
              <th>State</th>
              <th>Last success</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            ${o.integrations.map(integrationRow)}
          </tbody>
        </table>
      </div>
      <p class="muted small">
        Integration states are what this instance saw since it started
        (${when(new Date(Date.now() - process.uptime() * 1000))}).
      </p>`,
  );
}
