import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';
import type { AssistantObserver } from './assistant-observer';

/** A product as the trace keeps it: enough for the store owner to see what the bot was shown. */
export interface TraceProduct {
  wcProductId: number;
  sku: string | null;
  name: string;
  price: number | null;
  stockStatus: string;
  stockQuantity: number | null;
}

export interface TraceToolCall {
  name: string;
  /** The arguments as the model (or the offline assistant) sent them: the query and the filters applied. */
  arguments: Record<string, unknown>;
  ok: boolean;
  ms: number;
  /** Products a search returned, best first. */
  products?: TraceProduct[];
  /** What a live look-up returned, and whether it came from WooCommerce or the local copy. */
  live?: TraceProduct & { source: 'woocommerce' | 'cache' };
  error?: string;
}

export interface TraceRound {
  round: number;
  ms: number;
  finishReason: string;
  promptTokens: number;
  completionTokens: number;
}

/**
 * What one answer did, stored with the reply (jsonb) so the console can show why the bot said what it said.
 * Product names are catalog text: the console escapes them like any other untrusted text.
 */
export interface AnswerTrace {
  totalMs: number;
  toolCalls: TraceToolCall[];
  rounds: TraceRound[];
  groundingRepairs: { attempt: number; snippets: string[] }[];
  /** Why the offline assistant answered although a model is configured (the LLM outage line of the log). */
  fallbackReason?: string;
}

/** Bounds a trace so a runaway loop cannot make a reply row large. */
const MAX_CALLS = 20;
const MAX_PRODUCTS = 8;

const toTraceProduct = (p: ProductSearchResult | LiveProductDetails): TraceProduct => ({
  wcProductId: p.wcProductId,
  sku: p.sku,
  name: p.name.slice(0, 200),
  price: p.price,
  stockStatus: p.stockStatus,
  stockQuantity: p.stockQuantity,
});

function parseArguments(raw: string): Record<string, unknown> {
  try {
    const v: unknown = JSON.parse(raw || '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { raw };
  } catch {
    return { raw: raw.slice(0, 200) };
  }
}

/**
 * Collects a turn's trace from the assistant's observer events, passing every event on to `next` (the chat CLI's
 * printer), so the assistant needs no second reporting path.
 */
export class AnswerTraceRecorder implements AssistantObserver {
  private readonly started = Date.now();
  private readonly trace: AnswerTrace = { totalMs: 0, toolCalls: [], rounds: [], groundingRepairs: [] };

  constructor(private readonly next?: AssistantObserver) {}

  onToolCall(event: Parameters<NonNullable<AssistantObserver['onToolCall']>>[0]): void {
    this.next?.onToolCall?.(event);
    if (this.trace.toolCalls.length >= MAX_CALLS) return;
    const call: TraceToolCall = {
      name: event.name,
      arguments: parseArguments(event.arguments),
      ok: event.ok,
      ms: event.ms,
    };
    const r = event.result;
    if (Array.isArray(r)) call.products = r.slice(0, MAX_PRODUCTS).map(toTraceProduct);
    else if (r) call.live = { ...toTraceProduct(r), source: r.source };
    if (event.error) call.error = event.error.slice(0, 300);
    this.trace.toolCalls.push(call);
  }

  onCompletion(event: Parameters<NonNullable<AssistantObserver['onCompletion']>>[0]): void {
    this.next?.onCompletion?.(event);
    this.trace.rounds.push({ ...event });
  }

  onGroundingViolation(event: Parameters<NonNullable<AssistantObserver['onGroundingViolation']>>[0]): void {
    this.next?.onGroundingViolation?.(event);
    this.trace.groundingRepairs.push({ attempt: event.attempt, snippets: event.snippets.slice(0, 10) });
  }

  /** Passed on only: the operator's printer says why the customer got a fallback. */
  onFailure(event: Parameters<NonNullable<AssistantObserver['onFailure']>>[0]): void {
    this.next?.onFailure?.(event);
  }

  finish(fallbackReason?: string): AnswerTrace {
    return {
      ...this.trace,
      totalMs: Date.now() - this.started,
      ...(fallbackReason ? { fallbackReason: fallbackReason.slice(0, 500) } : {}),
    };
  }
}
