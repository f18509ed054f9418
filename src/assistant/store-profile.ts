import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppError } from '../common/app-error';
import { openingHoursProblems, type OpeningHours } from './opening-hours';

/**
 * What the store owner writes in the file STORE_PROFILE_PATH names (`config/store-profile.json` is the demo store's).
 * `source` says where it came from: `own` (the store's file), `demo` (the shipped example, used only with the demo
 * catalog) or `none` (WooCommerce configured without a profile: no store facts at all, so nothing is invented).
 */
export interface StoreProfile {
  source: 'own' | 'demo' | 'none';
  storeName: string | null;
  assistantName: string;
  tone: string;
  /** ISO codes, e.g. ["es", "en"]; the first one is the default language. */
  languages: string[];
  currency: { code: string; symbol: string };
  address: string | null;
  hours: string | null;
  delivery: string | null;
  /** Empty when unknown: the assistant then offers a person instead of naming any. */
  paymentMethods: string[];
  warranty: string | null;
  /** Whether the assistant may send a product's link when a customer wants to buy (default true). */
  productLinks: boolean;
  faq: { question: string; answer: string }[];
  /**
   * Structured opening hours: a hand-off outside them tells the customer when a person will answer. Null = not
   * given (every hand-off keeps the usual "shortly"). `hours` stays the text quoted to customers.
   */
  openingHours: OpeningHours | null;
}

/** The profile of a store that configured WooCommerce but wrote no profile: neutral words, no store facts. */
export const NO_PROFILE: StoreProfile = {
  source: 'none',
  storeName: null,
  assistantName: 'Namwoo',
  tone: 'Cercano y profesional, frases cortas.',
  languages: ['es', 'en'],
  currency: { code: 'USD', symbol: '$' },
  address: null,
  hours: null,
  delivery: null,
  paymentMethods: [],
  warranty: null,
  productLinks: false,
  faq: [],
  openingHours: null,
};

export const DEFAULT_PROFILE_PATH = 'config/store-profile.json';

function problemsOf(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return ['the file must hold a JSON object'];
  const p = raw as Record<string, unknown>;
  const problems: string[] = [];
  const text = (k: string): void => {
    if (typeof p[k] !== 'string' || !p[k].trim()) problems.push(`"${k}" must be a non-empty text`);
  };
  ['storeName', 'tone', 'address', 'hours', 'delivery', 'warranty'].forEach(text);
  if (p.assistantName !== undefined && typeof p.assistantName !== 'string') {
    problems.push('"assistantName" must be a text');
  }
  const isTextList = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (!isTextList(p.languages) || (p.languages as string[]).length === 0) {
    problems.push('"languages" must be a non-empty list of codes such as ["es", "en"]');
  }
  if (!isTextList(p.paymentMethods)) problems.push('"paymentMethods" must be a list of texts');
  const currency = p.currency as Record<string, unknown> | undefined;
  if (
    currency !== undefined &&
    (typeof currency?.code !== 'string' || typeof currency?.symbol !== 'string')
  ) {
    problems.push('"currency" must look like { "code": "USD", "symbol": "$" }');
  }
  if (p.productLinks !== undefined && typeof p.productLinks !== 'boolean') {
    problems.push('"productLinks" must be true or false');
  }
  if (
    p.faq !== undefined &&
    !(
      Array.isArray(p.faq) &&
      p.faq.every(
        (f: Record<string, unknown>) => typeof f?.question === 'string' && typeof f?.answer === 'string',
      )
    )
  ) {
    problems.push('"faq" must be a list of { "question": "…", "answer": "…" }');
  }
  if (p.openingHours !== undefined && p.openingHours !== null)
    problems.push(...openingHoursProblems(p.openingHours));
  return problems;
}

/**
 * `config/store-profile.json` in the working directory, else the example shipped with the app (this file sits at
 * `src|dist/conversation/assistant/`, three levels under the package root), so `node dist/main` started from another
 * folder still boots with a profile.
 */
function defaultProfileFile(cwd: string): string {
  // The working directory first, then the project root seen from src/assistant/ (tests) or dist/src/assistant/.
  const candidates = [cwd, resolve(__dirname, '..', '..'), resolve(__dirname, '..', '..', '..')].map((dir) =>
    resolve(dir, DEFAULT_PROFILE_PATH),
  );
  return candidates.find((file) => existsSync(file)) ?? candidates[0];
}

/** The file the profile is read from (and where the console saves it). */
export function storeProfileFile(path: string | undefined, cwd = process.cwd()): string {
  return path ? resolve(cwd, path) : defaultProfileFile(cwd);
}

/** The checks `loadStoreProfile` applies at start, for a profile edited elsewhere (the console's form). */
export function validateStoreProfile(
  raw: unknown,
  source: 'own' | 'demo' = 'own',
): { profile: StoreProfile } | { problems: string[] } {
  const problems = problemsOf(raw);
  if (problems.length) return { problems };
  const p = raw as Omit<StoreProfile, 'source' | 'productLinks' | 'openingHours'> & {
    productLinks?: boolean;
    openingHours?: OpeningHours | null;
  };
  return {
    profile: {
      ...p,
      source,
      productLinks: p.productLinks ?? true,
      assistantName: p.assistantName || 'Namwoo',
      currency: p.currency ?? { code: 'USD', symbol: '$' },
      faq: p.faq ?? [],
      openingHours: p.openingHours ?? null,
    },
  };
}

/**
 * Reads and checks the store profile once at start. A broken file stops the app with every problem listed, since
 * a silently empty profile would let the assistant answer policy questions with nothing to ground them.
 */
export function loadStoreProfile(path: string | undefined, cwd = process.cwd()): StoreProfile {
  const file = storeProfileFile(path, cwd);
  if (!existsSync(file)) {
    throw new AppError(
      'validation_failed',
      `Store profile not found at ${file}: create it (see docs/assistant.md) or point STORE_PROFILE_PATH at it`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError(
      'validation_failed',
      `Store profile ${file} is not valid JSON: ${(e as Error).message}`,
    );
  }
  const checked = validateStoreProfile(raw, path ? 'own' : 'demo');
  if ('problems' in checked) {
    throw new AppError(
      'validation_failed',
      `Store profile ${file} is invalid:\n  - ${checked.problems.join('\n  - ')}`,
    );
  }
  return checked.profile;
}

/**
 * The profile the assistant speaks for. The demo store's profile goes only with the demo catalog: a store that
 * configured WooCommerce, or whose catalog was last synced from WooCommerce (`node dist/cli chat` run without the
 * WooCommerce settings), and set no STORE_PROFILE_PATH gets neutral wording (and `warning` says so once at start),
 * never another store's name, address or payment methods.
 */
export function chooseStoreProfile(
  settings: {
    storeProfilePath: string | undefined;
    woocommerceConfigured: boolean;
    catalogFromStore?: boolean;
  },
  cwd = process.cwd(),
): { profile: StoreProfile; warning: string | null } {
  if (settings.storeProfilePath)
    return { profile: loadStoreProfile(settings.storeProfilePath, cwd), warning: null };
  if (!settings.woocommerceConfigured && !settings.catalogFromStore)
    return { profile: loadStoreProfile(undefined, cwd), warning: null };
  const why = settings.woocommerceConfigured
    ? 'WooCommerce is configured'
    : "the catalog was synced from a WooCommerce store, not the demo's";
  return {
    profile: NO_PROFILE,
    warning: `STORE_PROFILE_PATH is not set while ${why}: the assistant will not state a store name, address, hours, delivery, payment methods or warranty, and offers a person for those questions. Write your store profile (see docs/assistant.md) and set STORE_PROFILE_PATH to its path.`,
  };
}

/** Injection token for the loaded profile. */
export const STORE_PROFILE = Symbol('STORE_PROFILE');
