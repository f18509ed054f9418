import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import type { OpenAiConfig } from '../../config/app-config';
import { ExternalServiceError } from '../../common/app-error';
import { Embedder } from './embedder';
import { integrationHealth } from '../../common/integration-health';

/** Limits of `POST /v1/embeddings` (contract openai.md §5). */
const MAX_INPUTS_PER_REQUEST = 2048;
const MAX_TOKENS_PER_REQUEST = 300_000;
const MAX_TOKENS_PER_INPUT = 8191;
/**
 * Token counts are estimated, not tokenized (tokenizing 100k descriptions costs seconds): ~3 characters per token
 * over-counts Spanish and English product text, so the real request stays under the limits.
 */
const CHARS_PER_TOKEN_ESTIMATE = 3;

/** Models whose native width is known; `dimensions` is sent only to the text-embedding-3 family. */
const NATIVE_DIMENSIONS: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

const estimateTokens = (s: string): number => Math.ceil(s.length / CHARS_PER_TOKEN_ESTIMATE);

/** Splits inputs into requests within the per-request item and token limits. */
export function planBatches(texts: string[]): number[][] {
  const batches: number[][] = [];
  let current: number[] = [];
  let tokens = 0;
  texts.forEach((text, i) => {
    const t = Math.min(estimateTokens(text), MAX_TOKENS_PER_INPUT);
    if (current.length && (current.length >= MAX_INPUTS_PER_REQUEST || tokens + t > MAX_TOKENS_PER_REQUEST)) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(i);
    tokens += t;
  });
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Embeddings from OpenAI or any compatible server (`OPENAI_BASE_URL`). The `model` label stored with each vector
 * includes the width when it is not the model's native one ("text-embedding-3-small@512"), so a change of
 * `EMBEDDING_DIMENSIONS` is detected like a change of model.
 */
export class OpenAiEmbedder extends Embedder {
  readonly model: string;
  readonly dimensions: number;
  private readonly client: OpenAI;
  private readonly sendDimensions: boolean;

  constructor(private readonly config: OpenAiConfig) {
    super();
    this.dimensions = config.embeddingDimensions;
    const native = NATIVE_DIMENSIONS[config.embeddingModel];
    this.sendDimensions = config.embeddingModel.startsWith('text-embedding-3');
    this.model =
      native === undefined || native === this.dimensions
        ? config.embeddingModel
        : `${config.embeddingModel}@${this.dimensions}`;
    this.client = new OpenAI({
      apiKey: config.apiKey,
      baseURL: config.baseUrl,
      timeout: config.timeoutMs,
      maxRetries: config.maxRetries,
    });
  }

  async embed(texts: string[]): Promise<number[][]> {
    const out: number[][] = new Array<number[]>(texts.length);
    for (const batch of planBatches(texts)) {
      const inputs = batch.map((i) => this.clampInput(texts[i]));
      const vectors = await this.request(inputs);
      batch.forEach((textIndex, k) => (out[textIndex] = vectors[k]));
    }
    return out;
  }

  /** Empty inputs are rejected by the API; over-long ones are cut to the per-input limit. */
  private clampInput(text: string): string {
    const t = text.trim() || '-';
    const maxChars = MAX_TOKENS_PER_INPUT * CHARS_PER_TOKEN_ESTIMATE;
    return t.length > maxChars ? t.slice(0, maxChars) : t;
  }

  private async request(inputs: string[]): Promise<number[][]> {
    let response: OpenAI.Embeddings.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create({
        model: this.config.embeddingModel,
        input: inputs,
        // The SDK asks for base64 by default and decodes it itself; servers that ignore the flag send floats,
        // which it then decodes into garbage. "float" works everywhere (openai.md §5).
        encoding_format: 'float',
        ...(this.sendDimensions ? { dimensions: this.dimensions } : {}),
      });
      integrationHealth.succeeded('openai');
    } catch (e) {
      const failure = this.failure(e, inputs.length);
      integrationHealth.failed('openai', failure);
      throw failure;
    }
    // Results are mapped by `index`, never by position (openai.md §5).
    const vectors = new Array<number[]>(inputs.length);
    for (const item of response.data) vectors[item.index] = item.embedding;
    const missing = vectors.findIndex((v) => !v);
    const wrong = vectors.find((v) => v && v.length !== this.dimensions);
    if (missing !== -1 || wrong) {
      throw new ExternalServiceError(
        'openai',
        'embeddings',
        missing !== -1
          ? `answer has no vector for input ${missing} of ${inputs.length}`
          : `vectors have ${wrong!.length} dimensions, expected ${this.dimensions}`,
        {
          retryable: false,
          hint: 'check that EMBEDDING_DIMENSIONS matches OPENAI_EMBEDDING_MODEL and that OPENAI_BASE_URL serves OpenAI-compatible embeddings',
        },
      );
    }
    return vectors;
  }

  private failure(e: unknown, count: number): ExternalServiceError {
    const operation = `embeddings (${count} inputs)`;
    if (e instanceof APIConnectionTimeoutError) {
      return new ExternalServiceError('openai', operation, `no answer within ${this.config.timeoutMs} ms`, {
        retryable: true,
        hint: 'raise OPENAI_TIMEOUT_MS or lower EMBEDDING_BATCH_SIZE',
      });
    }
    if (e instanceof APIConnectionError) {
      return new ExternalServiceError('openai', operation, `cannot connect (${e.message})`, {
        retryable: true,
        hint: 'check OPENAI_BASE_URL and that this server can reach it',
      });
    }
    if (e instanceof APIError) {
      const status = (e as { status?: number }).status;
      const hint =
        status === 401
          ? 'check OPENAI_API_KEY'
          : status === 404
            ? 'check OPENAI_EMBEDDING_MODEL exists for this key (or on OPENAI_BASE_URL)'
            : status === 400
              ? 'check OPENAI_EMBEDDING_MODEL and EMBEDDING_DIMENSIONS'
              : status === 429
                ? 'rate limit or quota reached: check the account billing and limits, or lower EMBEDDING_BATCH_SIZE'
                : 'OpenAI failed after retries; try again later';
      return new ExternalServiceError('openai', operation, `${status ?? ''} ${e.message}`.trim(), {
        retryable: status === 429 || (status ?? 0) >= 500,
        status,
        vendorCode: typeof e.code === 'string' ? e.code : undefined,
        hint,
      });
    }
    return new ExternalServiceError('openai', operation, e instanceof Error ? e.message : String(e), {
      retryable: false,
    });
  }
}
