import { createHash } from 'node:crypto';
import { FakeHttpServer, type FakeResponse, type RecordedRequest } from './fake-http-server';

/**
 * A fake of the OpenAI API (docs/contracts/openai.md §9) over real HTTP on loopback:
 * `POST /v1/chat/completions` with scripted answers, `POST /v1/embeddings` with deterministic vectors,
 * `GET /v1/models`, Bearer-key auth, conversation validation and the error knobs tests need.
 */

export interface ChatToolCallSpec {
  name: string;
  /** An object is JSON-encoded; a string is sent as it is (so tests can send malformed JSON). */
  arguments: unknown;
}

export type ChatStep =
  | { kind: 'tool_calls'; calls: ChatToolCallSpec[]; text?: string | null; delayMs?: number }
  | { kind: 'text'; text: string; finishReason?: 'stop' | 'length' | 'content_filter'; delayMs?: number }
  | {
      kind: 'error';
      status: number;
      code?: string | null;
      type?: string;
      message?: string;
      headers?: Record<string, string>;
      delayMs?: number;
    };

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool' | 'developer';
  content?: unknown;
  tool_calls?: { id: string; type: string; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: { type: string; function: { name: string; parameters?: unknown; strict?: boolean } }[];
  tool_choice?: unknown;
  [key: string]: unknown;
}

/** What a chat script sees: the request and a few conveniences for matching on it. */
export interface ChatContext {
  body: ChatRequestBody;
  /** Text of the last `user` message (text parts joined). */
  lastUserText: string;
  /** Parsed `tool` messages after the last assistant message (empty on a first round). */
  toolResults: { toolCallId: string; name: string | undefined; content: unknown }[];
  /** 0 for the first completion of a turn (no tool messages after the last user message), 1 after one tool round… */
  round: number;
  /** How many chat completions this fake has answered so far. */
  callIndex: number;
}

export type ChatScript = (ctx: ChatContext) => ChatStep | Promise<ChatStep>;

export const step = {
  text: (text: string, finishReason: 'stop' | 'length' = 'stop'): ChatStep => ({
    kind: 'text',
    text,
    finishReason,
  }),
  call: (name: string, args: unknown): ChatStep => ({
    kind: 'tool_calls',
    calls: [{ name, arguments: args }],
  }),
  calls: (...calls: ChatToolCallSpec[]): ChatStep => ({ kind: 'tool_calls', calls }),
  serverError: (status = 500): ChatStep => ({
    kind: 'error',
    status,
    type: 'server_error',
    code: null,
    message: 'The server had an error while processing your request. Sorry about that!',
  }),
  rateLimited: (retryAfterMs = 20): ChatStep => ({
    kind: 'error',
    status: 429,
    type: 'tokens',
    code: 'rate_limit_exceeded',
    message: `Rate limit reached for gpt-4o-mini on tokens per min (TPM). Please try again in ${retryAfterMs}ms.`,
    headers: { 'retry-after-ms': String(retryAfterMs) },
  }),
  insufficientQuota: (): ChatStep => ({
    kind: 'error',
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message: 'You exceeded your current quota, please check your plan and billing details.',
  }),
  slow: (delayMs: number, then: ChatStep = step.text('(slow answer)')): ChatStep => ({ ...then, delayMs }),
};

/** A script that never stops calling a tool (to test the round cap). */
export function endlessToolCalls(
  name = 'search_local_products',
  args: unknown = { query_text: 'x', filter_stock: true },
): ChatScript {
  return () => step.call(name, args);
}

/** Deterministic unit-length vector seeded by a hash of the text (same text → same vector). */
export function fakeEmbedding(text: string, dimensions: number): number[] {
  const seed = createHash('sha256').update(text).digest();
  let state = seed.readUInt32LE(0) || 1;
  const next = (): number => {
    // mulberry32: small, fast, deterministic.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const v = Array.from({ length: dimensions }, () => next() * 2 - 1);
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

const MODEL_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export interface FakeOpenAiOptions {
  /** The only Bearer key accepted (default `sk-test`). */
  apiKey?: string;
  /** Answers chat completions when the queue is empty. Default: a plain text answer. */
  script?: ChatScript;
}

function errorBody(message: string, type: string, code: string | null, param: string | null = null): unknown {
  return { error: { message, type, param, code } };
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p: { type?: string; text?: unknown }) =>
        p?.type === 'text' && typeof p.text === 'string' ? p.text : '',
      )
      .join(' ');
  }
  return '';
}

function roughTokens(s: string): number {
  return Math.max(1, Math.ceil(s.length / 4));
}

export class FakeOpenAi {
  readonly server: FakeHttpServer;
  readonly apiKey: string;
  private readonly queue: ChatStep[] = [];
  private script: ChatScript;
  private chatCalls = 0;
  private requestSeq = 0;
  /** Failures served before anything else, on any endpoint (e.g. three 500s in a row). */
  private readonly failures: ChatStep[] = [];
  private readonly sleepers = new Map<NodeJS.Timeout, () => void>();

  constructor(options: FakeOpenAiOptions = {}) {
    this.apiKey = options.apiKey ?? 'sk-test';
    this.script = options.script ?? (() => step.text('Hola, ¿en qué puedo ayudarte?'));
    this.server = new FakeHttpServer((req) => this.handle(req));
  }

  async start(): Promise<this> {
    await this.server.start();
    return this;
  }

  stop(): Promise<void> {
    for (const [timer, wake] of this.sleepers) {
      clearTimeout(timer);
      wake();
    }
    this.sleepers.clear();
    return this.server.stop();
  }

  /** Slow answers wait here (not in the base server) so `stop()` ends them and leaves no timer behind. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.sleepers.delete(timer);
        resolve();
      }, ms);
      this.sleepers.set(timer, resolve);
    });
  }

  /** The value for OPENAI_BASE_URL (includes `/v1`). */
  get baseUrl(): string {
    return `${this.server.url}/v1`;
  }

  /** Chat answers served in order before falling back to the script. */
  enqueue(...steps: ChatStep[]): this {
    this.queue.push(...steps);
    return this;
  }

  /** Replaces the script and clears queued answers and failures. */
  setScript(script: ChatScript): this {
    this.script = script;
    this.queue.length = 0;
    this.failures.length = 0;
    return this;
  }

  /** The next `times` requests (chat or embeddings) fail with this error step. */
  failNext(times: number, failure: ChatStep = step.serverError()): this {
    for (let i = 0; i < times; i++) this.failures.push(failure);
    return this;
  }

  /** Forgets recorded requests (not the script). */
  clearRequests(): void {
    this.server.requests.length = 0;
  }

  get chatRequests(): ChatRequestBody[] {
    return this.server.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions')
      .map((r) => r.body as ChatRequestBody);
  }

  get embeddingRequests(): {
    input: unknown;
    model: string;
    dimensions?: number;
    encoding_format?: string;
  }[] {
    return this.server.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/embeddings')
      .map((r) => r.body as { input: unknown; model: string });
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    this.requestSeq += 1;
    return {
      'x-request-id': `req_fake${String(this.requestSeq).padStart(6, '0')}`,
      'openai-processing-ms': '12',
      'openai-version': '2020-10-01',
      'x-ratelimit-limit-requests': '10000',
      'x-ratelimit-limit-tokens': '200000',
      'x-ratelimit-remaining-requests': String(Math.max(0, 10000 - this.requestSeq)),
      'x-ratelimit-remaining-tokens': '199000',
      'x-ratelimit-reset-requests': '6ms',
      'x-ratelimit-reset-tokens': '300ms',
      ...extra,
    };
  }

  private fail(
    status: number,
    message: string,
    type: string,
    code: string | null,
    param: string | null = null,
  ): FakeResponse {
    return { status, headers: this.headers(), body: errorBody(message, type, code, param) };
  }

  private errorResponse(s: Extract<ChatStep, { kind: 'error' }>): FakeResponse {
    return {
      status: s.status,
      delayMs: s.delayMs,
      headers: this.headers(s.headers),
      body: errorBody(s.message ?? `fake error ${s.status}`, s.type ?? 'server_error', s.code ?? null),
    };
  }

  private async handle(req: RecordedRequest): Promise<FakeResponse> {
    const { delayMs, ...response } = await this.route(req);
    if (delayMs) await this.sleep(delayMs);
    return response;
  }

  private async route(req: RecordedRequest): Promise<FakeResponse> {
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      return this.fail(
        401,
        'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
        'invalid_request_error',
        'invalid_api_key',
      );
    }
    const route = `${req.method} ${req.path}`;
    if (route === 'GET /v1/models') {
      return {
        status: 200,
        headers: this.headers(),
        body: {
          object: 'list',
          data: ['gpt-4o-mini', 'text-embedding-3-small', 'text-embedding-3-large'].map((id) => ({
            id,
            object: 'model',
            created: 1_700_000_000,
            owned_by: 'system',
          })),
        },
      };
    }
    if (route !== 'POST /v1/chat/completions' && route !== 'POST /v1/embeddings') {
      return this.fail(404, `Invalid URL (${route})`, 'invalid_request_error', null);
    }
    const failure = this.failures.shift();
    if (failure?.kind === 'error') return this.errorResponse(failure);
    if (req.body === undefined || typeof req.body !== 'object') {
      return this.fail(
        400,
        'We could not parse the JSON body of your request.',
        'invalid_request_error',
        null,
      );
    }
    return route === 'POST /v1/embeddings'
      ? this.embeddings(req.body as Record<string, unknown>)
      : this.chat(req.body as ChatRequestBody);
  }

  private embeddings(body: Record<string, unknown>): FakeResponse {
    const model = typeof body.model === 'string' ? body.model : '';
    if (!model)
      return this.fail(400, 'you must provide a model parameter', 'invalid_request_error', null, 'model');
    const raw = body.input;
    const inputs: string[] =
      typeof raw === 'string'
        ? [raw]
        : Array.isArray(raw)
          ? raw.map((x) => (typeof x === 'string' ? x : JSON.stringify(x)))
          : [];
    if (inputs.length === 0 || inputs.some((s) => s.length === 0 || s === '[]')) {
      return this.fail(
        400,
        "'$.input' is invalid. Please check the API reference.",
        'invalid_request_error',
        null,
        'input',
      );
    }
    if (inputs.length > 2048) {
      return this.fail(
        400,
        `'$.input' is too long: ${inputs.length} items > 2048`,
        'invalid_request_error',
        null,
        'input',
      );
    }
    const dimensions =
      typeof body.dimensions === 'number' ? body.dimensions : (MODEL_DIMENSIONS[model] ?? 1536);
    const asFloat = body.encoding_format === 'float';
    const tokens = inputs.reduce((n, s) => n + roughTokens(s), 0);
    return {
      status: 200,
      headers: this.headers(),
      body: {
        object: 'list',
        data: inputs.map((text, index) => {
          const v = fakeEmbedding(text, dimensions);
          return {
            object: 'embedding',
            index,
            embedding: asFloat ? v : Buffer.from(new Float32Array(v).buffer).toString('base64'),
          };
        }),
        model,
        usage: { prompt_tokens: tokens, total_tokens: tokens },
      },
    };
  }

  /**
   * openai.md §4 and §9: tool messages must answer the preceding assistant's calls, every call answered, names in
   * `tools`.
   */
  private validateChat(body: ChatRequestBody): string | null {
    if (typeof body.model !== 'string' || !body.model) return 'you must provide a model parameter';
    if (!Array.isArray(body.messages) || body.messages.length === 0)
      return "'messages' must be a non-empty array";
    const toolNames = new Set((body.tools ?? []).map((t) => t.function?.name));
    for (const t of body.tools ?? []) {
      if (!/^[a-zA-Z0-9_-]{1,64}$/.test(t.function?.name ?? ''))
        return `Invalid tool name '${t.function?.name}'`;
    }
    let pending: Set<string> | null = null;
    for (const [i, m] of body.messages.entries()) {
      if (m.role === 'tool') {
        if (!pending || !m.tool_call_id || !pending.has(m.tool_call_id)) {
          return `Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls' (messages[${i}]).`;
        }
        if (typeof m.content !== 'string' && !Array.isArray(m.content))
          return `messages[${i}].content must be a string`;
        pending.delete(m.tool_call_id);
        continue;
      }
      if (pending && pending.size > 0) {
        return `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`;
      }
      pending = null;
      if (Array.isArray(m.content)) {
        for (const [j, part] of (
          m.content as { type?: string; text?: unknown; image_url?: { url?: unknown } }[]
        ).entries()) {
          if (part.type === 'text' && typeof part.text !== 'string')
            return `messages[${i}].content[${j}].text is required`;
          if (part.type === 'image_url' && typeof part.image_url?.url !== 'string') {
            return `messages[${i}].content[${j}].image_url.url is required`;
          }
          if (part.type !== 'text' && part.type !== 'image_url')
            return `messages[${i}].content[${j}].type is invalid`;
        }
      }
      if (m.role === 'assistant' && m.tool_calls?.length) {
        for (const c of m.tool_calls) {
          if (!toolNames.has(c.function?.name))
            return `Tool '${c.function?.name}' in messages[${i}] is not in 'tools'`;
          if (typeof c.function.arguments !== 'string')
            return `messages[${i}].tool_calls.function.arguments must be a string`;
        }
        pending = new Set(m.tool_calls.map((c) => c.id));
      }
    }
    if (pending && pending.size > 0) {
      return `The following tool_call_ids did not have response messages: ${[...pending].join(', ')}`;
    }
    return null;
  }

  private context(body: ChatRequestBody): ChatContext {
    const msgs = body.messages;
    const lastUser = [...msgs].reverse().find((m) => m.role === 'user');
    let lastAssistant = -1;
    msgs.forEach((m, i) => {
      if (m.role === 'assistant') lastAssistant = i;
    });
    const lastUserIndex = lastUser ? msgs.lastIndexOf(lastUser) : -1;
    const callNames = new Map<string, string>();
    for (const m of msgs) for (const c of m.tool_calls ?? []) callNames.set(c.id, c.function.name);
    const trailing = msgs.slice(lastAssistant + 1).filter((m) => m.role === 'tool');
    return {
      body,
      lastUserText: textOf(lastUser?.content),
      toolResults: trailing.map((m) => {
        let content: unknown = m.content;
        try {
          content = JSON.parse(String(m.content));
        } catch {
          /* left as text */
        }
        return { toolCallId: m.tool_call_id ?? '', name: callNames.get(m.tool_call_id ?? ''), content };
      }),
      round: msgs.slice(lastUserIndex + 1).filter((m) => m.role === 'assistant' && m.tool_calls?.length)
        .length,
      callIndex: this.chatCalls,
    };
  }

  private async chat(body: ChatRequestBody): Promise<FakeResponse> {
    const problem = this.validateChat(body);
    if (problem) return this.fail(400, problem, 'invalid_request_error', null, 'messages');
    const ctx = this.context(body);
    this.chatCalls += 1;
    const s = this.queue.shift() ?? (await this.script(ctx));
    if (s.kind === 'error') return this.errorResponse(s);
    const promptTokens =
      roughTokens(JSON.stringify(body.messages)) + roughTokens(JSON.stringify(body.tools ?? []));
    let message: Record<string, unknown>;
    let finishReason: string;
    let completion: string;
    if (s.kind === 'tool_calls') {
      const toolCalls = s.calls.map((c, i) => ({
        id: `call_${createHash('sha1').update(`${this.chatCalls}:${i}:${c.name}`).digest('hex').slice(0, 24)}`,
        type: 'function',
        function: {
          name: c.name,
          arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
        },
      }));
      message = {
        role: 'assistant',
        content: s.text ?? null,
        refusal: null,
        tool_calls: toolCalls,
        annotations: [],
      };
      finishReason = 'tool_calls';
      completion = JSON.stringify(toolCalls);
    } else {
      message = { role: 'assistant', content: s.text, refusal: null, annotations: [] };
      finishReason = s.finishReason ?? 'stop';
      completion = s.text;
    }
    const completionTokens = roughTokens(completion);
    return {
      status: 200,
      delayMs: s.delayMs,
      headers: this.headers(),
      body: {
        id: `chatcmpl-fake${this.chatCalls}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: /-\d{4}-\d{2}-\d{2}$/.test(body.model) ? body.model : `${body.model}-2024-07-18`,
        choices: [{ index: 0, finish_reason: finishReason, logprobs: null, message }],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: 0 },
          completion_tokens_details: { reasoning_tokens: 0 },
        },
        service_tier: 'default',
        system_fingerprint: 'fp_fake',
      },
    };
  }
}
