import { ExternalServiceError, type ExternalSystem } from './app-error';
import { redactText } from './logging/redact';

export interface IntegrationState {
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  /** The client's error message: which operation failed and what the operator should check. */
  lastError: string | null;
}

/**
 * The last success and the last failure of each external system, as its client saw them in this process. The
 * console's overview shows them; nothing decides on them. In memory on purpose: it answers "is it failing right
 * now?", and each instance reports what it sees.
 */
export class IntegrationHealth {
  private readonly states = new Map<ExternalSystem, IntegrationState>();

  succeeded(system: ExternalSystem): void {
    this.state(system).lastSuccessAt = new Date();
  }

  failed(system: ExternalSystem, error: unknown): void {
    const s = this.state(system);
    s.lastErrorAt = new Date();
    const message = error instanceof Error ? error.message : String(error);
    s.lastError = redactText(message).slice(0, 500);
  }

  /** Runs one call and records its outcome; a "not found" answer is the system working, not failing. */
  async track<T>(system: ExternalSystem, work: () => Promise<T>): Promise<T> {
    try {
      const value = await work();
      this.succeeded(system);
      return value;
    } catch (e) {
      if (e instanceof ExternalServiceError && e.options.status === 404) this.succeeded(system);
      else this.failed(system, e);
      throw e;
    }
  }

  get(system: ExternalSystem): IntegrationState {
    return { ...this.state(system) };
  }

  private state(system: ExternalSystem): IntegrationState {
    let s = this.states.get(system);
    if (!s) {
      s = { lastSuccessAt: null, lastErrorAt: null, lastError: null };
      this.states.set(system, s);
    }
    return s;
  }
}

/** One registry per process, so clients built outside Nest's injector (CLI, benchmarks, tests) report too. */
export const integrationHealth = new IntegrationHealth();
