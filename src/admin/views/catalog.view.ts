import { formatMoney } from '../../common/text/money';
import type { SearchPlayground, SyncState } from '../admin-catalog.service';
import type { SyncRun } from '../../sync/sync-run.types';
import { html, type Html } from './html';
import { ago, badge, csrfField, page, stockLabel, when } from './layout';

const money = (p: number | null, from: boolean, symbol: string): string =>
  p === null ? '—' : `${from ? 'from ' : ''}${formatMoney(p, symbol)}`;
const rank = (r: number | null): Html => (r === null ? html`<span class="muted">—</span>` : html`#${r}`);

function searchSection(q: string, inStock: boolean, result: SearchPlayground | null, symbol: string): Html {
  return html`<div class="card">
    <h2>Search playground</h2>
    <form class="inline" method="get" action="/admin/catalog">
      <input
        type="search"
        name="q"
        value="${q}"
        placeholder="e.g. nevera samsung, licuadora 600W, A54"
        class="grow"
        aria-label="Search query"
      />
      <label
        ><input type="checkbox" name="stock" value="1" ${inStock ? html`checked` : ''} /> only in stock</label
      >
      <button class="btn" type="submit">Search</button>
    </form>
    ${
      result
        ? html`<p class="small muted">
              Understood: ${result.understood.join(' · ')} · ${result.hits.length} results in ${result.ms} ms
              (with each lane alone)
            </p>
            <table data-search-results>
              <thead>
                <tr>
                  <th>#</th>
                  <th>Product</th>
                  <th>SKU</th>
                  <th class="num">Price</th>
                  <th>Stock</th>
                  <th class="num">Score</th>
                  <th class="num">Vector</th>
                  <th class="num">Words</th>
                  <th class="num">Model/SKU</th>
                </tr>
              </thead>
              <tbody>
                ${
                  result.hits.length
                    ? result.hits.map(
                        (h, i) =>
                          html`<tr>
                            <td>${i + 1}</td>
                            <td>
                              ${h.name}${
                                h.variation
                                  ? html`<div class="small muted">
                                      ${Object.entries(h.variation.attributes)
                                        .map(([k, v]) => `${k}: ${v}`)
                                        .join(', ')}
                                    </div>`
                                  : ''
                              }
                            </td>
                            <td class="mono">${h.variation?.sku ?? h.sku ?? '—'}</td>
                            <td class="num">
                              ${money(h.variation?.price ?? h.price, h.priceIsFrom && !h.variation, symbol)}
                            </td>
                            <td>
                              ${h.stockStatus === 'instock' ? badge(h.stockQuantity !== null ? `${h.stockQuantity} in stock` : 'in stock', 'ok') : badge(stockLabel(h.stockStatus), 'off')}
                            </td>
                            <td class="num mono">${h.score.toFixed(4)}</td>
                            <td class="num">${rank(h.laneRanks.vector)}</td>
                            <td class="num">${rank(h.laneRanks.text)}</td>
                            <td class="num">${rank(h.laneRanks.model)}</td>
                          </tr>`,
                      )
                    : html`<tr>
                        <td colspan="9" class="muted">No products match.</td>
                      </tr>`
                }
              </tbody>
            </table>
            <p class="small muted">
              Vector, Words and Model/SKU: the rank each lane gives the product when it searches alone; the
              fused score ranks the list.
            </p>`
        : ''
    }
  </div>`;
}

function syncSection(state: SyncState, configured: boolean, csrf: string): Html {
  const p = state.progress;
  const text = p
    ? `${p.phase === 'fetch' ? 'Fetching pages' : 'Embedding'}: ${p.done} / ${p.total}`
    : 'Starting…';
  return html`<div class="card" data-sync-status="${state.running ? 'running' : 'idle'}">
    <h2>Sync</h2>
    ${
      state.running
        ? html`<p>
            <progress max="${p?.total || 1}" value="${p?.done ?? 0}"></progress>
            <span data-sync-text>${text}</span>
          </p>`
        : html`<form class="inline" method="post" action="/admin/catalog/sync">
            ${csrfField(csrf)}
            <button class="btn" type="submit" ${configured ? '' : html`disabled`}>Sync now</button>
            ${configured ? html`<span class="muted small">Incremental, or full when one is due (deleted products are removed on full runs).</span>` : html`<span class="muted small">WooCommerce is not configured: set WOOCOMMERCE_URL, WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET.</span>`}
          </form>`
    }
    ${!state.running && state.last ? html`<div class="alert ${state.last.status === 'succeeded' ? 'ok' : 'bad'}" data-sync-result>Last console sync: ${state.last.kind} ${state.last.status} in ${(state.last.durationMs / 1000).toFixed(1)} s — ${state.last.fetched} fetched, ${state.last.created} created, ${state.last.updated} updated, ${state.last.deleted} deleted, ${state.last.errors} errors</div>` : ''}
    ${!state.running && state.error ? html`<div class="alert bad">${state.error}</div>` : ''}
  </div>`;
}

function runsTable(runs: SyncRun[]): Html {
  return html`<div class="card flat">
    <table data-sync-runs>
      <thead>
        <tr>
          <th>Started</th>
          <th>Kind</th>
          <th>Status</th>
          <th class="num">Fetched</th>
          <th class="num">Created</th>
          <th class="num">Updated</th>
          <th class="num">Deleted</th>
          <th class="num">Embedded</th>
          <th class="num">Errors</th>
          <th>Duration</th>
        </tr>
      </thead>
      <tbody>
        ${
          runs.length
            ? runs.map(
                (r) =>
                  html`<tr>
                      <td title="${when(r.startedAt)}">${ago(r.startedAt)}</td>
                      <td>${r.kind}</td>
                      <td>
                        ${badge(r.status, r.status === 'succeeded' ? 'ok' : r.status === 'failed' ? 'bad' : 'warn')}
                      </td>
                      <td class="num">${r.fetched}</td>
                      <td class="num">${r.created}</td>
                      <td class="num">${r.updated}</td>
                      <td class="num">${r.deleted}</td>
                      <td class="num">${r.embedded}</td>
                      <td class="num">${r.errors}</td>
                      <td>
                        ${r.finishedAt ? `${((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000).toFixed(1)} s` : '…'}
                      </td>
                    </tr>
                    ${
                      r.errorMessage
                        ? html`<tr>
                            <td colspan="10" class="small">${r.errorMessage}</td>
                          </tr>`
                        : ''
                    }`,
              )
            : html`<tr>
                <td colspan="10" class="muted">No sync has run yet.</td>
              </tr>`
        }
      </tbody>
    </table>
  </div>`;
}

export function catalogPage(o: {
  symbol: string;
  q: string;
  inStock: boolean;
  result: SearchPlayground | null;
  sync: SyncState;
  configured: boolean;
  runs: SyncRun[];
  csrf: string;
}): Html {
  return page(
    { title: 'Catalog', section: 'catalog', csrf: o.csrf, refreshSeconds: o.sync.running ? 3 : undefined },
    html`<h1>Catalog</h1>
      ${searchSection(o.q, o.inStock, o.result, o.symbol)} ${syncSection(o.sync, o.configured, o.csrf)}
      <h2>Sync runs</h2>
      ${runsTable(o.runs)}`,
  );
}
