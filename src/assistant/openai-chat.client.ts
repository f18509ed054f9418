import { Injectable, Logger } from '@nestjs/common';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from 'openai/resources/chat/completions';
import { ExternalServiceError } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { integrationHealth } from '../common/integration-health';

/**
 * 429 insufficient_quota means "out of money", not "slow down", yet the SDK retries every 429 (openai.md §6). The
 * SDK obeys an `x-should-retry: false` response header, so this fetch wrapper adds it to those answers.
 */
const quotaAwareFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  if (response.status !== 429) return response;
  const body = await response.text();
  const headers = new Headers(response.headers);
  if (body.includes('insufficient_quota')) headers.set('x-should-retry', 'false');
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
};

function hintFor(status: number, code: string | null | undefined): { hint: string; retryable: boolean } {
  if (code === 'insufficient_quota') {
    return {
      hint: 'the OpenAI account is out of credit: check billing at platform.openai.com',
      retryable: false,
    };
  }
  switch (status) {
    case 401:
      return { hint: 'check OPENAI_API_KEY', retryable: false };
    case 403:
      return {
        hint: 'the key or region is not allowed to use this model: check the OpenAI project settings',
        retryable: false,
      };
    case 404:
      return { hint: 'check OPENAI_CHAT_MODEL and OPENAI_BASE_URL', retryable: false };
    case 400:
    case 422:
      return {
        hint: 'the request was rejected (context too long or tool pairing); see the message',
        retryable: false,
      };
    default:
      return {
        hint: 'OpenAI (or the server at OPENAI_BASE_URL) is failing or rate limiting; it was retried with backoff',
        retryable: true,
      };
  }
}

export interface ChatCompletionResult {
  completion: ChatCompletion;
  requestId: string | undefined;
}

/** The one OpenAI chat client: timeouts and retries from AppConfig, errors as ExternalServiceError. */
@Injectable()
export class OpenAiChatClient {
  private readonly logger = new Logger(OpenAiChatClient.name);
  private readonly client: OpenAI | null;

  constructor(private readonly config: AppConfig) {
    const { apiKey, baseUrl, timeoutMs, maxRetries } = config.openai;
    this.client = apiKey
      ? new OpenAI({ apiKey, baseURL: baseUrl, timeout: timeoutMs, maxRetries, fetch: quotaAwareFetch })
      : null;
  }

  get configured(): boolean {
    return this.client !== null;
  }

  get model(): string {
    return this.config.openai.chatModel;
  }

  complete(params: Omit<ChatCompletionCreateParamsNonStreaming, 'model'>): Promise<ChatCompletionResult> {
    return integrationHealth.track('openai', () => this.create(params));
  }

  private async create(
    params: Omit<ChatCompletionCreateParamsNonStreaming, 'model'>,
  ): Promise<ChatCompletionResult> {
    if (!this.client) {
      throw new ExternalServiceError('openai', 'chat.completions', 'no API key', {
        retryable: false,
        hint: 'set OPENAI_API_KEY',
      });
    }
    try {
      const completion = await this.client.chat.completions.create({ ...params, model: this.model });
      return {
        completion,
        requestId: (completion as { _request_id?: string | null })._request_id ?? undefined,
      };
    } catch (e) {
      if (e instanceof APIError && typeof e.status === 'number') {
        // APIError's status is generic (typed any here); the guard above makes it a number.
        const status = Number(e.status);
        const { hint, retryable } = hintFor(status, e.code);
        this.logger.warn(
          `OpenAI chat.completions failed: HTTP ${status} ${e.code ?? e.type ?? ''} request_id=${e.requestID ?? '-'}`,
        );
        throw new ExternalServiceError('openai', 'chat.completions', `HTTP ${status}: ${e.message}`, {
          retryable,
          status,
          vendorCode: e.code ?? undefined,
          hint,
        });
      }
      if (e instanceof APIConnectionTimeoutError || e instanceof APIConnectionError) {
        throw new ExternalServiceError('openai', 'chat.completions', e.message, {
          retryable: true,
          hint: `no answer within ${this.config.openai.timeoutMs} ms after retries: check OPENAI_BASE_URL and the network`,
        });
      }
      throw e;
    }
  }
}
