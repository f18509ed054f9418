const CHUNK_BITS = 16;
const CHUNK_SIZE = 2 ** CHUNK_BITS;

/**
 * The WooCommerce ids a full run has seen, which decide what it deletes. A bitmap per block of 65,536 ids: store
 * ids are dense (WordPress post ids), so a catalog of 10,000 products and their variations takes one or two 8 KB
 * blocks instead of a hash set's ~50 bytes per id, and the run never holds a list of the whole catalog.
 */
export class WcIdSet {
  private readonly chunks = new Map<number, Uint8Array>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(id: number): this {
    const key = Math.floor(id / CHUNK_SIZE);
    let chunk = this.chunks.get(key);
    if (!chunk) {
      chunk = new Uint8Array(CHUNK_SIZE / 8);
      this.chunks.set(key, chunk);
    }
    const bit = id - key * CHUNK_SIZE;
    const mask = 1 << (bit & 7);
    if ((chunk[bit >> 3] & mask) === 0) {
      chunk[bit >> 3] |= mask;
      this.count++;
    }
    return this;
  }

  has(id: number): boolean {
    const key = Math.floor(id / CHUNK_SIZE);
    const chunk = this.chunks.get(key);
    if (!chunk) return false;
    const bit = id - key * CHUNK_SIZE;
    return (chunk[bit >> 3] & (1 << (bit & 7))) !== 0;
  }

  /** The ids in ascending order. */
  *[Symbol.iterator](): IterableIterator<number> {
    for (const key of [...this.chunks.keys()].sort((a, b) => a - b)) {
      const chunk = this.chunks.get(key)!;
      for (let byte = 0; byte < chunk.length; byte++) {
        if (chunk[byte] === 0) continue;
        for (let b = 0; b < 8; b++) if (chunk[byte] & (1 << b)) yield key * CHUNK_SIZE + byte * 8 + b;
      }
    }
  }
}
