import OpenAI from 'openai';
import { FakeOpenAi, fakeEmbedding, step } from '../fakes/fake-openai';

/** The fake follows the contract closely enough that the real SDK talks to it as to OpenAI (openai.md §9). */
describe('FakeOpenAi', () => {
  let fake: FakeOpenAi;
  let client: OpenAI;

  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    client = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseUrl, maxRetries: 0 });
  });
  afterAll(() => fake.stop());
  beforeEach(() => fake.setScript(() => step.text('ok')));

  it('rejects a wrong key with 401 invalid_api_key', async () => {
    const bad = new OpenAI({ apiKey: 'sk-wrong', baseURL: fake.baseUrl, maxRetries: 0 });
    await expect(bad.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
  });

  it('returns deterministic unit vectors as floats or as base64 the SDK decodes', async () => {
    const asFloat = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: ['licuadora', 'nevera'],
      dimensions: 8,
      encoding_format: 'float',
    });
    const asBase64 = await client.embeddings.create({
      model: 'text-embedding-3-small',
      input: 'licuadora',
      dimensions: 8,
    });
    expect(asFloat.data.map((d) => d.index)).toEqual([0, 1]);
    expect(asFloat.data[0].embedding).toEqual(fakeEmbedding('licuadora', 8));
    expect(asBase64.data[0].embedding).toHaveLength(8);
    expect(asBase64.data[0].embedding[3]).toBeCloseTo(fakeEmbedding('licuadora', 8)[3], 5);
    const norm = Math.hypot(...asFloat.data[1].embedding);
    expect(norm).toBeCloseTo(1, 6);
    await expect(
      client.embeddings.create({ model: 'text-embedding-3-small', input: [] }),
    ).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      client.embeddings.create({
        model: 'text-embedding-3-small',
        input: Array.from({ length: 2049 }, () => 'x'),
      }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('scripts tool calls with string arguments and rejects unanswered calls', async () => {
    fake.enqueue(step.call('search_local_products', { query_text: 'licuadora', filter_stock: true }));
    const tools = [
      {
        type: 'function' as const,
        function: { name: 'search_local_products', parameters: { type: 'object' } },
      },
    ];
    const first = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'licuadoras?' }],
      tools,
    });
    const call = first.choices[0].message.tool_calls![0];
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(call.id).toMatch(/^call_/);
    expect(call.type === 'function' && typeof call.function.arguments).toBe('string');
    await expect(
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'licuadoras?' }, first.choices[0].message],
        tools,
      }),
    ).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    const second = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'licuadoras?' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: '[]' },
      ],
      tools,
    });
    expect(second.choices[0].message.content).toBe('ok');
    expect(second.usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('serves 429 with retry-after-ms, which the SDK honours before retrying', async () => {
    const retrying = new OpenAI({ apiKey: fake.apiKey, baseURL: fake.baseUrl, maxRetries: 1 });
    fake.failNext(1, step.rateLimited(10));
    const answer = await retrying.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'hola' }],
    });
    expect(answer.choices[0].message.content).toBe('ok');
    fake.failNext(1, step.insufficientQuota());
    await expect(
      client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hola' }] }),
    ).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
  });
});
