/**
 * Domain error with a stable code. HTTP statuses are decided in one place (`AllExceptionsFilter`); clients of
 * external systems use `ExternalServiceError`, whose message names the system, the operation and what to check.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthorized'
  | 'not_found'
  | 'payload_too_large'
  | 'conflict'
  | 'external_service_failed'
  | 'unavailable'
  | 'internal';

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export type ExternalSystem = 'woocommerce' | 'support-board' | 'whatsapp' | 'openai';

export class ExternalServiceError extends AppError {
  override name = 'ExternalServiceError';
  constructor(
    readonly system: ExternalSystem,
    readonly operation: string,
    message: string,
    readonly options: {
      /** True when trying again later may succeed (timeouts, 429, 5xx). */
      retryable: boolean;
      /** HTTP status or the vendor's error code, when there was one. */
      status?: number;
      vendorCode?: string | number;
      /** What the operator should check; included in the message. */
      hint?: string;
    },
  ) {
    super(
      'external_service_failed',
      `${system} ${operation} failed: ${message}${options.hint ? ` — ${options.hint}` : ''}`,
    );
  }

  get retryable(): boolean {
    return this.options.retryable;
  }
}
