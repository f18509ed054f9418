/** Shapes of the Support Board Web API as the bot uses them (docs/contracts/support-board.md §2). */

export interface SbUserDetail {
  slug: string;
  name?: string;
  value: string | null;
}

/** `get-user` with `extra=true`; it also carries `token` and `password`, which we never keep or log. */
export interface SbUser {
  id: string;
  firstName: string | null;
  lastName: string | null;
  userType: string | null;
  details: SbUserDetail[];
}

export interface SbMessage {
  id: string;
  userId: string;
  text: string;
  /** `[name, url]` pairs, parsed from SB's JSON string. */
  attachments: { name: string; url: string }[];
  /** Parsed from SB's JSON string; `{}` when empty or unparsable. */
  payload: Record<string, unknown>;
  creationTime: string;
  userType: string | null;
}

export interface SbConversation {
  id: string;
  /** The customer who owns the conversation. */
  userId: string;
  source: string | null;
  /** WA: phone_number_id; FB: page id; IG: page or IG account id. */
  extra: string | null;
  statusCode: string | null;
  messages: SbMessage[];
}

export interface SbSendMessage {
  userId: string;
  conversationId: string;
  message: string;
  /** 0 inbox, 1 answered/waiting for the user, 2 needs attention (support-board.md §2.5). Always explicit. */
  conversationStatusCode: 0 | 1 | 2 | 3;
  payload?: Record<string, unknown>;
  /** Files shown with the message (an image by its extension); stored, never delivered (support-board.md §7.1). */
  attachments?: SbAttachment[];
}

export interface SbAttachment {
  name: string;
  url: string;
}

export interface SbMessengerSend {
  psid: string;
  facebookPageId: string;
  message: string;
  /** The id `send-message` returned, so SB drops Meta's echo (support-board.md §2.6). */
  metadata: string;
  attachments?: SbAttachment[];
}

/** One element of `messenger-send-message`'s array: a Graph result or a Graph error. */
export interface SbMessengerResult {
  messageId: string | null;
  error: { code?: number; message?: string; error_subcode?: number } | null;
}

/**
 * One row of `get-conversations`: a conversation with its last non-empty message (SB 3.7.x `sb_get_conversations`;
 * not in the contract's function table: read in SB's source, fields parsed leniently).
 */
export interface SbConversationSummary {
  conversationId: string;
  /** The conversation's owner (the customer), when this SB version names it. */
  customerUserId: string | null;
  source: string | null;
  statusCode: string | null;
  lastMessageId: string;
  /** `YYYY-MM-DD HH:MM:SS`, written by SB with `gmdate` (UTC). */
  lastMessageTime: string;
}
