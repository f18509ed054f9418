import { Injectable } from '@nestjs/common';

/**
 * The time, as one injectable: opening hours and the monthly LLM budget ask it instead of `new Date()`, so tests
 * can stand at 23:00 or at the first of the month (replace `now` on the instance the app holds).
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
