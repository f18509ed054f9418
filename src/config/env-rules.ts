import { Transform } from 'class-transformer';
import { IsInt, IsNumber, Max, Min } from 'class-validator';

/** How environment strings become values, shared by the variable declarations (`env.schema.ts`, `env.platform.ts`). */

export const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
export const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
/**
 * A whole number within [min, max]. One message for a word ("abc"), a fraction and an out-of-range value alike, so
 * the operator reads the allowed range whatever went wrong (class-validator's own messages for `Min`/`Max` would say
 * "must not be greater than 65535" about the word "abc").
 */
export function WholeNumber(min: number, max: number): PropertyDecorator {
  const message = `$property must be a whole number between ${min} and ${max}`;
  const decorators = [Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message })];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export function NonNegativeNumber(): PropertyDecorator {
  const message = '$property must be a number of 0 or more, e.g. 0.15';
  const decorators = [Transform(toNumber), IsNumber({}, { message }), Min(0, { message })];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

export const httpUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };
