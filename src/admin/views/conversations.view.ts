import { formatMoney } from '../../common/text/money';
import type { AnswerTrace, TraceProduct, TraceToolCall } from '../../assistant/answer-trace';
import type {
  ConversationDetail,
  ConversationState,
  ConversationSummary,
} from '../admin-conversations.service';
import { CONVERSATION_STATES } from '../admin-conversations.service';
import type { ReplyRow } from '../admin.repository';
import { html, whatsAppText, type Html } from './html';
import { ago, badge, csrfField, page, stockLabel, usd, when } from './layout';

const CHANNELS: Record<string, string> = { wa: 'WhatsApp', ig: 'Instagram', fb: 'Facebook' };
const channelName = (c: string | null): string => (c ? (CHANNELS[c] ?? c) : '—');

const TONES: Record<ConversationState, 'ok' | 'warn' | 'bad' | 'off'> = {
  answered: 'ok',
  waiting: 'warn',
  paused: 'off',
  'handed off': 'warn',
  failed: 'bad',
  'not answered': 'off',
};
export const stateBadge = (s: ConversationState): Html => badge(s, TONES[s]);

const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function conversationsPage(
  rows: ConversationSummary[],
  filter: { state?: string; channel?: string; q?: string },
  csrf: string,
): Html {
  const option = (value: string, label: string, current?: string) =>
    html`<option value="${value}" ${value === (current ?? '') ? html`selected` : ''}>${label}</option>`;
  return page(
    { title: 'Conversations', section: 'conversations', csrf },
    html`<h1>Conversations</h1>
      <form class="inline card" method="get" action="/admin/conversations">
        <select name="state" aria-label="State">
          ${option('', 'Any state', filter.state)}${CONVERSATION_STATES.map((s) => option(s, s, filter.state))}
        </select>
        <select name="channel" aria-label="Channel">
          ${option('', 'Any channel', filter.channel)}${Object.entries(CHANNELS).map(([k, v]) => option(k, v, filter.channel))}
        </select>
        <input type="search" name="q" value="${filter.q ?? ''}" placeholder="Conversation id or words" />
        <button class="btn" type="submit">Filter</button>
      </form>
      <div class="card flat">
        <table>
          <thead>
            <tr>
              <th>Conversation</th>
              <th>Channel</th>
              <th>Customer</th>
              <th>Last message</th>
              <th>State</th>
              <th>When</th>
            </tr>
          </thead>
          <tbody>
            ${
              rows.length
                ? rows.map(
                    (c) =>
                      html`<tr data-conversation="${c.conversationId}">
                        <td>
                          <a href="/admin/conversations/${encodeURIComponent(c.conversationId)}"
                            >#${c.conversationId}</a
                          >
                        </td>
                        <td>${channelName(c.channel)}</td>
                        <td>${c.customer}</td>
                        <td>${cut(c.lastText, 90)}</td>
                        <td>${stateBadge(c.state)}</td>
                        <td class="small muted">${ago(c.lastAt)}</td>
                      </tr>`,
                  )
                : html`<tr>
                    <td colspan="6" class="muted">
                      No conversations yet. They appear when Support Board sends customer messages to the
                      webhook.
                    </td>
                  </tr>`
            }
          </tbody>
        </table>
      </div>`,
  );
}

const money = (p: number | null, symbol: string): string =>
  p === null ? 'no price' : formatMoney(p, symbol);
const stock = (p: TraceProduct): string =>
  p.stockStatus === 'instock'
    ? p.stockQuantity !== null
      ? `${p.stockQuantity} in stock`
      : 'in stock'
    : stockLabel(p.stockStatus);

function filtersOf(call: TraceToolCall): string {
  const { query_text: _q, product_identifier: _p, ...rest } = call.arguments;
  const parts = Object.entries(rest)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  return parts.join(', ');
}

const arg = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

function toolCall(call: TraceToolCall, symbol: string): Html {
  const a = call.arguments;
  const head =
    call.name === 'search_local_products'
      ? html`search <strong>“${arg(a.query_text)}”</strong>`
      : call.name === 'get_live_product_details'
        ? html`live look-up <strong>${arg(a.identifier_type)} ${arg(a.product_identifier)}</strong>`
        : html`<strong>${call.name}</strong>`;
  const filters = filtersOf(call);
  return html`<li data-tool="${call.name}">
    ${head}${filters ? html` <span class="muted">(${filters})</span>` : ''} · ${call.ms} ms
    ${call.ok ? '' : badge('failed', 'bad')}
    ${call.error ? html`<span class="small">${call.error}</span>` : ''}
    ${call.products ? html`<div class="products">${call.products.length ? call.products.map((p, i) => html`${i ? ' · ' : ''}${p.name} (${money(p.price, symbol)}, ${stock(p)})`) : 'no products'}</div>` : ''}
    ${call.live ? html`<div class="products">${call.live.name}: ${money(call.live.price, symbol)}, ${stock(call.live)} · from ${call.live.source === 'woocommerce' ? 'WooCommerce now' : 'the local copy (store slow)'}</div>` : ''}
  </li>`;
}

export function traceBlock(trace: AnswerTrace | null, meta: Html, symbol: string): Html {
  return html`<div class="trace" data-trace>
    <div>${meta}</div>
    ${trace?.fallbackReason ? html`<div class="alert warn small">Answered offline: ${trace.fallbackReason}</div>` : ''}
    ${
      trace?.toolCalls.length
        ? html`<ol>
            ${trace.toolCalls.map((c) => toolCall(c, symbol))}
          </ol>`
        : html`<div class="muted">No tool calls.</div>`
    }
    ${trace?.groundingRepairs.length ? html`<div>Grounding repairs: ${trace.groundingRepairs.map((g) => html`<div>attempt ${g.attempt}: ${g.snippets.join(', ')} not backed by the tools</div>`)}</div>` : ''}
    ${trace?.rounds.length ? html`<div class="muted">Model rounds: ${trace.rounds.map((r, i) => html`${i ? ' · ' : ''}#${r.round} ${r.ms} ms ${r.promptTokens}+${r.completionTokens} tok (${r.finishReason})`)}</div>` : ''}
  </div>`;
}

function replyMeta(r: ReplyRow): Html {
  const tokens =
    r.promptTokens !== null ? `${r.promptTokens}+${r.completionTokens ?? 0} tokens` : 'no tokens';
  return html`<strong
      >${r.engine === 'openai' ? `LLM${r.model ? ` (${r.model})` : ''}` : (r.engine ?? 'no engine')}</strong
    >
    · ${r.latencyMs !== null ? `${r.latencyMs} ms` : 'in progress'} · ${tokens} · ${usd(r.costUsd ?? 0)}
    ${r.groundingViolations ? html` · ${badge(`${r.groundingViolations} grounding repair(s)`, 'warn')}` : ''}
    ${r.handoff ? html` · ${badge('hand-off', 'warn')}` : ''} ·
    ${badge(r.status, r.status === 'sent' ? 'ok' : r.status === 'failed' ? 'bad' : 'off')}
    ${r.error ? html`<div class="small">${r.error}</div>` : ''}`;
}

export function conversationPage(d: ConversationDetail, csrf: string, symbol: string, notice?: string): Html {
  type Item = { at: Date; node: Html };
  const items: Item[] = [
    ...d.inbox.map((m) => ({
      at: m.receivedAt,
      node: html`<div class="msg customer" data-role="customer">
        ${whatsAppText(m.text || '(attachment)')}<span class="meta">${when(m.receivedAt)} · ${m.status}</span>
      </div>`,
    })),
    ...d.replies.flatMap((r) => [
      {
        at: r.createdAt,
        node: html`${r.answerText ? html`<div class="msg bot" data-role="bot">${whatsAppText(r.answerText)}<span class="meta">${when(r.createdAt)}</span></div>` : ''}${traceBlock(r.trace, replyMeta(r), symbol)}`,
      },
    ]),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const s = d.summary;
  const paused = s?.state === 'paused' || s?.state === 'handed off';
  return page(
    { title: `Conversation #${d.conversationId}`, section: 'conversations', csrf },
    html`<p><a href="/admin/conversations">← Conversations</a></p>
      <h1>Conversation #${d.conversationId} ${s ? stateBadge(s.state) : ''}</h1>
      ${notice ? html`<div class="alert ok" role="status">${notice}</div>` : ''}
      <div class="card row">
        <div>
          <div class="label">Customer</div>
          ${s?.customer ?? '—'}
        </div>
        <div>
          <div class="label">Channel</div>
          ${channelName(s?.channel ?? null)}
        </div>
        <div>
          <div class="label">Bot</div>
          ${
            s?.pausedUntil
              ? s.pausedUntil.getUTCFullYear() >= 9999
                ? 'paused until resumed (#humano)'
                : `paused until ${when(s.pausedUntil)}`
              : 'answering'
          }
        </div>
        <div>
          ${
            paused && s?.pausedUntil
              ? html`<form
                  method="post"
                  action="/admin/conversations/${encodeURIComponent(d.conversationId)}/resume"
                >
                  ${csrfField(csrf)}<button class="btn" type="submit">Resume the bot</button>
                </form>`
              : html`<form
                  class="inline"
                  method="post"
                  action="/admin/conversations/${encodeURIComponent(d.conversationId)}/pause"
                >
                  ${csrfField(csrf)}
                  <input
                    type="number"
                    name="minutes"
                    min="1"
                    max="100000"
                    placeholder="minutes"
                    aria-label="Minutes"
                    class="narrow"
                  />
                  <button class="btn danger" type="submit">Pause the bot</button>
                </form>`
          }
        </div>
      </div>
      <div class="card">
        <div class="chat">
          ${items.length ? items.map((i) => i.node) : html`<p class="muted">Nothing recorded for this conversation.</p>`}
        </div>
      </div>`,
  );
}
