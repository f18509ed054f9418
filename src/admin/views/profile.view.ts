import type { StoreProfile } from '../../assistant/store-profile';
import { formatWeeklyLines } from '../../assistant/opening-hours';
import { html, type Html } from './html';
import { csrfField, page } from './layout';

const input = (name: string, label: string, value: string, hint?: string): Html =>
  html`<div class="field">
    <label for="${name}">${label}</label
    ><input
      id="${name}"
      name="${name}"
      type="text"
      value="${value}"
    />${hint ? html`<div class="hint">${hint}</div>` : ''}
  </div>`;
const area = (name: string, label: string, value: string, hint?: string): Html =>
  html`<div class="field">
    <label for="${name}">${label}</label
    ><textarea id="${name}" name="${name}" class="tall">${value}</textarea
    >${hint ? html`<div class="hint">${hint}</div>` : ''}
  </div>`;

/** Renders the form from a profile-shaped object (the saved one, or what was posted when it had problems). */
export function profilePage(o: {
  profile: Partial<StoreProfile>;
  file: string;
  csrf: string;
  problems?: string[];
  saved?: boolean;
}): Html {
  const p = o.profile;
  const faq = [...(p.faq ?? []), { question: '', answer: '' }, { question: '', answer: '' }];
  return page(
    { title: 'Store profile', section: 'profile', csrf: o.csrf },
    html`<h1>Store profile</h1>
      <p class="muted">
        What the assistant knows about the store. Saved to <code>${o.file}</code> and used from the next
        answer on.
      </p>
      ${o.saved ? html`<div class="alert ok" role="status">Saved. The next answer uses it.</div>` : ''}
      ${
        o.problems?.length
          ? html`<div class="alert bad" role="alert">
              <strong>Not saved:</strong>
              <ul>
                ${o.problems.map((x) => html`<li>${x}</li>`)}
              </ul>
            </div>`
          : ''
      }
      <form method="post" action="/admin/profile" class="card">
        ${csrfField(o.csrf)}
        <div class="two">
          ${input('storeName', 'Store name', p.storeName ?? '')}
          ${input('assistantName', 'Assistant name', p.assistantName ?? '')}
          ${input('languages', 'Languages', (p.languages ?? []).join(', '), 'ISO codes, the first is the default: es, en')}
          <div class="two">
            ${input('currencyCode', 'Currency code', p.currency?.code ?? '')}${input('currencySymbol', 'Symbol', p.currency?.symbol ?? '')}
          </div>
        </div>
        ${area('tone', 'Tone', p.tone ?? '', 'How the assistant writes: tuteo or usted, emojis, length.')}
        <div class="two">
          ${area('address', 'Address', p.address ?? '')} ${area('hours', 'Opening hours', p.hours ?? '')}
          ${area('delivery', 'Delivery', p.delivery ?? '')} ${area('warranty', 'Warranty', p.warranty ?? '')}
        </div>
        <div class="two">
          ${input('openingTimeZone', 'Time zone of the opening hours', p.openingHours?.timeZone ?? '', 'IANA name, e.g. America/Caracas')}
          ${area('openingHours', 'Opening hours (for after-hours hand-offs)', formatWeeklyLines(p.openingHours?.weekly ?? []), 'One period per line: mon-sat 09:00-19:00, sun 11:00-17:00. A hand-off outside them tells the customer when a person answers. Leave both empty to turn it off.')}
        </div>
        ${area('paymentMethods', 'Payment methods', (p.paymentMethods ?? []).join('\n'), 'One per line.')}
        <h2>Frequent questions</h2>
        ${faq.map(
          (f, i) =>
            html`<div class="two">
              <div class="field">
                <label for="faq-q-${i}">Question</label
                ><input id="faq-q-${i}" name="faqQuestion" type="text" value="${f.question}" />
              </div>
              <div class="field">
                <label for="faq-a-${i}">Answer</label
                ><input id="faq-a-${i}" name="faqAnswer" type="text" value="${f.answer}" />
              </div>
            </div>`,
        )}
        <p class="muted small">
          Leave both fields of a question empty to remove it. Prices and discounts never come from here: the
          assistant quotes them only from the catalog.
        </p>
        <button class="btn" type="submit">Save the profile</button>
      </form>`,
  );
}
