import { Inject, Injectable, Logger } from '@nestjs/common';
import { renameSync, writeFileSync } from 'node:fs';
import { AppConfig } from '../config/app-config';
import {
  STORE_PROFILE,
  storeProfileFile,
  validateStoreProfile,
  type StoreProfile,
} from '../assistant/store-profile';
import { parseWeeklyLines } from '../assistant/opening-hours';

/** The profile form as posted (urlencoded): lists arrive as one text per line. */
export interface ProfileForm {
  storeName?: string;
  assistantName?: string;
  tone?: string;
  languages?: string;
  currencyCode?: string;
  currencySymbol?: string;
  address?: string;
  hours?: string;
  delivery?: string;
  paymentMethods?: string;
  warranty?: string;
  /** Structured hours: an IANA time zone, and one "mon-sat 09:00-19:00" line per period. */
  openingTimeZone?: string;
  openingHours?: string;
  faqQuestion?: string | string[];
  faqAnswer?: string | string[];
}

const lines = (v: string | undefined): string[] =>
  (v ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
const list = (v: string | string[] | undefined): string[] =>
  Array.isArray(v) ? v : v === undefined ? [] : [v];
const text = (v: string | undefined): string => (typeof v === 'string' ? v.trim() : '');

/**
 * Edits the store profile: checked with the same rules as at start, written where it is read from (atomically,
 * so a crash never leaves half a file), and applied to the live profile object the assistant reads on every turn,
 * so the next answer uses it without a restart. Other instances pick it up at their next start.
 */
@Injectable()
export class AdminProfileService {
  private readonly logger = new Logger('Console');

  constructor(
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
    private readonly config: AppConfig,
  ) {}

  get current(): StoreProfile {
    return this.profile;
  }

  get file(): string {
    return storeProfileFile(this.config.conversation.storeProfilePath);
  }

  fromForm(form: ProfileForm): unknown {
    const questions = list(form.faqQuestion);
    const answers = list(form.faqAnswer);
    return {
      storeName: text(form.storeName),
      assistantName: text(form.assistantName),
      tone: text(form.tone),
      languages: (form.languages ?? '')
        .split(/[\s,]+/)
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean),
      currency: { code: text(form.currencyCode).toUpperCase(), symbol: text(form.currencySymbol) },
      address: text(form.address),
      hours: text(form.hours),
      delivery: text(form.delivery),
      paymentMethods: lines(form.paymentMethods),
      warranty: text(form.warranty),
      // Both empty: no structured hours (hand-offs keep the usual wording).
      ...(text(form.openingTimeZone) || text(form.openingHours)
        ? {
            openingHours: {
              timeZone: text(form.openingTimeZone),
              weekly: parseWeeklyLines(form.openingHours ?? ''),
            },
          }
        : {}),
      faq: questions
        .map((q, i) => ({ question: q.trim(), answer: (answers[i] ?? '').trim() }))
        .filter((f) => f.question || f.answer),
    };
  }

  save(raw: unknown): { ok: true } | { ok: false; problems: string[] } {
    const checked = validateStoreProfile(raw);
    if ('problems' in checked) return { ok: false, problems: checked.problems };
    const file = this.file;
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(checked.profile, null, 2)}\n`, 'utf8');
    renameSync(tmp, file);
    // The assistant holds this object: replace its contents in place.
    for (const key of Object.keys(this.profile))
      delete (this.profile as unknown as Record<string, unknown>)[key];
    Object.assign(this.profile, checked.profile);
    this.logger.log({ msg: 'store profile saved from the console', file });
    return { ok: true };
  }
}
