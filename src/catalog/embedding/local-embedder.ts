import { fold } from '../../common/text/fold';
import { hash } from 'node:crypto';
import { Embedder } from './embedder';

const MAX_CACHED_FEATURES = 50_000;
/** Texts embedded between two turns of the event loop (about 2 ms of work). */
const YIELD_EVERY = 16;

/**
 * Offline embedder: feature hashing of accent-folded word unigrams, word bigrams and character trigrams into a
 * fixed-size, L2-normalised vector. No model weights, deterministic, fast; good at lexical and typo-level
 * similarity ("samsun" ~ "samsung"), blind to meaning that shares no letters (the synonym list and the keyword
 * lanes cover that).
 */
export class LocalEmbedder extends Embedder {
  readonly model: string;
  /**
   * Feature → signed slot (slot + 1, negated for a negative sign). A catalog repeats the same words and trigrams
   * thousands of times, and md5 per feature was a quarter of an embedded first sync's CPU; bounded, so a huge
   * vocabulary costs at most a few MB, and cleared rather than evicted (the next texts refill it).
   */
  private readonly slots = new Map<string, number>();
  /** Word → the signed slots of its unigram and its trigrams, in the order they are added (same cache rules). */
  private readonly wordSlots = new Map<string, Int32Array>();

  constructor(readonly dimensions: number) {
    super();
    this.model = `local-hash-v1-${dimensions}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let i = 0; i < texts.length; i++) {
      // A batch takes tens of milliseconds: let the event loop in between (the database's answers, HTTP).
      if (i > 0 && i % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      vectors.push(this.vectorFor(texts[i]));
    }
    return vectors;
  }

  private vectorFor(text: string): number[] {
    const v = new Float64Array(this.dimensions);
    const words = fold(text)
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 0);
    const add = (feature: string, weight: number): void => {
      const slot = this.slotOf(feature);
      if (slot > 0) v[slot - 1] += weight;
      else v[-slot - 1] -= weight;
    };
    const addSlot = (slot: number, weight: number): void => {
      if (slot > 0) v[slot - 1] += weight;
      else v[-slot - 1] -= weight;
    };
    for (let i = 0; i < words.length; i++) {
      const w = words[i];
      // Same features in the same order as ever (the vectors stay bit for bit the same): the word, the bigram with
      // the next word, then the word's trigrams.
      const own = this.slotsOfWord(w);
      addSlot(own[0], 1);
      if (i + 1 < words.length) add(`b:${w}_${words[i + 1]}`, 0.5);
      for (let j = 1; j < own.length; j++) addSlot(own[j], 0.35);
    }
    let norm = 0;
    for (const x of v) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    return Array.from(v, (x) => x / norm);
  }

  private slotsOfWord(word: string): Int32Array {
    let own = this.wordSlots.get(word);
    if (!own) {
      const padded = `^${word}$`;
      own = new Int32Array(Math.max(1, padded.length - 1));
      own[0] = this.hashSlot(`w:${word}`);
      for (let j = 0; j + 3 <= padded.length; j++) own[j + 1] = this.hashSlot(`c:${padded.slice(j, j + 3)}`);
      if (this.wordSlots.size >= MAX_CACHED_FEATURES) this.wordSlots.clear();
      this.wordSlots.set(word, own);
    }
    return own;
  }

  private slotOf(feature: string): number {
    let slot = this.slots.get(feature);
    if (slot === undefined) {
      slot = this.hashSlot(feature);
      if (this.slots.size >= MAX_CACHED_FEATURES) this.slots.clear();
      this.slots.set(feature, slot);
    }
    return slot;
  }

  private hashSlot(feature: string): number {
    // The one-shot hash: the same digest as createHash('md5'), at half the cost for a few bytes (no Hash object).
    const h = hash('md5', feature, 'buffer');
    const index = h.readUInt32LE(0) % this.dimensions;
    return h[4] & 1 ? index + 1 : -(index + 1);
  }
}
