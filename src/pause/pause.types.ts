export type PauseReason = 'agent_reply' | 'customer_request' | 'manual';

/** The bot stays silent in a conversation while `pausedUntil` is in the future (human takeover). */
export interface ConversationPause {
  conversationId: string;
  pausedUntil: Date;
  /** Support Board user id of the staff member, `customer`, or `cli`. */
  pausedBy: string | null;
  reason: PauseReason;
  createdAt: Date;
  updatedAt: Date;
}
