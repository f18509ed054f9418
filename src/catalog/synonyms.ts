import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fold } from '../common/text/fold';

/** The editable list in `config/synonyms.json` (or `SYNONYMS_PATH`). */
export interface SynonymFile {
  groups: string[][];
  accessoryTerms: string[];
}

/** One thing the customer asked for, with every way of writing it (a phrase may have several words). */
export interface QueryConcept {
  variants: string[];
  /** True when the concept came from the synonym list (not a plain word of the query). */
  expanded: boolean;
}

export interface ExpandedQuery {
  concepts: QueryConcept[];
  /** Plain query words worth fuzzy matching (no stop words, no model numbers). */
  fuzzyWords: string[];
  /** The query names an accessory ("forro para a54", "base para tv"). */
  accessoryIntent: boolean;
}

// Words that carry no product meaning in shop questions (Spanish and English); the text search configurations
// drop most of these too, but the fuzzy lane would otherwise match "para" in every accessory's name.
const STOP_WORDS = new Set(
  (
    'a al algo algun alguna alguno busco buscando con cual cuales cuanto cuesta de del el en es esta este ' +
    'favor hay la las lo los me mi necesito o para por precio precios puede que quiero se si sin su sus ' +
    'tenes tiene tienen tienes un una uno unos venden vende y ya the for with and of in an to is do you have ' +
    'show me need want price any'
  ).split(' '),
);

const DEFAULT_PATH = resolve(__dirname, '..', '..', 'config', 'synonyms.json');
const DEFAULT_PATH_FROM_DIST = resolve(__dirname, '..', '..', '..', 'config', 'synonyms.json');

export function loadSynonymFile(path: string | undefined): SynonymFile {
  const file = path ?? (existsSync(DEFAULT_PATH) ? DEFAULT_PATH : DEFAULT_PATH_FROM_DIST);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read the synonym list ${file}: ${(e as Error).message} (check SYNONYMS_PATH)`, {
      cause: e,
    });
  }
  const value = parsed as Partial<SynonymFile>;
  const isList = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (!Array.isArray(value.groups) || !value.groups.every(isList) || !isList(value.accessoryTerms ?? [])) {
    throw new Error(
      `The synonym list ${file} must be {"groups": [["word", "synonym", …], …], "accessoryTerms": ["…"]}`,
    );
  }
  return { groups: value.groups, accessoryTerms: value.accessoryTerms ?? [] };
}

const words = (text: string): string[] =>
  fold(text)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * Query words with model numbers kept whole: a word carrying a digit loses its separators ("SM-A546E" →
 * "sma546e", "a-54" → "a54"), and a number joins its unit or its letter prefix ("128 gb" → "128gb", "a 54" →
 * "a54"), as `namwoo_model_keys` does for the products (migration SearchSchema).
 */
export function queryWords(text: string): string[] {
  const raw = fold(text)
    .split(/[\s,;:()[\]"/+?¿!¡]+/)
    .flatMap((w) => (/[0-9]/.test(w) ? [w.replace(/[^a-z0-9]/g, '')] : w.split(/[^a-z0-9]+/)))
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const [a, b] = [raw[i], raw[i + 1]];
    const glued =
      b !== undefined &&
      ((/^[0-9]+$/.test(a) && /^[a-z]{1,3}$/.test(b) && !STOP_WORDS.has(b)) ||
        (/^[a-z]{1,2}$/.test(a) &&
          /^[0-9]+[a-z]?$/.test(b) &&
          // "a 54" is the Galaxy A54, "a 20 kg" is a preposition before a quantity.
          (!STOP_WORDS.has(a) ||
            (a.length === 1 && /^[0-9]+$/.test(b) && !/^[a-z]{1,3}$/.test(raw[i + 2] ?? '')))));
    if (glued) {
      out.push(a + b);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Query expansion over the synonym list: pure, so the search service and its unit tests share it. */
export class Synonyms {
  private readonly phrases: { words: string[]; group: number }[];
  private readonly groups: string[][];
  private readonly accessoryPhrases: string[][];

  constructor(file: SynonymFile) {
    this.groups = file.groups.map((g) => [...new Set(g.map((t) => words(t).join(' ')).filter(Boolean))]);
    this.phrases = this.groups
      .flatMap((g, group) => g.map((t) => ({ words: t.split(' '), group })))
      .sort((a, b) => b.words.length - a.words.length);
    this.accessoryPhrases = file.accessoryTerms.map(words).filter((w) => w.length > 0);
  }

  /** Accessory terms, folded, for recognising accessory products by the start of their name. */
  get accessoryTerms(): string[] {
    return this.accessoryPhrases.map((w) => w.join(' '));
  }

  expand(query: string): ExpandedQuery {
    const tokens = queryWords(query);
    const covered = new Array<boolean>(tokens.length).fill(false);
    const concepts: QueryConcept[] = [];
    const seenGroups = new Set<number>();
    for (const phrase of this.phrases) {
      for (let i = 0; i + phrase.words.length <= tokens.length; i++) {
        const span = tokens.slice(i, i + phrase.words.length);
        if (covered.slice(i, i + span.length).some(Boolean)) continue;
        if (span.join(' ') !== phrase.words.join(' ')) continue;
        covered.fill(true, i, i + span.length);
        if (!seenGroups.has(phrase.group)) {
          seenGroups.add(phrase.group);
          concepts.push({ variants: this.groups[phrase.group], expanded: true });
        }
      }
    }
    const fuzzyWords: string[] = [];
    tokens.forEach((t, i) => {
      if (covered[i] || STOP_WORDS.has(t)) return;
      concepts.push({ variants: [t], expanded: false });
      if (t.length >= 4 && !/[0-9]/.test(t)) fuzzyWords.push(t);
    });
    const joined = ` ${tokens.join(' ')} `;
    const accessoryIntent = this.accessoryPhrases.some((p) => joined.includes(` ${p.join(' ')} `));
    return { concepts, fuzzyWords, accessoryIntent };
  }
}
