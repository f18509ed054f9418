import { fold } from '../common/text/fold';

/**
 * Numbers written in words, Spanish and English ("cuarenta y cinco", "un", "ninety-nine", "a hundred", "dos mil"),
 * so the grounding guard can check "un dólar" or "noventa por ciento" like "$1" or "90 %". Whole numbers only:
 * a model that spells out cents is rare, and the digits form is checked anyway.
 */

const SMALL: Record<string, number> = {
  cero: 0,
  un: 1,
  uno: 1,
  una: 1,
  dos: 2,
  tres: 3,
  cuatro: 4,
  cinco: 5,
  seis: 6,
  siete: 7,
  ocho: 8,
  nueve: 9,
  diez: 10,
  once: 11,
  doce: 12,
  trece: 13,
  catorce: 14,
  quince: 15,
  dieciseis: 16,
  diecisiete: 17,
  dieciocho: 18,
  diecinueve: 19,
  veinte: 20,
  veintiun: 21,
  veintiuno: 21,
  veintiuna: 21,
  veintidos: 22,
  veintitres: 23,
  veinticuatro: 24,
  veinticinco: 25,
  veintiseis: 26,
  veintisiete: 27,
  veintiocho: 28,
  veintinueve: 29,
  treinta: 30,
  cuarenta: 40,
  cincuenta: 50,
  sesenta: 60,
  setenta: 70,
  ochenta: 80,
  noventa: 90,
  cien: 100,
  ciento: 100,
  doscientos: 200,
  doscientas: 200,
  trescientos: 300,
  trescientas: 300,
  cuatrocientos: 400,
  cuatrocientas: 400,
  quinientos: 500,
  quinientas: 500,
  seiscientos: 600,
  seiscientas: 600,
  setecientos: 700,
  setecientas: 700,
  ochocientos: 800,
  ochocientas: 800,
  novecientos: 900,
  novecientas: 900,
  zero: 0,
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
/** English "hundred" multiplies what precedes it ("two hundred"); Spanish hundreds are words of their own. */
const MULTIPLIERS: Record<string, number> = {
  hundred: 100,
  mil: 1_000,
  thousand: 1_000,
  millon: 1_000_000,
  millones: 1_000_000,
  million: 1_000_000,
};
const JOINERS = new Set(['y', 'and']);
/** Articles count as "1" only right before a unit or a multiplier ("a dollar", "a hundred", "un dólar"). */
const ARTICLES = new Set(['a', 'an', 'un', 'una']);

export interface WordNumber {
  value: number;
  /** Offsets in the original text: [start, end). */
  start: number;
  end: number;
}

const isNumberWord = (w: string): boolean => w in SMALL || w in MULTIPLIERS;

/** Every run of number words in `text` with its value; `rest` of the text after each run is the caller's to read. */
export function findWordNumbers(text: string): WordNumber[] {
  const words = [...text.matchAll(/\p{L}+/gu)].map((m) => ({
    w: fold(m[0]),
    start: m.index,
    end: m.index + m[0].length,
  }));
  const found: WordNumber[] = [];
  let i = 0;
  while (i < words.length) {
    if (!isNumberWord(words[i].w)) {
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let j = i;
    let last = i;
    for (; j < words.length; j++) {
      const { w } = words[j];
      // Words of one number are separated by spaces or hyphens only ("forty-five", "cuarenta y cinco").
      if (j > i && !/^[\s-]+$/.test(text.slice(words[j - 1].end, words[j].start))) break;
      if (JOINERS.has(w)) {
        if (j + 1 < words.length && words[j + 1].w in SMALL && !ARTICLES.has(words[j + 1].w)) continue;
        break;
      }
      if (w in MULTIPLIERS) {
        const m = MULTIPLIERS[w];
        if (m === 100) current = (current || 1) * 100;
        else {
          total += (current || 1) * m;
          current = 0;
        }
      } else if (w in SMALL) {
        if (j > i && ARTICLES.has(w)) break;
        current += SMALL[w];
      } else break;
      last = j;
    }
    found.push({ value: total + current, start: words[i].start, end: words[last].end });
    i = last + 1;
  }
  return found;
}

export { ARTICLES as NUMBER_ARTICLES };
