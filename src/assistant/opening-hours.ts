import type { Language } from '../common/text/language';

/**
 * The store's opening hours, structured, in the store profile (`openingHours`), e.g.
 * `{ "timeZone": "America/Caracas", "weekly": [{ "days": ["mon", "tue"], "open": "09:00", "close": "19:00" }] }`.
 * A close time at or before the open time runs past midnight ("20:00"–"02:00"); "24:00" closes at midnight.
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpeningPeriod {
  days: Weekday[];
  /** "HH:MM", 24-hour, in `timeZone`. */
  open: string;
  close: string;
}

export interface OpeningHours {
  /** IANA name, e.g. "America/Caracas". */
  timeZone: string;
  weekly: OpeningPeriod[];
}

/** When the store opens next, in its own time zone. */
export interface NextOpening {
  /** 0 today, 1 tomorrow, … */
  daysAhead: number;
  weekday: Weekday;
  /** "9:00", "14:30". */
  time: string;
}

const TIME = /^([01]\d|2[0-4]):([0-5]\d)$/;
const minutesOf = (t: string): number => {
  const [, h, m] = TIME.exec(t)!;
  return Number(h) * 60 + Number(m);
};

function validTimeZone(tz: unknown): boolean {
  if (typeof tz !== 'string' || !tz) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** What is wrong with a profile's `openingHours` (empty when it is fine). */
export function openingHoursProblems(raw: unknown): string[] {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return ['"openingHours" must look like { "timeZone": "America/Caracas", "weekly": [ … ] }'];
  const h = raw as Record<string, unknown>;
  const problems: string[] = [];
  if (!validTimeZone(h.timeZone))
    problems.push('"openingHours.timeZone" must be an IANA time zone such as "America/Caracas"');
  if (!Array.isArray(h.weekly) || h.weekly.length === 0) {
    problems.push('"openingHours.weekly" must list at least one period, e.g. mon-fri 09:00-18:00');
    return problems;
  }
  for (const p of h.weekly as unknown[]) {
    const period = p as Partial<Record<keyof OpeningPeriod, unknown>> | null;
    const ok =
      period !== null &&
      typeof period === 'object' &&
      Array.isArray(period.days) &&
      period.days.length > 0 &&
      period.days.every((d) => (WEEKDAYS as readonly unknown[]).includes(d)) &&
      typeof period.open === 'string' &&
      TIME.test(period.open) &&
      typeof period.close === 'string' &&
      TIME.test(period.close) &&
      period.open !== period.close;
    if (!ok)
      problems.push(
        `"openingHours.weekly" has a period that is not like { "days": ["mon", "fri"], "open": "09:00", "close": "18:00" }: ${JSON.stringify(p)}`,
      );
  }
  return problems;
}

/** The weekday (0 = Monday) and minute of the day at `now` in `timeZone`. */
function localTime(now: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '';
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday'));
  return { day, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** Open periods as [start, end) minutes of a week starting Monday 00:00; overnight periods run into the next day. */
function weekIntervals(hours: OpeningHours): [number, number][] {
  const intervals: [number, number][] = [];
  for (const p of hours.weekly) {
    const open = minutesOf(p.open);
    let close = minutesOf(p.close);
    if (close <= open) close += 24 * 60;
    for (const d of p.days) {
      const start = WEEKDAYS.indexOf(d) * 1440 + open;
      intervals.push([start, start + close - open]);
    }
  }
  return intervals;
}

const WEEK = 7 * 1440;

/** Null while the store is open; otherwise when it opens next. */
export function nextOpening(hours: OpeningHours, now: Date): NextOpening | null {
  const { day, minute } = localTime(now, hours.timeZone);
  const at = day * 1440 + minute;
  const intervals = weekIntervals(hours);
  // An overnight Sunday period also covers Monday morning of the week that `at` is in.
  const isOpen = intervals.some(([s, e]) => (at >= s && at < e) || (at + WEEK >= s && at + WEEK < e));
  if (isOpen) return null;
  const wait = Math.min(...intervals.map(([s]) => (s - at + WEEK) % WEEK));
  const start = at + wait;
  const startOfToday = day * 1440;
  const startMinute = start % 1440;
  return {
    daysAhead: Math.floor((start - startOfToday) / 1440),
    weekday: WEEKDAYS[Math.floor(start / 1440) % 7],
    time: `${Math.floor(startMinute / 60)}:${String(startMinute % 60).padStart(2, '0')}`,
  };
}

const DAY_NAMES: Record<Language, Record<Weekday, string>> = {
  es: {
    mon: 'lunes',
    tue: 'martes',
    wed: 'miércoles',
    thu: 'jueves',
    fri: 'viernes',
    sat: 'sábado',
    sun: 'domingo',
  },
  en: {
    mon: 'Monday',
    tue: 'Tuesday',
    wed: 'Wednesday',
    thu: 'Thursday',
    fri: 'Friday',
    sat: 'Saturday',
    sun: 'Sunday',
  },
};

/** "mañana a las 9:00", "el lunes a las 9:00", "tomorrow at 9:00", "on Monday at 9:00". */
export function describeOpening(n: NextOpening, lang: Language): string {
  if (lang === 'es') {
    const day = n.daysAhead === 0 ? 'hoy' : n.daysAhead === 1 ? 'mañana' : `el ${DAY_NAMES.es[n.weekday]}`;
    return `${day} a las ${n.time}`;
  }
  const day = n.daysAhead === 0 ? 'today' : n.daysAhead === 1 ? 'tomorrow' : `on ${DAY_NAMES.en[n.weekday]}`;
  return `${day} at ${n.time}`;
}

/**
 * "mon-sat 09:00-19:00" per line (the console's form) into periods; a line that does not read is kept as text, so
 * the profile check names it.
 */
export function parseWeeklyLines(text: string): (OpeningPeriod | string)[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const m =
        /^([a-z]{3}(?:\s*-\s*[a-z]{3})?(?:\s*,\s*[a-z]{3}(?:\s*-\s*[a-z]{3})?)*)\s+(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/i.exec(
          line,
        );
      if (!m) return line;
      const days: Weekday[] = [];
      for (const part of m[1].toLowerCase().split(',')) {
        const [from, to = from] = part.split('-').map((d) => d.trim()) as Weekday[];
        const a = WEEKDAYS.indexOf(from);
        const b = WEEKDAYS.indexOf(to);
        if (a < 0 || b < 0) return line;
        for (let i = a; ; i = (i + 1) % 7) {
          if (!days.includes(WEEKDAYS[i])) days.push(WEEKDAYS[i]);
          if (i === b) break;
        }
      }
      return { days, open: m[2], close: m[3] };
    });
}

/** The form's text for a profile's periods: one "mon-sat 09:00-19:00"-style line each. */
export function formatWeeklyLines(weekly: readonly (OpeningPeriod | string)[]): string {
  return weekly
    .map((p) => (typeof p === 'string' ? p : `${p.days.join(',')} ${p.open}-${p.close}`))
    .join('\n');
}
