import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import type { Language } from '../common/text/language';
import type { AnswerResult } from './answerer';
import { describeOpening, nextOpening } from './opening-hours';
import { STORE_PROFILE, type StoreProfile } from './store-profile';

/** The hand-off reply outside opening hours: the customer learns when a person will read them. */
export function afterHoursHandoffText(lang: Language, when: string): string {
  return lang === 'es'
    ? `Entendido. Te comunico con una persona de nuestro equipo. En este momento estamos fuera de nuestro horario de atención; te responderán por aquí ${when}.`
    : `Got it. I am passing you to a person from our team. We are closed right now; they will answer you here ${when}.`;
}

function afterHoursSentence(lang: Language, when: string): string {
  return lang === 'es'
    ? `En este momento estamos fuera de nuestro horario de atención: una persona te responderá ${when}.`
    : `We are closed right now: a person will answer you ${when}.`;
}

/**
 * Hand-offs outside the store profile's `openingHours` (docs/assistant.md#after-hours). Inside hours, or with no
 * structured hours, the answer is left exactly as it was.
 */
@Injectable()
export class AfterHours {
  constructor(
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
    private readonly clock: Clock,
  ) {}

  /**
   * A hand-off answer adjusted for the hour: the canned hand-off is replaced, any other hand-off text (the model's,
   * the offline assistant's) gets the sentence appended; `afterHours` tells the agents' note when the store opens.
   */
  adjust(result: AnswerResult, lang: Language): AnswerResult {
    const hours = this.profile.openingHours;
    if (!result.handoff || !hours) return result;
    const next = nextOpening(hours, this.clock.now());
    if (!next) return result;
    const when = describeOpening(next, lang);
    const text =
      result.engine === 'handoff'
        ? afterHoursHandoffText(lang, when)
        : `${result.text}\n\n${afterHoursSentence(lang, when)}`;
    return { ...result, text, afterHours: `${describeOpening(next, 'en')} (${hours.timeZone})` };
  }
}
