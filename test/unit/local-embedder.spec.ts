import { createHash } from 'node:crypto';
import { LocalEmbedder } from '../../src/catalog/embedding/local-embedder';

/**
 * Stored vectors are compared with the vectors of shoppers' queries, and an unchanged re-sync embeds nothing: a
 * change to how the local embedder computes its vectors, however small, would leave every stored vector out of step
 * with new ones under the same model name. The digests below were taken from the embedder as it was first
 * optimised (docs/sync.md); any speed-up must keep them.
 */
describe('local embedder: the same vectors bit for bit', () => {
  const digest = (v: number[]): string =>
    createHash('sha256')
      .update(Buffer.from(new Float64Array(v).buffer))
      .digest('hex')
      .slice(0, 16);

  it('gives the vectors it always gave', async () => {
    const texts = [
      'Nevera LG GT32WPP 315 L acero inoxidable',
      'Smartphone Samsung Galaxy A54 5G 128 GB, negro',
      'Cafetera Oster ñandú ÁRTICA — 12 tazas',
      '',
      'x',
    ];
    const vectors = await new LocalEmbedder(384).embed(texts);
    expect(vectors.map(digest)).toEqual([
      'da18e47916772f4b',
      '7d73d9394eb7fe37',
      'b05a0e6fb464d153',
      'e80232b4d18d0bb7',
      'd48dbe2055d2404e',
    ]);
  });

  it('gives the same vector from a warm cache as from a cold one', async () => {
    const warm = new LocalEmbedder(384);
    const text = 'Televisor Samsung 55" 4K UHD Crystal';
    await warm.embed(['Televisor Samsung 43" FHD', text]);
    const [fromWarm] = await warm.embed([text]);
    const [fromCold] = await new LocalEmbedder(384).embed([text]);
    expect(digest(fromWarm)).toBe(digest(fromCold));
  });
});
