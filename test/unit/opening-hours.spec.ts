import {
  describeOpening,
  formatWeeklyLines,
  nextOpening,
  openingHoursProblems,
  parseWeeklyLines,
  type OpeningHours,
} from '../../src/assistant/opening-hours';

/** The demo store: Monday to Saturday 9-19, Sunday 11-17, Caracas (UTC-4, no daylight saving). */
const CARACAS: OpeningHours = {
  timeZone: 'America/Caracas',
  weekly: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], open: '09:00', close: '19:00' },
    { days: ['sun'], open: '11:00', close: '17:00' },
  ],
};
const caracas = (isoLocal: string): Date => new Date(`${isoLocal}-04:00`);
const when = (h: OpeningHours, at: Date, lang: 'es' | 'en' = 'es'): string | null => {
  const n = nextOpening(h, at);
  return n && describeOpening(n, lang);
};

describe('opening hours', () => {
  it('is open inside a period, in the store’s time zone', () => {
    // 2026-11-25 is a Wednesday; 10:00 in Caracas is 14:00 UTC.
    expect(nextOpening(CARACAS, caracas('2026-11-25T10:00:00'))).toBeNull();
    expect(nextOpening(CARACAS, caracas('2026-11-29T16:59:00'))).toBeNull();
  });

  it('names the next opening: later today, tomorrow, or the weekday', () => {
    expect(when(CARACAS, caracas('2026-11-25T07:30:00'))).toBe('hoy a las 9:00');
    expect(when(CARACAS, caracas('2026-11-25T23:10:00'))).toBe('mañana a las 9:00');
    expect(when(CARACAS, caracas('2026-11-28T19:00:00'), 'en')).toBe('tomorrow at 11:00');
    const weekdays: OpeningHours = { ...CARACAS, weekly: [{ days: ['mon'], open: '08:30', close: '12:00' }] };
    expect(when(weekdays, caracas('2026-11-27T18:00:00'))).toBe('el lunes a las 8:30');
    expect(when(weekdays, caracas('2026-11-27T18:00:00'), 'en')).toBe('on Monday at 8:30');
  });

  it('handles periods past midnight, also from Sunday into Monday', () => {
    const bar: OpeningHours = { timeZone: 'UTC', weekly: [{ days: ['sun'], open: '20:00', close: '02:00' }] };
    expect(nextOpening(bar, new Date('2026-11-30T01:00:00Z'))).toBeNull(); // Monday 01:00
    expect(when(bar, new Date('2026-11-30T03:00:00Z'))).toBe('el domingo a las 20:00');
  });

  it('checks the structure and reads the console’s lines', () => {
    expect(openingHoursProblems(CARACAS)).toEqual([]);
    expect(openingHoursProblems({ timeZone: 'Mars/Olympus', weekly: [] })).toHaveLength(2);
    expect(
      openingHoursProblems({ timeZone: 'UTC', weekly: [{ days: ['lun'], open: '9', close: '18:00' }] }),
    ).toHaveLength(1);
    expect(parseWeeklyLines('mon-sat 09:00-19:00\nsun 11:00-17:00')).toEqual(CARACAS.weekly);
    expect(parseWeeklyLines('fri-mon 10:00-14:00')).toEqual([
      { days: ['fri', 'sat', 'sun', 'mon'], open: '10:00', close: '14:00' },
    ]);
    expect(parseWeeklyLines('lunes 9 a 5')).toEqual(['lunes 9 a 5']);
    expect(parseWeeklyLines(formatWeeklyLines(CARACAS.weekly))).toEqual(CARACAS.weekly);
  });
});
