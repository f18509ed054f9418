import { Logger } from '@nestjs/common';
import type { DestinationStream } from 'pino';
import { AppLogger } from '../../src/common/logging/app-logger';

export type LogLine = Record<string, unknown> & { level: string; msg?: string; context?: string };

/**
 * Collects the app's JSON log lines in memory instead of printing them, so a test can assert what an operator would
 * read (and a test that provokes errors on purpose does not litter `npm test` output with them).
 */
export class LogCapture implements DestinationStream {
  readonly lines: LogLine[] = [];
  /** Also print what is captured (TEST_LOG_LEVEL set: someone is debugging). */
  echo = false;

  write(chunk: string): void {
    if (this.echo) process.stdout.write(chunk);
    for (const line of chunk.split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as LogLine);
  }

  /** Lines whose message contains `text`. */
  matching(text: string): LogLine[] {
    return this.lines.filter((l) => typeof l.msg === 'string' && l.msg.includes(text));
  }

  /** Waits for a line whose message contains `text` (background work logs after the request returns). */
  async waitFor(text: string, timeoutMs = 30_000): Promise<LogLine> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      const [found] = this.matching(text);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no log line containing "${text}"; got:\n${this.lines.map((l) => l.msg).join('\n')}`);
  }
}

/**
 * Routes every Nest `Logger` of this test file (services built without an app use Nest's default console logger)
 * into a capture. Call it in the test (or beforeEach) that provokes warnings or errors, and assert them.
 */
export function captureNestLogs(): LogCapture {
  const logs = new LogCapture();
  Logger.overrideLogger(new AppLogger({ level: 'trace', dir: '', format: 'json' }, logs));
  return logs;
}
