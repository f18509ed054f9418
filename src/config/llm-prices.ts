/** USD per million tokens for one model. */
export interface LlmPrice {
  input: number;
  output: number;
}

/**
 * `LLM_PRICES`: a JSON object from model name to `{ "input": …, "output": … }` in USD per million tokens, e.g.
 * `{"gpt-4o-mini":{"input":0.15,"output":0.6},"gpt-4.1":{"input":2,"output":8}}`. Returns the table, or the
 * problems to list at boot.
 */
export function parseLlmPrices(raw: string | undefined): {
  prices: Record<string, LlmPrice>;
  problems: string[];
} {
  if (!raw) return { prices: {}, problems: [] };
  const bad = (why: string) => ({
    prices: {},
    problems: [
      `LLM_PRICES ${why}; write it like {"gpt-4o-mini":{"input":0.15,"output":0.6}} (USD per million tokens)`,
    ],
  });
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return bad('is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return bad('must be a JSON object');
  const prices: Record<string, LlmPrice> = {};
  for (const [model, v] of Object.entries(parsed as Record<string, unknown>)) {
    const p = v as Partial<LlmPrice> | null;
    const ok = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;
    if (!model.trim() || !p || !ok(p.input) || !ok(p.output))
      return bad(`has a bad entry for "${model}" (input and output must be numbers of 0 or more)`);
    prices[model.trim()] = { input: p.input, output: p.output };
  }
  return { prices, problems: [] };
}
