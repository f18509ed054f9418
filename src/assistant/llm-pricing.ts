import type { OpenAiConfig } from '../config/app-config';
import type { LlmPrice } from '../config/llm-prices';
import type { AnswerUsage } from './answerer';

/**
 * The price of a model from LLM_PRICES: its exact name, else the longest listed name it starts with (the API may
 * report a dated snapshot, `gpt-4o-mini-2024-07-18`), else OPENAI_PRICE_INPUT/OUTPUT_PER_MTOK.
 */
export function priceOf(model: string, config: OpenAiConfig): LlmPrice {
  const exact = config.prices[model];
  if (exact) return exact;
  const prefix = Object.keys(config.prices)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix
    ? config.prices[prefix]
    : { input: config.priceInputPerMTok, output: config.priceOutputPerMTok };
}

/** The usage with its estimated cost in USD from the price table (the ledger's `cost_usd`). */
export function priced(usage: AnswerUsage, config: OpenAiConfig): AnswerUsage {
  const price = priceOf(usage.model, config);
  return {
    ...usage,
    costUsd: (usage.promptTokens * price.input + usage.completionTokens * price.output) / 1_000_000,
  };
}
