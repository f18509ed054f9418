import { Injectable, Logger } from '@nestjs/common';
import { maskPhone } from '../common/logging/redact';
import { ConversationIntake } from '../conversation/conversation-intake.service';
import { parseAttachments } from '../support-board/attachments';
import { SupportBoardDirectory } from '../support-board/support-board-directory.service';
import type { MessageSentData, StatusUpdatedData } from './sb-webhook.dto';

export type IntakeAction =
  | 'ignored_bot_echo'
  | 'ignored_support_board_bot'
  | 'ignored_empty'
  | 'recorded'
  | 'duplicate'
  | 'recorded_for_humans'
  | 'paused'
  | 'command_queued'
  | 'status_queued'
  | 'status_ignored'
  | 'spooled';

/**
 * Classifies a `message-sent` event exactly in the order of support-board.md §3 and does the one cheap thing each class
 * needs: record + enqueue, or pause. Never calls Support Board, WooCommerce or OpenAI (SB waits at most 7 s).
 */
@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly intake: ConversationIntake,
    private readonly directory: SupportBoardDirectory,
  ) {}

  async messageSent(d: MessageSentData): Promise<IntakeAction> {
    const conversationId = d.conversation_id;
    const senderId = d.user_id;
    const text = d.message ?? '';
    const attachments = parseAttachments(d.attachments ?? []);
    // Rule 4: our own send-message comes back synchronously as an echo.
    if (this.directory.botUserId !== undefined && senderId === this.directory.botUserId)
      return 'ignored_bot_echo';
    // Support Board's own bot user (when it is not ours) writes the close message with text (§1.4, §6.1): an agent
    // archived the conversation; nobody is taking over.
    if (this.directory.isSupportBoardBot(senderId)) return 'ignored_support_board_bot';
    // Rule 5: takeover markers, close messages: empty whoever sent them.
    if (text.trim() === '' && attachments.length === 0) return 'ignored_empty';
    // Rule 6: only conversation_user_id says who the customer is (never user_type, never a list).
    if (senderId === d.conversation_user_id) {
      return this.intake.recordCustomerMessage({
        sbMessageId: d.message_id,
        conversationId,
        customerUserId: senderId,
        channel: d.conversation_source || null,
        text,
        attachments,
      });
    }
    // Rule 7: any other sender is staff (listed agent, other admin, or the FB/IG page-echo admin). Paused at once;
    // the pause is confirmed with get-conversation later, since the event may be forged (§6.3).
    const outcome = await this.intake.recordStaffMessage({
      conversationId,
      sbMessageId: d.message_id,
      senderId,
      text,
    });
    this.logger.log({
      msg: {
        paused: 'staff message: bot paused',
        spooled: 'staff message spooled: bot pauses once recorded',
        command_queued: 'staff command #bot: the bot resumes once Support Board confirms it',
      }[outcome],
      conversationId,
      sender: this.directory.isKnownAgent(senderId)
        ? `agent ${senderId}`
        : `user ${maskPhone(senderId)} (not in the agent list)`,
    });
    return outcome;
  }

  /** An archive (3) or trash (4) is queued for checking: it may give the conversation back to the bot (§6.1). */
  async statusUpdated(d: StatusUpdatedData): Promise<IntakeAction> {
    const outcome = await this.intake.recordStatusChange(d.conversation_id, d.status_code);
    if (outcome !== 'status_ignored')
      this.logger.log({
        msg: 'conversation status event: checking it with Support Board before resuming the bot',
        conversationId: d.conversation_id,
        status: d.status_code,
      });
    return outcome;
  }
}
