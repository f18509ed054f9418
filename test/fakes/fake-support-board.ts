import { fold } from '../../src/common/text/fold';
import { seedPersonalData } from '../support/log-capture';
import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

/**
 * A fake Support Board (docs/contracts/support-board.md §8) over real HTTP on loopback:
 * `POST …/include/api.php` (form or JSON), HTTP 200 with the three envelope shapes, ids and scalars as strings,
 * `attachments`/`payload` as JSON strings, fake `token`/`password` in get-user, `message-sent` fired synchronously
 * inside `send-message` (and for unmatched FB/IG page echoes as admin 1), plus test controls and failure knobs.
 */

export const SB_ADMIN_TOKEN = 'sb-admin-token';
export const SB_AGENT_TOKEN = 'sb-agent-token';
export const SB_ADMIN_ID = '1';
export const SB_BOT_ID = '2';
export const SB_AGENT_ID = '5';

interface User {
  id: string;
  first_name: string;
  last_name: string;
  user_type: string;
  token: string;
  email: string | null;
  details: { slug: string; name: string; value: string }[];
}

export interface StoredMessage {
  id: number;
  user_id: string;
  message: string;
  attachments: [string, string][];
  payload: Record<string, unknown>;
  creation_time: string;
  conversation_id: string;
}

interface Conversation {
  id: string;
  user_id: string;
  source: string | null;
  extra: string | null;
  status_code: number;
  messages: StoredMessage[];
  notes: { user_id: string; name: string; message: string }[];
}

export type SbFailure = 'db-error' | 'html' | 'empty' | 'facebook-page-not-found';

const REQUIRED: Record<string, string[]> = {
  'get-user': ['user_id'],
  'get-conversation': ['conversation_id'],
  'send-message': ['user_id', 'conversation_id'],
  'messenger-send-message': ['psid', 'facebook_page_id'],
  'whatsapp-send-message': ['to'],
  'telegram-send-message': ['chat_id'],
  'update-conversation-status': ['conversation_id', 'status_code'],
  'update-conversation-agent': ['conversation_id', 'agent_id'],
  'update-conversation-department': ['conversation_id', 'department'],
  'update-message': ['message_id'],
  'delete-message': ['message_id'],
  'add-note': ['conversation_id', 'user_id', 'name', 'message'],
  'get-notes': ['conversation_id'],
  'new-conversation': ['user_id'],
};

const sbTime = (d = new Date()): string => d.toISOString().replace('T', ' ').slice(0, 19);
const ok = (response: unknown): FakeResponse => ({ status: 200, body: { success: true, response } });
const hardError = (response: string, message: string): FakeResponse => ({
  status: 200,
  body: { status: 'error', response, message },
});

export class FakeSupportBoard {
  readonly server: FakeHttpServer;
  /** Where `message-sent` goes (the app's `/api/sb-webhook`); set once the app listens. */
  webhookUrl: string | undefined;
  webhookKey: string;
  readonly users = new Map<string, User>();
  readonly conversations = new Map<string, Conversation>();
  readonly messengerSends: {
    psid: string;
    pageId: string;
    message: string;
    metadata: string;
    /** support-board.md §7.2: one Graph call per attachment, typed by the URL's extension. */
    attachments?: { name: string; url: string; type: string }[];
  }[] = [];
  readonly whatsappSends: Record<string, string>[] = [];
  readonly webhookCalls: { body: Record<string, unknown>; status: number }[] = [];
  /** Knobs: the next calls of a function fail this way (each entry used once). */
  readonly failures = new Map<string, SbFailure[]>();
  /** Graph error element returned by the next messenger-send-message calls. */
  messengerError: { code: number; message: string; error_subcode?: number } | null = null;
  delayMs = 0;
  private nextId = 20_000;
  private nextUser = 3_300;
  private nextConversation = 5_100;

  constructor(webhookKey = 'whk-test-secret') {
    this.webhookKey = webhookKey;
    this.server = new FakeHttpServer((req) => this.handle(req));
    this.addUser({ id: SB_ADMIN_ID, first_name: 'Admin', user_type: 'admin' });
    this.addUser({ id: SB_BOT_ID, first_name: 'Bot', user_type: 'bot' });
    this.addUser({ id: SB_AGENT_ID, first_name: 'Ana', user_type: 'agent' });
  }

  get url(): string {
    return this.server.url;
  }

  get apiUrl(): string {
    return `${this.server.url}/include/api.php`;
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }

  calls(fn: string): Record<string, string>[] {
    return this.server.requests
      .map((r) => r.body as Record<string, string> | undefined)
      .filter((b): b is Record<string, string> => b?.function === fn);
  }

  failNext(fn: string, ...how: SbFailure[]): void {
    this.failures.set(fn, [...(this.failures.get(fn) ?? []), ...how]);
  }

  // ---- test controls -------------------------------------------------------------------------------------------

  /** A customer with a conversation on `channel`; WA users get a `phone` detail, FB/IG a `facebook-id`. */
  addCustomer(o: { channel: string | null; name?: string; phone?: string; psid?: string; extra?: string }): {
    userId: string;
    conversationId: string;
  } {
    const userId = String(this.nextUser++);
    const details: User['details'] = [];
    if (o.phone) details.push({ slug: 'phone', name: 'Phone', value: o.phone });
    if (o.psid) details.push({ slug: 'facebook-id', name: 'Facebook ID', value: o.psid });
    const firstName = o.name ?? 'Carla';
    const email = `${fold(firstName).replace(/[^a-z]/g, '') || 'cliente'}.${userId}@correo.example.com`;
    this.addUser({ id: userId, first_name: firstName, user_type: 'lead', email, details });
    // The log check of every test file looks for these, so no personal data reaches a log.
    seedPersonalData({ name: firstName, phone: o.phone, email });
    const conversationId = String(this.nextConversation++);
    this.conversations.set(conversationId, {
      id: conversationId,
      user_id: userId,
      source: o.channel,
      extra: o.extra ?? null,
      status_code: 2,
      messages: [],
      notes: [],
    });
    return { userId, conversationId };
  }

  /** The customer writes (as Meta delivered it to SB): stored, then `message-sent` fired. Returns the SB id. */
  async customerSays(
    conversationId: string,
    text: string,
    o: {
      waid?: string;
      mid?: string;
      userIdAsNumber?: boolean;
      attachments?: [string, string][];
      /** Backdates `creation_time` (a message whose webhook reaches us late, e.g. replayed after an outage). */
      at?: Date;
    } = {},
  ): Promise<number> {
    const c = this.conversation(conversationId);
    const payload: Record<string, unknown> = {};
    if (o.waid) payload.waid = o.waid;
    if (o.mid) payload.mid = o.mid;
    const first = c.messages.length === 0;
    const m = this.store(c, c.user_id, text, payload, o.attachments ?? []);
    if (o.at) m.creation_time = sbTime(o.at);
    // The first inbound message creates the conversation: `new-conversation-created` with get-conversation's shape.
    if (first) await this.browserWebhook('new-conversation-created', this.getConversation(c.id));
    // A customer message sets "needs attention"; in an archived conversation that is status webhook 2 first (§6.1).
    await this.changeStatus(c, 2);
    await this.fireMessageSent(c, m, o.userIdAsNumber ?? false);
    return m.id;
  }

  /** A customer message SB stored but whose webhook never reached us (we were down). `at` backdates it. */
  customerSaysSilently(
    conversationId: string,
    text: string,
    o: { waid?: string; mid?: string; at?: Date } = {},
  ): number {
    const c = this.conversation(conversationId);
    const payload: Record<string, unknown> = {};
    if (o.waid) payload.waid = o.waid;
    if (o.mid) payload.mid = o.mid;
    const m = this.store(c, c.user_id, text, payload);
    if (o.at) m.creation_time = sbTime(o.at);
    // A customer message sets the conversation to "needs attention" (support-board.md §6.1).
    c.status_code = 2;
    return m.id;
  }

  /**
   * An agent archives with a close message configured (support-board.md §6.1): the archive itself (status webhook
   * "3", event row), then SB's bot user writes the close message with status 3, and no second status webhook.
   */
  async closeWithMessage(conversationId: string, text: string, botId = SB_BOT_ID): Promise<number> {
    const c = this.conversation(conversationId);
    await this.updateStatus(c, 3, SB_AGENT_ID, true);
    const m = this.store(c, botId, text, { type: 'close-message' });
    await this.fireMessageSent(c, m, false);
    return m.id;
  }

  /**
   * Anyone can make SB post a `message-sent` with invented data and the genuine key (support-board.md §6.3): nothing is
   * stored in SB. Returns the HTTP status our webhook answered.
   */
  async forgeMessageSent(data: Record<string, unknown>): Promise<number> {
    if (!this.webhookUrl) throw new Error('fake SB: no webhook URL');
    return this.post(this.webhookUrl, {
      function: 'message-sent',
      key: this.webhookKey,
      data,
      'sender-url': '',
    });
  }

  /** The id the next stored message will get (a forged event can name it before it exists). */
  get nextMessageId(): number {
    return this.nextId;
  }

  /** A bot message logged while our webhook was down (e.g. just before a crash). */
  botWrote(conversationId: string, text: string): number {
    return this.store(this.conversation(conversationId), SB_BOT_ID, text, {}).id;
  }

  /** Observed duplicate: one inbound WhatsApp message stored twice (ids differ by one, same wamid, user_id once
   *  as string once as number), both fired. */
  async duplicateDelivery(conversationId: string, text: string, waid: string): Promise<[number, number]> {
    const c = this.conversation(conversationId);
    const a = this.store(c, c.user_id, text, { waid });
    const b = this.store(c, c.user_id, text, { waid });
    await Promise.all([this.fireMessageSent(c, a, false), this.fireMessageSent(c, b, true)]);
    return [a.id, b.id];
  }

  /** An agent (or admin) answers from the admin UI. */
  async agentSays(conversationId: string, text: string, agentId = SB_AGENT_ID): Promise<number> {
    const c = this.conversation(conversationId);
    const m = this.store(c, agentId, text, {});
    await this.changeStatus(c, 1);
    await this.fireMessageSent(c, m, false);
    return m.id;
  }

  // ---- conversation statuses (support-board.md §6.1) -----------------------------------------------------------

  /** Status webhooks fired, in order (also counted in `webhookCalls`). */
  readonly statusWebhooks: { conversation_id: unknown; status_code: unknown }[] = [];

  /**
   * An agent archives (3) or deletes (4) the conversation from the admin list: `update-conversation-status` as that
   * agent, so the takeover markers go, the silent event row is written and the webhook carries strings.
   */
  async archive(conversationId: string, o: { status?: 3 | 4; agentId?: string } = {}): Promise<void> {
    await this.updateStatus(this.conversation(conversationId), o.status ?? 3, o.agentId ?? SB_AGENT_ID, true);
  }

  /**
   * A `conversation-status-updated` with the genuine key and invented data (support-board.md §6.3: SB's ajax.php
   * relays it for anyone); nothing changes in SB. Returns our webhook's HTTP status.
   */
  async forgeStatusUpdated(conversationId: string, statusCode: string | number): Promise<number> {
    return (await this.fireStatusUpdated(conversationId, statusCode)).status;
  }

  /**
   * Any other webhook by name, as SB's server or the browser sends it (§6.2): `new-messages`, `message-deleted` with
   * a bare id, … (browser data was form-encoded, so pass strings). Returns our webhook's HTTP status.
   */
  async browserWebhook(fn: string, data: unknown): Promise<number> {
    if (!this.webhookUrl) return 0;
    const body = {
      function: fn,
      key: this.webhookKey,
      data,
      'sender-url': 'https://sb.example.com/admin.php',
    };
    return this.post(this.webhookUrl, body);
  }

  /** Sets the status and fires the webhook when it changed (send-message and inbound messages, §6.1). */
  private async changeStatus(c: Conversation, code: number): Promise<void> {
    if (c.status_code === code) return;
    c.status_code = code;
    // SB changed it itself: the code arrives as a number.
    await this.fireStatusUpdated(c.id, code);
  }

  /** `update-conversation-status`: fires even when nothing changed; 3 and 4 drop takeover rows, add the event row. */
  private async updateStatus(c: Conversation, code: number, byUserId: string | null, asText: boolean) {
    c.status_code = code;
    if (code === 3 || code === 4) {
      c.messages = c.messages.filter((m) => m.payload['human-takeover'] !== true);
      if (byUserId) this.store(c, byUserId, '', { event: `conversation-status-update-${code}` });
    }
    await this.fireStatusUpdated(c.id, asText ? String(code) : code);
  }

  private async fireStatusUpdated(
    conversationId: string,
    statusCode: string | number,
  ): Promise<{ status: number }> {
    if (!this.webhookUrl) return { status: 0 };
    const data = { conversation_id: conversationId, status_code: statusCode };
    const body = { function: 'conversation-status-updated', key: this.webhookKey, data, 'sender-url': '' };
    this.statusWebhooks.push(data);
    const status = await this.post(this.webhookUrl, body);
    this.webhookCalls.push({ body, status });
    return { status };
  }

  /** SB's empty system rows: the human-takeover marker (bot sender) or a close message. */
  async takeoverMarker(conversationId: string, senderId = SB_BOT_ID): Promise<number> {
    const c = this.conversation(conversationId);
    const m = this.store(c, senderId, '', { 'human-takeover': true });
    await this.fireMessageSent(c, m, false);
    return m.id;
  }

  /** A silent event row (department change): in get-conversation, no webhook (support-board.md §1.4). */
  eventRow(conversationId: string): number {
    const c = this.conversation(conversationId);
    return this.store(c, SB_ADMIN_ID, '', { event: 'conversation-department-update-2' }).id;
  }

  messagesFrom(conversationId: string, userId: string): StoredMessage[] {
    return this.conversation(conversationId).messages.filter((m) => m.user_id === userId);
  }

  notes(conversationId: string): Conversation['notes'] {
    return this.conversation(conversationId).notes;
  }

  conversation(id: string): Conversation {
    const c = this.conversations.get(id);
    if (!c) throw new Error(`fake SB: no conversation ${id}`);
    return c;
  }

  // ---- the API ---------------------------------------------------------------------------------------------

  private addUser(u: Partial<User> & { id: string }): void {
    this.users.set(u.id, {
      last_name: '',
      user_type: 'lead',
      first_name: '',
      details: [],
      token: `usertoken-${u.id}-9f8e7d`,
      email: null,
      ...u,
    });
  }

  private store(
    c: Conversation,
    userId: string,
    text: string,
    payload: Record<string, unknown>,
    attachments: [string, string][] = [],
  ): StoredMessage {
    const m: StoredMessage = {
      id: this.nextId++,
      user_id: userId,
      message: text,
      attachments,
      payload,
      creation_time: sbTime(),
      conversation_id: c.id,
    };
    c.messages.push(m);
    return m;
  }

  /** support-board.md §1.2 exactly; synchronous, 7 s timeout, answer ignored. */
  private async fireMessageSent(c: Conversation, m: StoredMessage, userIdAsNumber: boolean): Promise<void> {
    if (!this.webhookUrl) return;
    const body = {
      function: 'message-sent',
      key: this.webhookKey,
      data: {
        user_id: userIdAsNumber ? Number(m.user_id) : m.user_id,
        message_id: m.id,
        message: m.message,
        attachments: m.attachments,
        conversation_user_id: c.user_id,
        conversation_id: c.id,
        conversation_status_code: c.status_code,
        conversation_source: c.source,
      },
      'sender-url': '',
    };
    this.webhookCalls.push({ body, status: await this.post(this.webhookUrl, body) });
  }

  /** One webhook call as SB makes it (one attempt, 7 s); the HTTP status, or 0 when it never arrived. */
  private async post(url: string, body: unknown): Promise<number> {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'SB' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(7_000),
      });
      await res.text();
      return res.status;
    } catch {
      return 0;
    }
  }

  private async handle(req: RecordedRequest): Promise<FakeResponse> {
    if (req.method !== 'POST' || !/\/include\/api\.php$/.test(req.path)) {
      return { status: 404, body: '<html>Not Found</html>' };
    }
    const args = (req.body ?? {}) as Record<string, string>;
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    if (!args.token) return hardError('token-not-found', 'Token not found');
    if (args.token !== SB_ADMIN_TOKEN) return hardError('invalid-token', 'Invalid token');
    const fn = args.function;
    if (!fn) return hardError('missing-function-name', 'Function name is required');
    const failure = this.failures.get(fn)?.shift();
    if (failure === 'db-error') return hardError('db-error', 'MySQL error');
    if (failure === 'html') return { status: 200, body: '<br /><b>Fatal error</b>: Uncaught Error' };
    if (failure === 'empty') return { status: 200, body: '' };
    if (failure === 'facebook-page-not-found')
      return { status: 200, body: { success: false, response: 'facebook-page-not-found' } };
    const missing = (REQUIRED[fn] ?? []).find((a) => args[a] === undefined || args[a] === '');
    if (missing) return hardError('missing-argument', `Missing argument: ${missing}`);
    switch (fn) {
      case 'get-user':
        return ok(this.getUser(args));
      case 'get-conversation':
        return ok(this.getConversation(args.conversation_id));
      case 'get-conversations':
        return ok(this.getConversations(args));
      case 'get-agents-ids':
        return ok(
          [...this.users.values()]
            .filter((u) => u.user_type === 'agent' || (args.admins !== 'false' && u.user_type === 'admin'))
            .map((u) => Number(u.id)),
        );
      case 'get-bot-id':
        return ok(Number(SB_BOT_ID));
      case 'send-message':
        return ok(await this.sendMessage(args));
      case 'messenger-send-message':
        return ok(await this.messengerSend(args));
      case 'whatsapp-send-message':
        return ok(this.whatsappSend(args));
      case 'telegram-send-message':
        return ok({ ok: true, result: { message_id: 1 } });
      case 'update-conversation-status':
        // Called with the admin token: the event row is the API admin's; form fields, so the webhook has strings.
        await this.updateStatus(
          this.conversation(args.conversation_id),
          Number(args.status_code),
          SB_ADMIN_ID,
          true,
        );
        return ok(true);
      case 'update-conversation-agent': {
        // Status 2 set directly in SQL: an event row, no webhook (support-board.md §6.1).
        const c = this.conversation(args.conversation_id);
        c.status_code = 2;
        this.store(c, SB_ADMIN_ID, '', { event: `conversation-agent-update-${args.agent_id ?? ''}` });
        return ok(true);
      }
      case 'update-conversation-department': {
        const c = this.conversation(args.conversation_id);
        this.store(c, SB_ADMIN_ID, '', { event: `conversation-department-update-${args.department ?? ''}` });
        return ok(true);
      }
      case 'update-message':
      case 'delete-message':
        return ok(this.editMessage(fn, args));
      case 'add-note':
        this.conversation(args.conversation_id).notes.push({
          user_id: args.user_id,
          name: args.name,
          message: args.message,
        });
        return ok(true);
      case 'get-notes':
        return ok(this.conversation(args.conversation_id).notes);
      case 'add-user': {
        const id = String(this.nextUser++);
        this.addUser({ id, first_name: args.first_name ?? '', user_type: args.user_type ?? 'lead' });
        return ok(Number(id));
      }
      case 'new-conversation': {
        const id = String(this.nextConversation++);
        const c: Conversation = {
          id,
          user_id: args.user_id,
          source: args.source ?? null,
          extra: args.extra ?? null,
          status_code: Number(args.status_code ?? 2),
          messages: [],
          notes: [],
        };
        this.conversations.set(id, c);
        return ok({ details: this.details(c), messages: [] });
      }
      default:
        return hardError('function-not-found', `Function ${fn} not found`);
    }
  }

  private getUser(args: Record<string, string>): unknown {
    const u = this.users.get(args.user_id);
    if (!u) return false;
    return {
      id: u.id,
      first_name: u.first_name,
      last_name: u.last_name,
      email: u.email,
      profile_image: 'https://sb.example.com/media/user.svg',
      user_type: u.user_type,
      creation_time: '2025-05-02 14:03:11',
      last_activity: sbTime(),
      department: null,
      token: u.token,
      password: '$2y$10$fakehashfakehashfakehash',
      ...(args.extra === 'true' ? { details: u.details } : {}),
    };
  }

  private details(c: Conversation): Record<string, unknown> {
    const u = this.users.get(c.user_id);
    return {
      id: c.id,
      user_id: c.user_id,
      first_name: u?.first_name ?? '',
      user_type: u?.user_type ?? 'lead',
      title: '',
      creation_time: '2025-05-02 14:03:11',
      status_code: String(c.status_code),
      department: null,
      agent_id: null,
      source: c.source,
      extra: c.extra,
      extra_2: null,
      extra_3: null,
      tags: [],
      notes: [],
      busy: false,
    };
  }

  private getConversation(id: string): unknown {
    const c = this.conversations.get(id);
    if (!c) return false;
    return {
      messages: c.messages.map((m) => {
        const u = this.users.get(m.user_id);
        return {
          id: String(m.id),
          user_id: m.user_id,
          message: m.message,
          creation_time: m.creation_time,
          status_code: '0',
          attachments: m.attachments.length ? JSON.stringify(m.attachments) : '',
          payload: Object.keys(m.payload).length ? JSON.stringify(m.payload) : '',
          conversation_id: c.id,
          first_name: u?.first_name ?? '',
          last_name: '',
          profile_image: '…',
          user_type: u?.user_type ?? 'lead',
        };
      }),
      details: this.details(c),
    };
  }

  /**
   * 3.7.x `sb_get_conversations`: one row per conversation, its last non-empty message joined with the owner; status
   * 0 (default) hides archived/trash, otherwise that status only (or `all`); status 2 first unless filtered, then
   * newest message first; 100 per page (`pagination` = page index).
   */
  private getConversations(args: Record<string, string>): unknown[] {
    const status = args.status_code ?? '0';
    const rows = [...this.conversations.values()]
      .filter((c) =>
        status === 'all'
          ? true
          : status === '0'
            ? c.status_code !== 3 && c.status_code !== 4
            : c.status_code === Number(status),
      )
      .filter((c) => args.source === undefined || (c.source ?? '') === args.source)
      .map((c) => ({
        c,
        last: [...c.messages].reverse().find((m) => m.message !== '' || m.attachments.length),
      }))
      .filter((x): x is { c: Conversation; last: StoredMessage } => x.last !== undefined)
      .sort((a, b) => Number(b.c.status_code === 2) - Number(a.c.status_code === 2) || b.last.id - a.last.id);
    const page = Number(args.pagination ?? 0) || 0;
    return rows.slice(page * 100, page * 100 + 100).map(({ c, last }) => {
      const owner = this.users.get(c.user_id);
      return {
        id: String(last.id),
        user_id: last.user_id,
        message: last.message,
        creation_time: last.creation_time,
        attachments: last.attachments.length ? JSON.stringify(last.attachments) : '',
        payload: Object.keys(last.payload).length ? JSON.stringify(last.payload) : '',
        status_code: '0',
        conversation_id: c.id,
        conversation_user_id: c.user_id,
        conversation_first_name: owner?.first_name ?? '',
        conversation_last_name: owner?.last_name ?? '',
        conversation_user_type: owner?.user_type ?? 'lead',
        conversation_status_code: String(c.status_code),
        conversation_source: c.source ?? '',
      };
    });
  }

  /** Stores, fires `message-sent` before answering, never delivers (support-board.md §2.5). */
  private async sendMessage(args: Record<string, string>): Promise<unknown> {
    const c = this.conversation(args.conversation_id);
    let attachments: [string, string][] = [];
    let payload: Record<string, unknown> = {};
    try {
      attachments = args.attachments ? (JSON.parse(args.attachments) as [string, string][]) : [];
      payload = args.payload ? (JSON.parse(args.payload) as Record<string, unknown>) : {};
    } catch {
      // SB stores what it gets; a mangled argument just shows up mangled.
    }
    const m = this.store(c, args.user_id, args.message ?? '', payload, attachments);
    const code = args.conversation_status_code;
    // The status webhook goes out before the message's own `message-sent` (support-board.md §6.1).
    if (code !== undefined && code !== 'skip' && code !== '-1') await this.changeStatus(c, Number(code));
    await this.fireMessageSent(c, m, false);
    return { id: m.id, queue: false, human_takeover_active: false, notifications: [], message: m.message };
  }

  /**
   * Text first, then one send per attachment (jpg/jpeg/png → image, with an empty caption); only the first answer
   * comes back (support-board.md §7.2).
   */
  private whatsappSend(args: Record<string, string>): unknown {
    const attachments = parsePairs(args.attachments);
    if (args.message) this.whatsappSends.push({ to: args.to, type: 'text', message: args.message });
    for (const [name, url] of attachments) {
      const type = /\.(jpe?g|png)$/.test(url) ? 'image' : 'document';
      this.whatsappSends.push({ to: args.to, type, url, caption: type === 'image' ? '' : name });
    }
    return { messaging_product: 'whatsapp', messages: [{ id: `wamid.SB${Date.now()}` }] };
  }

  /**
   * Records; truncates to 1000; simulates Meta's page echo unless `metadata` names an existing message
   * (support-board.md §2.6); attachments go as one Graph call each after the text, typed by extension (§7.2).
   */
  private async messengerSend(args: Record<string, string>): Promise<unknown> {
    const message = (args.message ?? '').slice(0, 1000);
    const metadata = args.metadata ?? '';
    if (this.messengerError) return [{ error: { ...this.messengerError, type: 'OAuthException' } }];
    const attachments = parsePairs(args.attachments).map(([name, url]) => ({
      name,
      url: url.replace(/ /g, '%20'),
      type: /\.(gif|jpe?g|png)$/.test(url)
        ? 'image'
        : /\.(mp4|mov|avi|mkv|wmv)$/.test(url)
          ? 'video'
          : /\.(mp3|aac|wav|flac)$/.test(url)
            ? 'audio'
            : 'file',
    }));
    this.messengerSends.push({
      psid: args.psid,
      pageId: args.facebook_page_id,
      message,
      metadata,
      ...(attachments.length ? { attachments } : {}),
    });
    const graph = (): { recipient_id: string; message_id: string } => ({
      recipient_id: args.psid,
      message_id: `m_${Math.random().toString(36).slice(2, 12)}`,
    });
    const c = [...this.conversations.values()].find((x) =>
      [...this.users.values()].some(
        (u) => u.id === x.user_id && u.details.some((d) => d.slug === 'facebook-id' && d.value === args.psid),
      ),
    );
    if (c) {
      const known = metadata && c.messages.some((m) => String(m.id) === metadata.split('|')[0]);
      const last = c.messages[c.messages.length - 1];
      if (!known && message && last?.message !== message) {
        const echo = this.store(c, SB_ADMIN_ID, message, {});
        await this.fireMessageSent(c, echo, false);
      }
      // Each attachment is its own page message, echoed unless `metadata` names a stored message.
      for (const a of known ? [] : attachments) {
        const echo = this.store(c, SB_ADMIN_ID, '', {}, [[a.name, a.url]]);
        await this.fireMessageSent(c, echo, false);
      }
    }
    return [...(message ? [graph()] : []), ...attachments.map(graph)];
  }

  private editMessage(fn: string, args: Record<string, string>): boolean {
    for (const c of this.conversations.values()) {
      const i = c.messages.findIndex((m) => String(m.id) === args.message_id);
      if (i < 0) continue;
      if (fn === 'delete-message') c.messages.splice(i, 1);
      else if (args.message !== undefined) c.messages[i].message = args.message;
      return true;
    }
    return false;
  }
}

/** `attachments` as SB receives it: a JSON string of `[name, url(, "W|H")]` arrays (support-board.md §7.1). */
function parsePairs(raw: string | undefined): [string, string][] {
  try {
    const v: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(v) ? v.filter((p): p is [string, string] => Array.isArray(p) && p.length >= 2) : [];
  } catch {
    return [];
  }
}
