import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface Context {
  correlationId: string;
}

const storage = new AsyncLocalStorage<Context>();

/** Runs `fn` with a correlation id that every log line inside it carries (one per HTTP request or job). */
export function withCorrelationId<T>(correlationId: string | undefined, fn: () => T): T {
  return storage.run({ correlationId: correlationId || newCorrelationId() }, fn);
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}

export function newCorrelationId(): string {
  return randomUUID().slice(0, 13);
}
