import { loadSynonymFile, queryWords, Synonyms } from '../../src/catalog/synonyms';

/** Query parsing for search: model numbers kept whole, synonym expansion, accessory intent. */
describe('search query parsing', () => {
  const synonyms = new Synonyms(loadSynonymFile(undefined));

  it('keeps model numbers whole however they are written', () => {
    expect(queryWords('Samsung SM-A546E')).toEqual(['samsung', 'sma546e']);
    expect(queryWords('galaxy a-54')).toEqual(['galaxy', 'a54']);
    expect(queryWords('iPhone 15 128 GB')).toEqual(['iphone', '15', '128gb']);
    expect(queryWords('A 54 samsung')).toEqual(['a54', 'samsung']);
    // "a" before a quantity is a preposition, not a model prefix.
    expect(queryWords('secadora a 20 kg')).toEqual(['secadora', 'a', '20kg']);
    expect(queryWords('Refrigeración ¿tienen?')).toEqual(['refrigeracion', 'tienen']);
  });

  it('expands customer words with their synonyms, longest phrase first', () => {
    const heladera = synonyms.expand('heladera samsung');
    expect(heladera.concepts[0].variants).toEqual(
      expect.arrayContaining(['nevera', 'refrigerador', 'frigorifico']),
    );
    expect(heladera.concepts[1]).toEqual({ variants: ['samsung'], expanded: false });
    const mica = synonyms.expand('protector de pantalla para a54');
    expect(mica.concepts[0].variants).toContain('vidrio templado');
    // "pantalla" was part of the phrase, so the TV group is not added.
    expect(mica.concepts.some((c) => c.variants.includes('televisor'))).toBe(false);
  });

  it('drops stop words and offers only plain words for typo correction', () => {
    const q = synonyms.expand('quiero una licuadra para la cocina de 600w');
    expect(q.fuzzyWords).toEqual(['licuadra']);
    expect(q.concepts.map((c) => c.variants[0])).toEqual(['cocina', 'licuadra', '600w']);
  });

  it('recognises accessory intent', () => {
    expect(synonyms.expand('forro para a54').accessoryIntent).toBe(true);
    expect(synonyms.expand('base para tv').accessoryIntent).toBe(true);
    expect(synonyms.expand('control remoto samsung').accessoryIntent).toBe(true);
    expect(synonyms.expand('samsung a54').accessoryIntent).toBe(false);
    expect(synonyms.accessoryTerms).toContain('vidrio templado');
  });

  it('says which file is wrong when the synonym list cannot be read', () => {
    expect(() => loadSynonymFile('/nonexistent/synonyms.json')).toThrow(/synonyms\.json.*SYNONYMS_PATH/);
  });
});
