import type { Channel } from '../common/channel';
import type { SbConversation } from '../support-board/support-board.types';

/**
 * WhatsApp: 24 h from the customer's latest message, reset by each new one; our replies and templates never extend it
 * (whatsapp-cloud.md §10). Messenger and Instagram: the standard window is also 24 h (support-board.md §4; 7 days only
 * after a click-to-Messenger ad, which Support Board does not tell us, so the stricter rule is kept).
 */
export const SERVICE_WINDOW_MS: Record<Channel, number> = {
  wa: 24 * 3600_000,
  fb: 24 * 3600_000,
  ig: 24 * 3600_000,
};

/** SB writes `creation_time` with PHP's `gmdate`: UTC, no zone in the string (as the reconciliation reads it). */
const sbTimeMs = (t: string): number => Date.parse(`${t.trim().replace(' ', 'T')}Z`);

export interface ServiceWindow {
  open: boolean;
  /** The customer's latest message by Support Board's clock; null when none could be read. */
  lastCustomerAt: Date | null;
}

/**
 * The window as Namwoo knows it: the `creation_time` of the latest message the conversation's owner wrote (event rows
 * skipped; SB writes it in UTC with `gmdate`), closed `marginMs` early because Meta's clock, Support Board's and the
 * queue all differ a little. Unknown (no readable customer message) counts as open: the send then decides, and the
 * 131047 answer stays the safety net (Meta may refuse even inside the window, §10).
 */
export function serviceWindow(
  conversation: SbConversation,
  channel: Channel,
  now: number,
  marginMs: number,
): ServiceWindow {
  let last = -Infinity;
  for (const m of conversation.messages) {
    if (m.userId !== conversation.userId || 'event' in m.payload) continue;
    const at = sbTimeMs(m.creationTime);
    if (Number.isFinite(at) && at > last) last = at;
  }
  if (!Number.isFinite(last)) return { open: true, lastCustomerAt: null };
  return { open: now - last < SERVICE_WINDOW_MS[channel] - marginMs, lastCustomerAt: new Date(last) };
}
