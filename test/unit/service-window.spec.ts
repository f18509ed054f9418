import { serviceWindow } from '../../src/conversation/service-window';
import type { SbConversation, SbMessage } from '../../src/support-board/support-board.types';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const sbTime = (msAgo: number): string => new Date(NOW - msAgo).toISOString().replace('T', ' ').slice(0, 19);
const msg = (userId: string, msAgo: number, payload: Record<string, unknown> = {}): SbMessage => ({
  id: String(msAgo),
  userId,
  text: 'x',
  attachments: [],
  payload,
  creationTime: sbTime(msAgo),
  userType: null,
});
const conv = (messages: SbMessage[]): SbConversation => ({
  id: '5120',
  userId: '3318',
  source: 'wa',
  extra: null,
  statusCode: '2',
  messages,
});
const H = 3600_000;
const MARGIN = 10 * 60_000;

describe('the customer-service window from Support Board (whatsapp-cloud.md §10)', () => {
  it('is open within 24 h of the customer’s latest message, less the margin', () => {
    expect(serviceWindow(conv([msg('3318', 23 * H)]), 'wa', NOW, MARGIN).open).toBe(true);
    expect(serviceWindow(conv([msg('3318', 24 * H - 5 * 60_000)]), 'wa', NOW, MARGIN).open).toBe(false);
    expect(serviceWindow(conv([msg('3318', 25 * H)]), 'ig', NOW, MARGIN).open).toBe(false);
  });

  it('counts only the customer: our replies, agents and event rows do not extend it', () => {
    const w = serviceWindow(
      conv([msg('3318', 25 * H), msg('2', 1 * H), msg('5', 2 * H), msg('3318', 1 * H, { event: 'x' })]),
      'wa',
      NOW,
      MARGIN,
    );
    expect(w.open).toBe(false);
    expect(w.lastCustomerAt?.getTime()).toBe(NOW - 25 * H);
  });

  it('a newer customer message reopens it; no readable customer message counts as open (131047 is the net)', () => {
    expect(serviceWindow(conv([msg('3318', 30 * H), msg('3318', 2 * H)]), 'wa', NOW, MARGIN).open).toBe(true);
    expect(serviceWindow(conv([msg('2', 30 * H)]), 'wa', NOW, MARGIN)).toEqual({
      open: true,
      lastCustomerAt: null,
    });
  });
});
