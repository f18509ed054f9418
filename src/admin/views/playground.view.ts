import type { PlaygroundEntry } from '../admin-playground.service';
import { traceBlock } from './conversations.view';
import { html, whatsAppText, type Html } from './html';
import { badge, csrfField, page, usd } from './layout';

function meta(e: PlaygroundEntry): Html {
  const r = e.result!;
  const u = r.usage;
  return html`<strong>${r.engine === 'openai' ? `LLM${u ? ` (${u.model})` : ''}` : r.engine}</strong> ·
    ${e.ms ?? 0} ms ${u ? ` · ${u.promptTokens}+${u.completionTokens} tokens · ${usd(u.costUsd)}` : ''}
    ${r.groundingViolations ? html` · ${badge(`${r.groundingViolations} grounding repair(s)`, 'warn')}` : ''}
    ${r.handoff ? html` · ${badge('would hand off to a person', 'warn')}` : ''}`;
}

export function playgroundPage(
  entries: PlaygroundEntry[],
  engine: string,
  csrf: string,
  symbol: string,
): Html {
  return page(
    { title: 'Playground', section: 'playground', csrf },
    html`<h1>Playground</h1>
      <p class="muted">
        Write as a customer would. The same assistant as production answers
        (${engine === 'openai' ? 'the LLM with the catalog tools' : 'the offline assistant: no OPENAI_API_KEY'}),
        with the live catalog and the store profile; nothing is sent to anyone.
      </p>
      <div class="card">
        <div class="chat" data-playground>
          ${
            entries.length
              ? entries.map((e) =>
                  e.turn.role === 'customer'
                    ? html`<div class="msg customer" data-role="customer">${whatsAppText(e.turn.text)}</div>`
                    : html`<div class="msg bot" data-role="bot">${whatsAppText(e.turn.text)}</div>
                        ${traceBlock(e.result?.trace ?? null, meta(e), symbol)}`,
                )
              : html`<p class="muted">
                  Try “¿tienen licuadoras?”, “precio de la nevera samsung” or “what are your opening hours?”.
                </p>`
          }
        </div>
      </div>
      <div class="card">
        <form class="inline" method="post" action="/admin/playground">
          ${csrfField(csrf)}
          <input
            type="text"
            name="message"
            placeholder="Message as a customer"
            required
            maxlength="2000"
            class="grow"
            aria-label="Message"
            autofocus
          />
          <button class="btn" type="submit">Send</button>
        </form>
        <form class="inline spaced" method="post" action="/admin/playground/reset">
          ${csrfField(csrf)} <button class="btn ghost small" type="submit">Reset the conversation</button>
        </form>
      </div>`,
  );
}
