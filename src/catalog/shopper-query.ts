import { fold } from '../common/text/fold';

export type PriceSort = 'relevance' | 'price_asc' | 'price_desc';
export const PRICE_SORTS: readonly PriceSort[] = ['relevance', 'price_asc', 'price_desc'];

/** What a shopper asked for beyond the product itself: a price range and an order. */
export interface ShopperConstraints {
  minPrice: number | null;
  maxPrice: number | null;
  sort: PriceSort;
  /** "barato", "cheap": lower prices first among equally good matches; not a filter. */
  preferLowPrice: boolean;
}

export interface ShopperQuery extends ShopperConstraints {
  /** The query without the price and order words: what the word, meaning and model lanes search. */
  productText: string;
}

// Sizes and quantities that follow a number: "55 pulgadas", "12000 BTU", "17 kg" stay product words.
const UNITS =
  'pulgadas?|pulg|inch(?:es)?|btu|kg|kgs|kilos?|lb|lbs|libras?|gb|tb|mb|w|watts?|vatios?|v|voltios?|va|l|lts?|litros?|ml|' +
  'pies|pie|ft|cm|mm|m|mts?|metros?|tazas?|hornillas?|quemadores?|puestos?|puertas?|hp|mah|mp|hz|rpm|piezas?|pzs?|' +
  'velocidades|canales|zonas|qt|anos?|years?|meses|months?|personas?|unidades|und|x|%|"|\'';
// A price as customers write it: "$500", "500$", "1.500", "1,500.50", "2 mil", "500 dólares", "USD 300", "300 verdes".
const CURRENCY_BEFORE = '(?:\\$|us\\$|usd|u\\$s)';
const CURRENCY_AFTER = '(?:\\$|usd|us\\$|dolares|dolar|dollars?|dlls?|verdes|bucks|pesos?)';
const NUMBER = '(\\d{1,3}(?:[.,]\\d{3})+(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)(?:\\s*(mil|k)\\b)?';
const AMOUNT = `(?:${CURRENCY_BEFORE}\\s*)?${NUMBER}(?:\\s*${CURRENCY_AFTER}(?![a-z]))?`;

const UPPER =
  '(?:por\\s+)?menos\\s+de|no\\s+(?:pase|pasen|supere|superen|exceda|excedan|mayor|mas)\\s+(?:de|a|que)|que\\s+no\\s+pase\\s+de|' +
  'hasta|maximo(?:\\s+de)?|max|tope(?:\\s+de)?|a\\s+lo\\s+sumo|menor(?:es)?\\s+(?:a|de|que)|inferior(?:es)?\\s+a|' +
  '(?:por\\s+)?debajo\\s+de|bajo|mas\\s+barat[oa]s?\\s+que|presupuesto(?:\\s+de)?|budget(?:\\s+of)?|under|below|' +
  'less\\s+than|up\\s+to|no\\s+more\\s+than|at\\s+most|cheaper\\s+than|within|maximum(?:\\s+of)?';
const LOWER =
  '(?:por\\s+)?mas\\s+de|desde|minimo(?:\\s+de)?|min|arriba\\s+de|(?:por\\s+)?encima\\s+de|superior(?:es)?\\s+a|' +
  'mayor(?:es)?\\s+(?:a|de|que)|mas\\s+car[oa]s?\\s+que|over|above|more\\s+than|at\\s+least|starting\\s+at|minimum(?:\\s+of)?';
const UPPER_AFTER = '(?:o|or)\\s+(?:menos|less)|para\\s+abajo|max|maximo|tops|or\\s+below';
const LOWER_AFTER = '(?:o|or)\\s+(?:mas|more)|en\\s+adelante|para\\s+arriba|or\\s+above|and\\s+up|\\+';

const PRICE_ASC =
  '(?:(?:el|la|los|las|lo)\\s+)?mas\\s+(?:barat[oa]s?|economic[oa]s?|accesibles?|asequibles?)|(?:de\\s+)?(?:menor|mas\\s+bajo)\\s+precio|' +
  'precio\\s+mas\\s+bajo|baratisim[oa]s?|(?:the\\s+)?cheapest|lowest\\s+price[ds]?|least\\s+expensive|' +
  'price\\s+low\\s+to\\s+high|de\\s+menor\\s+a\\s+mayor\\s+precio';
const PRICE_DESC =
  '(?:(?:el|la|los|las|lo)\\s+)?mas\\s+car[oa]s?|(?:de\\s+)?(?:mayor|mas\\s+alto)\\s+precio|precio\\s+mas\\s+alto|' +
  '(?:the\\s+)?most\\s+expensive|priciest|dearest|highest\\s+price[ds]?|price\\s+high\\s+to\\s+low|' +
  'de\\s+mayor\\s+a\\s+menor\\s+precio';
const SOFT_LOW =
  'barat[oa]s?|economic[oa]s?|accesibles?|asequibles?|bajo\\s+(?:costo|precio)|(?:que\\s+)?no\\s+(?:sea|sean)\\s+(?:muy\\s+)?car[oa]s?|' +
  'no\\s+tan\\s+car[oa]s?|cheap(?:er)?|inexpensive|affordable|low\\s+cost|budget|bon\\s+marche';
// Words that only speak of price, of "products" in general or of asking, once the constraints are read ("verdes"
// and "pesos" stay: "fundas verdes" is a colour).
const FILLER_WORDS = new RegExp(
  '(?:^|\\s)(?:precios?|costo|cuestan?|cueste|cuesten|valen?|valga|price[sd]?|costs?|dolares|dolar|dollars?|usd|\\$|' +
    'dlls?|bucks|presupuesto|budget|productos?|articulos?|cosas|opciones|products?|items?|things|stuff|options|' +
    'tengan|tenga|tengas|venden|vendan|disponibles?|muestrame|ensename|dame|recomiendame|quisiera|gustaria|' +
    'ustedes|got|whats|your|which|ones?|sell|selling)(?=\\s|$)',
  'g',
);

// Keywords whose typos are read as the keyword ("varato", "ecnomico", "cheapst", "expencive", "dolres").
const FUZZY_KEYWORDS = [
  'barato',
  'barata',
  'baratos',
  'baratas',
  'economico',
  'economica',
  'economicos',
  'economicas',
  'cheapest',
  'expensive',
  'dolares',
  'dollars',
  'maximo',
  'minimo',
];

/** Damerau-Levenshtein distance (adjacent swaps count once: "barto" is one step from "barato"). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(b.length).fill(0),
  ]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

function fixKeywordTypos(word: string): string {
  if (word.length < 5 || /[0-9]/.test(word) || FUZZY_KEYWORDS.includes(word)) return word;
  const allowed = word.length >= 8 ? 2 : 1;
  const hit = FUZZY_KEYWORDS.find(
    (k) =>
      Math.abs(k.length - word.length) <= allowed &&
      // The first letter is rarely wrong, except b/v, which sound the same in Spanish ("varato").
      k[0] === word[0].replace('v', 'b') &&
      editDistance(k, word.replace(/^v/, 'b')) <= allowed,
  );
  return hit ?? word;
}

/** "1.500" and "1,500" are thousands, "99.90" and "99,9" decimals; "2 mil" and "2k" are 2000. */
function parseAmount(digits: string, multiplier: string | undefined): number {
  let n: number;
  if (/^\d{1,3}([.,]\d{3})+([.,]\d{1,2})?$/.test(digits)) {
    const decimals = /[.,](\d{1,2})$/.exec(digits);
    const whole = decimals ? digits.slice(0, -decimals[0].length) : digits;
    n = Number(whole.replace(/[.,]/g, '')) + (decimals ? Number(`0.${decimals[1]}`) : 0);
  } else {
    n = Number(digits.replace(',', '.'));
  }
  return multiplier ? n * 1000 : n;
}

const re = (source: string): RegExp => new RegExp(source, 'g');
const NOT_A_UNIT = `(?!\\s*(?:${UNITS})(?![a-z]))(?![a-z0-9])`;
const RANGE = re(
  `(?:^|\\s)(?:entre|between|de|desde|from)\\s+${AMOUNT}\\s*(?:y|and|a|al|hasta|to|-)\\s*${AMOUNT}${NOT_A_UNIT}`,
);
const DASH_RANGE = re(
  `(?:^|\\s)${CURRENCY_BEFORE}\\s*${NUMBER}\\s*-\\s*${CURRENCY_BEFORE}?\\s*${NUMBER}${NOT_A_UNIT}`,
);
const UPPER_BOUND = re(`(?:^|\\s)(?:de\\s+)?(?:${UPPER})\\s+(?:de\\s+|a\\s+)?${AMOUNT}${NOT_A_UNIT}`);
const LOWER_BOUND = re(`(?:^|\\s)(?:de\\s+)?(?:${LOWER})\\s+${AMOUNT}${NOT_A_UNIT}`);
const UPPER_AFTER_AMOUNT = re(`(?:^|\\s)${AMOUNT}\\s+(?:${UPPER_AFTER})(?=\\s|$)`);
const LOWER_AFTER_AMOUNT = re(`(?:^|\\s)${AMOUNT}\\s*(?:${LOWER_AFTER})(?=\\s|$)`);
// A price with a currency but no bound word ("un televisor de 500 dólares", "$300") is read as the budget.
const BARE_PRICE = re(
  `(?:^|\\s)(?:(?:${CURRENCY_BEFORE})\\s*${NUMBER}(?:\\s*${CURRENCY_AFTER})?|${NUMBER}\\s*${CURRENCY_AFTER})(?![a-z0-9])`,
);
const ASC = re(`(?:^|\\s)(?:${PRICE_ASC})(?=\\s|$)`);
const DESC = re(`(?:^|\\s)(?:${PRICE_DESC})(?=\\s|$)`);
const SOFT = re(`(?:^|\\s)(?:${SOFT_LOW})(?=\\s|$)`);

/**
 * Reads price bounds and price order out of a shopper's message (Spanish or English, accents and small typos
 * tolerated) and returns the rest as the product text: "el televisor más barato" → televisions, cheapest first;
 * "nevera de menos de 500 dólares" → fridges up to 500. Numbers that are sizes or models ("55 pulgadas", "A54",
 * "12000 BTU") stay in the product text.
 */
export function parseShopperQuery(query: string): ShopperQuery {
  let text = ` ${fold(query)
    .replace(/[¿?¡!,;:()[\]]+(?=\s|$)/g, ' ')
    .replace(/[¿?¡!;:()[\]]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map(fixKeywordTypos)
    .join(' ')} `;
  let minPrice: number | null = null;
  let maxPrice: number | null = null;
  const take = (pattern: RegExp, read: (m: RegExpExecArray) => void): void => {
    text = text.replace(pattern, (...args: unknown[]) => {
      const groups = args.slice(0, -2) as string[];
      const m = Object.assign(groups, { index: 0, input: '' }) as unknown as RegExpExecArray;
      read(m);
      return ' ';
    });
  };
  const lower = (n: number): void => {
    minPrice = minPrice === null ? n : Math.max(minPrice, n);
  };
  const upper = (n: number): void => {
    maxPrice = maxPrice === null ? n : Math.min(maxPrice, n);
  };
  const range = (a: number, b: number): void => {
    lower(Math.min(a, b));
    upper(Math.max(a, b));
  };
  take(RANGE, (m) => range(parseAmount(m[1], m[2]), parseAmount(m[3], m[4])));
  take(DASH_RANGE, (m) => range(parseAmount(m[1], m[2]), parseAmount(m[3], m[4])));
  take(UPPER_BOUND, (m) => upper(parseAmount(m[1], m[2])));
  take(LOWER_BOUND, (m) => lower(parseAmount(m[1], m[2])));
  take(UPPER_AFTER_AMOUNT, (m) => upper(parseAmount(m[1], m[2])));
  take(LOWER_AFTER_AMOUNT, (m) => lower(parseAmount(m[1], m[2])));
  take(BARE_PRICE, (m) => upper(parseAmount(m[1] ?? m[3], m[2] ?? m[4])));

  let sort: PriceSort = 'relevance';
  let preferLowPrice = false;
  take(ASC, () => (sort = 'price_asc'));
  take(DESC, () => (sort = sort === 'relevance' ? 'price_desc' : sort));
  take(SOFT, () => (preferLowPrice = true));
  const productText = text.replace(FILLER_WORDS, ' ').replace(FILLER_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return { productText, minPrice, maxPrice, sort, preferLowPrice: preferLowPrice && sort === 'relevance' };
}

/** Explicit values (the tool's or the CLI's) win over what was read from the words. */
export function mergeConstraints(
  parsed: ShopperConstraints,
  explicit: Partial<Pick<ShopperConstraints, 'minPrice' | 'maxPrice' | 'sort'>>,
): ShopperConstraints {
  const minPrice = explicit.minPrice ?? parsed.minPrice;
  const maxPrice = explicit.maxPrice ?? parsed.maxPrice;
  const sort = explicit.sort ?? parsed.sort;
  return {
    // A range given backwards ("between 900 and 300" as two fields) is the same range.
    minPrice: minPrice !== null && maxPrice !== null ? Math.min(minPrice, maxPrice) : minPrice,
    maxPrice: minPrice !== null && maxPrice !== null ? Math.max(minPrice, maxPrice) : maxPrice,
    sort,
    preferLowPrice: parsed.preferLowPrice && sort === 'relevance',
  };
}
