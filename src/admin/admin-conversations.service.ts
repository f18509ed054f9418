import { Injectable, Logger } from '@nestjs/common';
import { PauseService } from '../pause/pause.service';
import { SupportBoardClient } from '../support-board/support-board.client';
import { AdminRepository, type ConversationRow, type InboxRow, type ReplyRow } from './admin.repository';
import { maskEmail, maskPhone } from './mask';

export const CONVERSATION_STATES = [
  'answered',
  'waiting',
  'paused',
  'handed off',
  'failed',
  'not answered',
] as const;
export type ConversationState = (typeof CONVERSATION_STATES)[number];

export interface ConversationSummary extends ConversationRow {
  state: ConversationState;
  customer: string;
}

export interface ConversationDetail {
  conversationId: string;
  summary: ConversationSummary | null;
  inbox: InboxRow[];
  replies: ReplyRow[];
}

/** How long a console page waits for Support Board to name a customer before showing the bare id. */
const CUSTOMER_LOOKUP_MS = 1500;
const LIST_LIMIT = 50;

export function stateOf(c: ConversationRow): ConversationState {
  if (c.pauseReason === 'customer_request') return 'handed off';
  if (c.pauseReason) return 'paused';
  if (c.waiting > 0 || c.replyStatus === 'in_progress') return 'waiting';
  if (c.replyStatus === 'failed') return 'failed';
  if (c.replyHandoff) return 'handed off';
  if (c.lastInboxStatus === 'ignored_channel' || !c.replyStatus) return 'not answered';
  return 'answered';
}

/** Conversations for the console: list, detail with every reply's trace, and pause/resume as the CLI does them. */
@Injectable()
export class AdminConversationsService {
  private readonly logger = new Logger('Console');

  constructor(
    private readonly repository: AdminRepository,
    private readonly pauses: PauseService,
    private readonly sb: SupportBoardClient,
  ) {}

  async list(filter: { state?: string; channel?: string; q?: string }): Promise<ConversationSummary[]> {
    const rows = await this.repository.conversations({
      channel: filter.channel || undefined,
      text: filter.q?.trim() || undefined,
      limit: filter.state ? LIST_LIMIT * 4 : LIST_LIMIT,
    });
    const summaries = rows
      .map((r) => ({ ...r, state: stateOf(r) }))
      .filter((r) => !filter.state || r.state === filter.state)
      .slice(0, LIST_LIMIT);
    const names = await Promise.all(summaries.map((s) => this.customerLabel(s.customerUserId)));
    return summaries.map((s, i) => ({ ...s, customer: names[i] }));
  }

  async detail(conversationId: string): Promise<ConversationDetail> {
    const [rows, inbox, replies] = await Promise.all([
      this.repository.conversations({ text: conversationId, limit: 5 }),
      this.repository.inboxOf(conversationId, 200),
      this.repository.repliesOf(conversationId, 100),
    ]);
    const row = rows.find((r) => r.conversationId === conversationId);
    const summary = row
      ? { ...row, state: stateOf(row), customer: await this.customerLabel(row.customerUserId) }
      : null;
    return { conversationId, summary, inbox, replies };
  }

  pause(conversationId: string, minutes: number | undefined): Promise<Date> {
    return this.pauses.pauseManually(conversationId, minutes, 'console');
  }

  resume(conversationId: string): Promise<boolean> {
    return this.pauses.resume(conversationId);
  }

  /** "Carla · +••••••123 · c•••@mail.com", or "#1234" when Support Board is off, slow or does not know them. */
  private async customerLabel(userId: string): Promise<string> {
    const fallback = `#${userId}`;
    if (!this.sb.configured) return fallback;
    try {
      const user = await Promise.race([
        this.sb.getUser(userId),
        new Promise<null>((r) => setTimeout(() => r(null), CUSTOMER_LOOKUP_MS).unref()),
      ]);
      if (!user) return fallback;
      const detail = (slug: string) => user.details.find((d) => d.slug === slug)?.value ?? null;
      const phone = detail('phone');
      const email = detail('email');
      return [user.firstName ?? fallback, phone && maskPhone(phone), email && maskEmail(email)]
        .filter(Boolean)
        .join(' · ');
    } catch (e) {
      this.logger.debug(`customer ${userId} not loaded from Support Board: ${(e as Error).message}`);
      return fallback;
    }
  }
}
