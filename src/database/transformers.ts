import type { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric and bigint arrive as strings from `pg`; the domain uses numbers (prices, WooCommerce ids). */
export const numericTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null || value === undefined ? null : Number(value)),
};
