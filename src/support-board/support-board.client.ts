import { parseAttachments, parseJsonString } from './attachments';
import { Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { rememberPersonalNames } from '../common/logging/redact';
import type {
  SbConversation,
  SbConversationSummary,
  SbMessage,
  SbMessengerResult,
  SbMessengerSend,
  SbSendMessage,
  SbUser,
} from './support-board.types';
import { integrationHealth } from '../common/integration-health';

type Args = Record<string, string | number | boolean | object | undefined>;

/** Codes after which trying again cannot help; the hint says what the operator should check (support-board.md §2.2). */
const HINTS: Record<string, string> = {
  'token-not-found': 'SUPPORT_BOARD_API_TOKEN is missing or unknown; use an admin user token',
  'invalid-token': 'SUPPORT_BOARD_API_TOKEN must belong to an admin user',
  'function-not-found': 'this Support Board version lacks the function; update Support Board',
  'app-not-installed': 'install and configure the channel app in Support Board settings',
  'facebook-page-not-found': 'connect the Facebook/Instagram page in Support Board › Settings › Messenger',
  'security-error': 'Support Board refused the call for security reasons; check the token and settings',
  'missing-argument': 'a bug in the request Namwoo sent; report it',
  'missing-function-name': 'a bug in the request Namwoo sent; report it',
};
const RETRY_DELAYS_MS = [300, 1200];
const USER_CACHE_MS = 5 * 60_000;

/** SB returns scalars as strings or numbers (support-board.md §2.4); anything else is kept as its JSON. */
const scalar = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
const str = (v: unknown): string | null => (v === null || v === undefined ? null : scalar(v));

/**
 * The Support Board Web API (`include/api.php`): form-encoded POSTs with an admin token, array/object arguments as
 * JSON strings, HTTP 200 in every case with three envelope shapes (support-board.md §2.1-2.2). Never logs `get-user`
 * bodies: they carry the user's token and password hash.
 */
@Injectable()
export class SupportBoardClient {
  private readonly logger = new Logger('SupportBoard');
  private readonly http: AxiosInstance;
  private readonly users = new Map<string, { user: SbUser; at: number }>();

  constructor(private readonly config: AppConfig) {
    this.http = axios.create({
      timeout: config.supportBoard.timeoutMs,
      transformResponse: (data: unknown) => data,
      validateStatus: () => true,
    });
  }

  get configured(): boolean {
    return this.config.isSupportBoardConfigured;
  }

  async getUser(userId: string): Promise<SbUser | null> {
    const cached = this.users.get(userId);
    if (cached && Date.now() - cached.at < USER_CACHE_MS) return cached.user;
    const raw = await this.call('get-user', { user_id: userId, extra: 'true' });
    if (!raw || typeof raw !== 'object') return null;
    const r = raw as Record<string, unknown>;
    const user: SbUser = {
      id: String(r.id),
      firstName: str(r.first_name),
      lastName: str(r.last_name),
      userType: str(r.user_type),
      details: Array.isArray(r.details)
        ? (r.details as Record<string, unknown>[]).map((d) => ({
            slug: String(d.slug),
            name: str(d.name) ?? undefined,
            value: str(d.value),
          }))
        : [],
    };
    rememberPersonalNames(user.firstName, user.lastName);
    this.users.set(userId, { user, at: Date.now() });
    return user;
  }

  async getConversation(conversationId: string): Promise<SbConversation> {
    const raw = (await this.call('get-conversation', { conversation_id: conversationId })) as {
      messages?: Record<string, unknown>[];
      details?: Record<string, unknown>;
    } | null;
    if (!raw || typeof raw !== 'object' || !raw.details) {
      throw new ExternalServiceError(
        'support-board',
        'get-conversation',
        `conversation ${conversationId} not found`,
        {
          retryable: false,
          hint: 'the conversation may have been deleted in Support Board',
        },
      );
    }
    const d = raw.details;
    // Every name in the conversation is personal data: the logger blanks it from here on.
    for (const who of [d, ...(raw.messages ?? [])])
      rememberPersonalNames(str(who.first_name), str(who.last_name));
    return {
      id: scalar(d.id ?? conversationId),
      userId: String(d.user_id),
      source: str(d.source),
      extra: str(d.extra),
      statusCode: str(d.status_code),
      messages: (raw.messages ?? []).map((m): SbMessage => ({
        id: String(m.id),
        userId: String(m.user_id),
        text: typeof m.message === 'string' ? m.message : '',
        attachments: parseAttachments(m.attachments),
        payload: ((): Record<string, unknown> => {
          const p = parseJsonString(m.payload);
          return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
        })(),
        creationTime: scalar(m.creation_time ?? ''),
        userType: str(m.user_type),
      })),
    };
  }

  /**
   * One page (100 rows, newest last message first within the status) of conversations with status `statusCode`.
   * Rows without a conversation or message id are dropped.
   */
  async getConversations(page: number, statusCode: number): Promise<SbConversationSummary[]> {
    const raw = await this.call('get-conversations', { pagination: page, status_code: statusCode });
    if (!Array.isArray(raw)) return [];
    return (raw as Record<string, unknown>[])
      .filter((r) => r && typeof r === 'object' && r.conversation_id != null && r.id != null)
      .map((r) => ({
        conversationId: scalar(r.conversation_id),
        customerUserId: str(r.conversation_user_id),
        source: str(r.conversation_source ?? r.source),
        statusCode: str(r.conversation_status_code),
        lastMessageId: scalar(r.id),
        lastMessageTime: scalar(r.creation_time ?? ''),
      }));
  }

  async getAgentIds(): Promise<string[]> {
    const raw = await this.call('get-agents-ids', { admins: 'true' });
    return Array.isArray(raw) ? raw.map((id) => String(id)) : [];
  }

  async getBotId(): Promise<string> {
    return String(await this.call('get-bot-id', {}));
  }

  /** Stores a message in the conversation (fires SB's webhooks; delivers nothing). Returns the new message id. */
  async sendMessage(m: SbSendMessage): Promise<string> {
    const raw = (await this.call('send-message', {
      user_id: m.userId,
      conversation_id: m.conversationId,
      message: m.message,
      // `[name, url]` pairs as a JSON string; SB stores the link as given (support-board.md §7.1).
      attachments: (m.attachments ?? []).map((a) => [a.name, a.url]),
      conversation_status_code: m.conversationStatusCode,
      payload: m.payload,
    })) as { id?: unknown } | null;
    if (!raw || raw.id === undefined || raw.id === null) {
      throw new ExternalServiceError('support-board', 'send-message', 'no message id in the response', {
        retryable: true,
      });
    }
    return scalar(raw.id);
  }

  /** Delivers on Messenger/Instagram through SB's page token; Graph errors come back inside a success envelope. */
  async messengerSendMessage(m: SbMessengerSend): Promise<SbMessengerResult[]> {
    const raw = await this.call('messenger-send-message', {
      psid: m.psid,
      facebook_page_id: m.facebookPageId,
      message: m.message,
      metadata: m.metadata,
      // One Graph call per attachment after the text, typed by the URL's extension (support-board.md §7.2).
      ...(m.attachments?.length ? { attachments: m.attachments.map((a) => [a.name, a.url]) } : {}),
    });
    const list = Array.isArray(raw) ? raw : [raw];
    return list.map((r): SbMessengerResult => {
      const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      const error = o.error && typeof o.error === 'object' ? (o.error as SbMessengerResult['error']) : null;
      return { messageId: str(o.message_id), error };
    });
  }

  async deleteMessage(messageId: string): Promise<void> {
    await this.call('delete-message', { message_id: messageId });
  }

  /** An internal note for agents (no webhook fires, the customer never sees it). */
  async addNote(conversationId: string, userId: string, name: string, message: string): Promise<void> {
    await this.call('add-note', { conversation_id: conversationId, user_id: userId, name, message });
  }

  private async call(fn: string, args: Args): Promise<unknown> {
    const { apiUrl, apiToken } = this.config.supportBoard;
    if (!apiUrl || !apiToken) {
      throw new ExternalServiceError('support-board', fn, 'not configured', {
        retryable: false,
        hint: 'set SUPPORT_BOARD_API_URL and SUPPORT_BOARD_API_TOKEN',
      });
    }
    const form = new URLSearchParams({ token: apiToken, function: fn });
    for (const [k, v] of Object.entries(args)) {
      if (v === undefined) continue;
      // Arrays and objects travel as JSON strings; nested form fields arrive mangled (support-board.md §2.1).
      form.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await integrationHealth.track('support-board', () => this.once(fn, apiUrl, form));
      } catch (e) {
        if (!(e instanceof ExternalServiceError) || !e.retryable || attempt >= RETRY_DELAYS_MS.length)
          throw e;
        this.logger.warn({ msg: `${fn} failed, retrying`, attempt: attempt + 1, reason: e.message });
        await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt]));
      }
    }
  }

  private async once(fn: string, url: string, form: URLSearchParams): Promise<unknown> {
    let res;
    try {
      res = await this.http.post<string>(url, form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    } catch (e) {
      throw new ExternalServiceError(
        'support-board',
        fn,
        axios.isAxiosError(e) ? (e.code ?? e.message) : String(e),
        {
          retryable: true,
          hint: 'check SUPPORT_BOARD_API_URL and that Support Board is reachable',
        },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(res.data);
    } catch {
      // A PHP fatal error answers HTML or nothing: transient server fault (support-board.md §2.2).
      throw new ExternalServiceError('support-board', fn, `non-JSON answer (HTTP ${res.status})`, {
        retryable: true,
        status: res.status,
        hint: 'check the Support Board server logs',
      });
    }
    const env = (body ?? {}) as {
      success?: unknown;
      status?: unknown;
      response?: unknown;
      message?: unknown;
    };
    if (env.success === true) return env.response;
    const code = typeof env.response === 'string' ? env.response : scalar(env.status ?? 'unknown');
    const text = typeof env.message === 'string' ? `${code}: ${env.message}` : code;
    throw new ExternalServiceError('support-board', fn, text, {
      retryable: code === 'db-error',
      vendorCode: code,
      status: res.status,
      hint: HINTS[code],
    });
  }
}
