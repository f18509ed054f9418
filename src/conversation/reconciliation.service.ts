import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { isBotChannel } from '../common/channel';
import { SupportBoardClient } from '../support-board/support-board.client';
import type { SbConversation, SbMessage } from '../support-board/support-board.types';
import { ConversationIntake } from './conversation-intake.service';
import { ReconciliationRepository } from './reconciliation.repository';

/** `get-conversations` pages 100 rows; a store with more active conversations than this per look-back is rare. */
const MAX_PAGES = 10;
const PAGE_SIZE = 100;
/** Support Board's "needs attention": a customer message sets it, a bot or agent answer clears it (§2.5, §6.1). */
const NEEDS_ATTENTION = 2;

export interface ReconcileSummary {
  conversationsChecked: number;
  recorded: number;
}

/** SB writes `creation_time` with PHP's `gmdate` (UTC, no zone in the string). NaN when unreadable. */
export const sbTimeMs = (t: string): number => Date.parse(`${t.trim().replace(' ', 'T')}Z`);

const providerIdOf = (m: SbMessage): string | null => {
  const id = m.payload.waid ?? m.payload.mid;
  return typeof id === 'string' && id ? id : null;
};
const hasContent = (m: SbMessage): boolean => m.text.trim() !== '' || m.attachments.length > 0;

/**
 * Catches up customer messages whose webhook never reached us (Support Board calls once, waits 7 s, never retries):
 * asks Support Board for conversations that need attention, and hands each customer message it has and the inbox
 * lacks to `ConversationIntake`, like the webhook would. Only bot channels, only within
 * SB_RECONCILE_LOOKBACK_MINUTES, only the customer's messages after the last bot or staff message (an older one
 * was answered by that message), and one per WhatsApp/Messenger message id (SB sometimes stores one twice).
 */
@Injectable()
export class ReconciliationService {
  private readonly logger = new Logger('Reconciliation');

  constructor(
    private readonly sb: SupportBoardClient,
    private readonly known: ReconciliationRepository,
    private readonly intake: ConversationIntake,
    private readonly config: AppConfig,
  ) {}

  async reconcile(now = Date.now()): Promise<ReconcileSummary> {
    const since = now - this.config.intake.reconcileLookbackMinutes * 60_000;
    const candidates: string[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const rows = await this.sb.getConversations(page, NEEDS_ATTENTION);
      // Newest last message first within one status: once one is older than the look-back, the rest are too.
      const recent = rows.filter((r) => sbTimeMs(r.lastMessageTime) >= since);
      const inInbox = await this.known.knownMessageIds(recent.map((r) => r.lastMessageId));
      for (const r of recent) {
        if (r.source !== null && r.source !== '' && !isBotChannel(r.source)) continue;
        // The inbox has the newest message: nothing was lost here (an older loss was answered with it in context).
        if (!inInbox.has(r.lastMessageId)) candidates.push(r.conversationId);
      }
      if (rows.length < PAGE_SIZE || recent.length < rows.length) break;
    }
    let recorded = 0;
    for (const conversationId of candidates) {
      try {
        recorded += await this.catchUp(await this.sb.getConversation(conversationId), since);
      } catch (e) {
        this.logger.warn({
          msg: 'could not reconcile a conversation',
          conversationId,
          reason: (e as Error).message,
        });
      }
    }
    return { conversationsChecked: candidates.length, recorded };
  }

  private async catchUp(c: SbConversation, since: number): Promise<number> {
    if (!isBotChannel(c.source)) return 0;
    const customers = c.messages.filter((m) => m.userId === c.userId && hasContent(m));
    const known = await this.known.knownMessageIds(customers.map((m) => m.id));
    const handledProviderIds = new Set(
      customers
        .filter((m) => known.has(m.id))
        .map(providerIdOf)
        .filter((p): p is string => p !== null),
    );
    let lastAnswer = -1;
    c.messages.forEach((m, i) => {
      if (m.userId !== c.userId && hasContent(m) && !('event' in m.payload)) lastAnswer = i;
    });
    let recorded = 0;
    for (const m of c.messages.slice(lastAnswer + 1)) {
      if (m.userId !== c.userId || !hasContent(m) || known.has(m.id)) continue;
      if (!(sbTimeMs(m.creationTime) >= since)) continue;
      const providerId = providerIdOf(m);
      if (providerId && handledProviderIds.has(providerId)) continue;
      if (providerId) handledProviderIds.add(providerId);
      const outcome = await this.intake.recordCustomerMessage({
        sbMessageId: m.id,
        conversationId: c.id,
        customerUserId: c.userId,
        channel: c.source,
        text: m.text,
        attachments: m.attachments,
      });
      if (outcome === 'recorded' || outcome === 'spooled') recorded++;
    }
    if (recorded) {
      this.logger.warn({
        msg: 'customer messages Support Board has but no webhook delivered: recorded now',
        conversationId: c.id,
        recorded,
      });
    }
    return recorded;
  }
}
