import { WcIdSet } from '../../src/sync/wc-id-set';

describe('WcIdSet (the ids a full sync keeps)', () => {
  it('answers membership and lists every id once, in order, across blocks', () => {
    const ids = [5, 1, 65_535, 65_536, 70_000, 4_000_000_123, 5, 1];
    const set = new WcIdSet();
    for (const id of ids) set.add(id);
    expect(set.size).toBe(6);
    expect([...set]).toEqual([1, 5, 65_535, 65_536, 70_000, 4_000_000_123]);
    expect(set.has(70_000)).toBe(true);
    expect(set.has(0)).toBe(false);
    expect(set.has(65_537)).toBe(false);
    expect(set.has(9_999_999_999)).toBe(false);
  });

  it('agrees with a plain Set on a store-sized catalog', () => {
    const plain = new Set<number>();
    const set = new WcIdSet();
    for (let i = 0; i < 12_000; i++) {
      const id = 100 + Math.floor(Math.random() * 40_000);
      plain.add(id);
      set.add(id);
    }
    expect(set.size).toBe(plain.size);
    expect([...set]).toEqual([...plain].sort((a, b) => a - b));
  });
});
