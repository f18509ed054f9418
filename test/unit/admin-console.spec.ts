import { stateOf } from '../../src/admin/admin-conversations.service';
import type { ConversationRow } from '../../src/admin/admin.repository';
import { maskEmail, maskPhone } from '../../src/admin/mask';
import { html, whatsAppText } from '../../src/admin/views/html';

describe('console pages', () => {
  it('escape product and customer text, so a product name cannot inject markup', () => {
    const name = '<img src=x onerror=alert(1)> "Nevera" & co';
    expect(html`<td title="${name}">${name}</td>`.toString()).toBe(
      '<td title="&lt;img src=x onerror=alert(1)&gt; &quot;Nevera&quot; &amp; co">&lt;img src=x onerror=alert(1)&gt; &quot;Nevera&quot; &amp; co</td>',
    );
    // prettier-ignore
    const list = html`<ul>${['<a>', html`<li>ok</li>`]}</ul>`;
    expect(list.toString()).toBe('<ul>&lt;a&gt;<li>ok</li></ul>');
    expect(whatsAppText('La *Nevera <b>* cuesta $5').toString()).toBe(
      '<span class="text">La <strong>Nevera &lt;b&gt;</strong> cuesta $5</span>',
    );
  });

  it('mask phone numbers and e-mails down to their last digits and domain', () => {
    expect(maskPhone('+58 412-555-0123')).toBe('+••••••••123');
    expect(maskPhone('04125550123')).toBe('••••••••123');
    expect(maskEmail('carla.perez@example.com')).toBe('c•••@example.com');
    expect(maskEmail('nonsense')).toBe('•••');
  });

  it('name a conversation’s state as the store owner would', () => {
    const base: ConversationRow = {
      conversationId: '1',
      channel: 'wa',
      customerUserId: '7',
      lastText: 'hola',
      lastAt: new Date(),
      lastInboxStatus: 'answered',
      waiting: 0,
      replyStatus: 'sent',
      replyHandoff: false,
      pauseReason: null,
      pausedUntil: null,
    };
    expect(stateOf(base)).toBe('answered');
    expect(stateOf({ ...base, waiting: 1 })).toBe('waiting');
    expect(stateOf({ ...base, replyStatus: 'failed' })).toBe('failed');
    expect(stateOf({ ...base, pauseReason: 'agent_reply', pausedUntil: new Date() })).toBe('paused');
    expect(stateOf({ ...base, pauseReason: 'customer_request', pausedUntil: new Date() })).toBe('handed off');
    expect(stateOf({ ...base, replyStatus: null, lastInboxStatus: 'ignored_channel' })).toBe('not answered');
  });
});
