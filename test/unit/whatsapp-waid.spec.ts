import { normaliseWaid } from '../../src/whatsapp/waid';

describe('normaliseWaid', () => {
  it('keeps an international number as its digits', () => {
    expect(normaliseWaid('+584125550123', '58')).toBe('584125550123');
    expect(normaliseWaid('+1 (415) 555-0134', '58')).toBe('14155550134');
    expect(normaliseWaid('0044 7700 900123', '58')).toBe('447700900123');
  });

  it('adds the default country code only when the number has none, dropping the trunk 0', () => {
    expect(normaliseWaid('0412-555.01.23', '58')).toBe('584125550123');
    expect(normaliseWaid('4125550123', '58')).toBe('584125550123');
    expect(normaliseWaid('584125550123', '58')).toBe('584125550123');
  });

  it('gives null when there is no number', () => {
    expect(normaliseWaid(undefined, '58')).toBeNull();
    expect(normaliseWaid('  ', '58')).toBeNull();
    expect(normaliseWaid('n/a', '58')).toBeNull();
  });
});
