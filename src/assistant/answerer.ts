import type { Channel } from '../common/channel';
import type { AnswerTrace } from './answer-trace';

/** One row of the conversation history as the assistant sees it (system, event and empty rows dropped). */
export interface ConversationTurn {
  /** customer = the conversation's owner; bot = our bot user; staff = any human agent or admin. */
  role: 'customer' | 'bot' | 'staff';
  text: string;
  /** `[name, url]` pairs from Support Board, as objects. */
  attachments: { name: string; url: string }[];
  /** Support Board message id. */
  messageId: string;
  /** Support Board's creation_time as sent (no zone). */
  createdAt: string;
}

export interface AnswerRequest {
  conversationId: string;
  channel: Channel;
  customerName: string | null;
  /**
   * On WhatsApp, the customer's number (international digits, e.g. 584125550123) from their Support Board user: the
   * channel vouches for it, so it identifies them for their orders. Absent on Instagram and Facebook.
   */
  customerPhone?: string | null;
  /** Oldest first; ends with the customer message(s) being answered. */
  history: ConversationTurn[];
}

export interface AnswerUsage {
  model: string;
  promptTokens: number;
  completionTokens: number;
  toolCalls: number;
  /** Estimated from OPENAI_PRICE_*_PER_MTOK. */
  costUsd: number;
}

export interface AnswerResult {
  /** Text for the customer, with WhatsApp-style *bold*. Never empty. */
  text: string;
  /** `handoff`: the customer asked for a person and got the canned hand-off reply (no engine ran). */
  engine: 'openai' | 'offline' | 'placeholder' | 'handoff';
  /** True when the customer should be handed to a person (the bot then pauses itself). */
  handoff: boolean;
  usage: AnswerUsage | null;
  /** Prices or stock figures the model produced that no tool result backed (repaired before sending). */
  groundingViolations: number;
  /**
   * An internal note for the store's agents, without pausing the bot: the customer asked something only a person
   * can answer (a policy the store profile does not state). Support Board conversations get it as a note.
   */
  staffNote?: string;
  /**
   * Set when a hand-off came outside the store's opening hours: when a person will answer, for the agents' note,
   * e.g. "tomorrow at 9:00 (America/Caracas)". The customer's text already says it in their language.
   */
  afterHours?: string;
  /** What the turn did (tool calls, model rounds, repairs), recorded with the reply for the console. */
  trace?: AnswerTrace;
  /** A product photo to send after the text (the customer asked to see it, or one product was shown). */
  image?: ProductImage;
}

/** A product photo whose link was checked; the caption's name and price come from the catalog, never the model. */
export interface ProductImage {
  url: string;
  /** File name for Support Board's `[name, url]` attachment (support-board.md §7.1). */
  fileName: string;
  caption: string;
  wcProductId: number;
}

/** Produces the answer to a customer's turn. The reply job calls it; the assistant implements it. */
export abstract class Answerer {
  abstract answer(request: AnswerRequest): Promise<AnswerResult>;
}
