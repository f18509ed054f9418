import { ExternalServiceError } from '../../src/common/app-error';
import { OpenAiEmbedder } from '../../src/catalog/embedding/openai-embedder';
import { FakeHttpServer } from '../fakes/fake-http-server';
import { FakeOpenAi, fakeEmbedding } from '../fakes/fake-openai';
import { testConfig } from '../support/test-app';

/** The OpenAI embedder over real HTTP against the fake OpenAI server (openai.md §5). */
describe('OpenAiEmbedder', () => {
  let openai: FakeOpenAi;
  const embedder = (env: Record<string, string> = {}): OpenAiEmbedder =>
    new OpenAiEmbedder(
      testConfig({
        OPENAI_API_KEY: openai.apiKey,
        OPENAI_BASE_URL: openai.baseUrl,
        OPENAI_MAX_RETRIES: '0',
        ...env,
      }).openai,
    );

  beforeAll(async () => {
    openai = await new FakeOpenAi().start();
  });
  afterAll(() => openai.stop());
  beforeEach(() => openai.clearRequests());

  it('asks for floats with the configured dimensions and returns one vector per text', async () => {
    const e = embedder({ EMBEDDING_DIMENSIONS: '256' });
    const vectors = await e.embed(['Nevera LG 11 pies', 'Corneta JBL Flip 6']);
    expect(vectors).toEqual([
      fakeEmbedding('Nevera LG 11 pies', 256),
      fakeEmbedding('Corneta JBL Flip 6', 256),
    ]);
    expect(openai.embeddingRequests).toEqual([
      expect.objectContaining({ model: 'text-embedding-3-small', encoding_format: 'float', dimensions: 256 }),
    ]);
    // A width other than the model's own is part of the stored model label, so changing it is detected.
    expect(e.model).toBe('text-embedding-3-small@256');
    expect(embedder({ EMBEDDING_DIMENSIONS: '1536' }).model).toBe('text-embedding-3-small');
  });

  it('splits more than 2048 inputs into several requests, keeping the order', async () => {
    const texts = Array.from({ length: 2100 }, (_, i) => `producto ${i}`);
    const vectors = await embedder({ EMBEDDING_DIMENSIONS: '16' }).embed(texts);
    expect(openai.embeddingRequests.map((r) => (r.input as string[]).length)).toEqual([2048, 52]);
    expect(vectors[2099]).toEqual(fakeEmbedding('producto 2099', 16));
  });

  it('maps results by index, not by position', async () => {
    const server = await new FakeHttpServer((req) => {
      const input = (req.body as { input: string[] }).input;
      const data = input.map((t, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(t, 16) }));
      return { status: 200, body: { object: 'list', data: data.reverse(), model: 'x', usage: {} } };
    }).start();
    try {
      const e = embedder({ OPENAI_BASE_URL: `${server.url}/v1`, EMBEDDING_DIMENSIONS: '16' });
      expect(await e.embed(['a', 'b', 'c'])).toEqual(['a', 'b', 'c'].map((t) => fakeEmbedding(t, 16)));
    } finally {
      await server.stop();
    }
  });

  it('names the key in a one-line error when OpenAI rejects it', async () => {
    const e = embedder({ OPENAI_API_KEY: 'sk-wrong' });
    const err = await e.embed(['x']).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(ExternalServiceError);
    expect((err as Error).message).toMatch(
      /^openai embeddings \(1 inputs\) failed: 401 .* — check OPENAI_API_KEY$/,
    );
  });

  it('rejects vectors of the wrong width instead of storing them', async () => {
    const server = await new FakeHttpServer(() => ({
      status: 200,
      body: { object: 'list', data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }], model: 'x' },
    })).start();
    try {
      const e = embedder({ OPENAI_BASE_URL: `${server.url}/v1`, EMBEDDING_DIMENSIONS: '16' });
      await expect(e.embed(['a'])).rejects.toThrow(/vectors have 2 dimensions, expected 16/);
    } finally {
      await server.stop();
    }
  });
});
