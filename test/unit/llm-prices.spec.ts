import { parseLlmPrices } from '../../src/config/llm-prices';
import { priceOf } from '../../src/assistant/llm-pricing';
import { testConfig } from '../support/test-app';

describe('LLM price table (LLM_PRICES)', () => {
  it('reads per-model prices and refuses a malformed table at boot', () => {
    expect(parseLlmPrices('{"gpt-4o":{"input":2.5,"output":10}}')).toEqual({
      prices: { 'gpt-4o': { input: 2.5, output: 10 } },
      problems: [],
    });
    expect(parseLlmPrices('{gpt').problems[0]).toMatch(/^LLM_PRICES is not valid JSON/);
    expect(parseLlmPrices('{"gpt-4o":{"input":-1,"output":1}}').problems[0]).toMatch(
      /bad entry for "gpt-4o"/,
    );
    expect(() => testConfig({ LLM_PRICES: '[1]' })).toThrow(/LLM_PRICES must be a JSON object/);
  });

  it('prices a model by exact name, then by the longest listed prefix, then OPENAI_PRICE_*', () => {
    const { openai } = testConfig({
      LLM_PRICES: '{"gpt-4o":{"input":2.5,"output":10},"gpt-4o-mini":{"input":0.15,"output":0.6}}',
      OPENAI_PRICE_INPUT_PER_MTOK: '0',
      OPENAI_PRICE_OUTPUT_PER_MTOK: '0',
    });
    expect(priceOf('gpt-4o', openai)).toEqual({ input: 2.5, output: 10 });
    expect(priceOf('gpt-4o-mini-2024-07-18', openai)).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf('qwen2.5:7b', openai)).toEqual({ input: 0, output: 0 });
  });
});
