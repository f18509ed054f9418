import { Logger } from '@nestjs/common';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { DestinationStream } from 'pino';
import { AppLogger } from '../../src/common/logging/app-logger';
import type { AppConfig } from '../../src/config/app-config';

/**
 * Every log line a test file's apps produce, checked for the personal data the fakes seeded (issue #17 §9).
 * In-process apps log at `trace` into this capture (the console still only shows TEST_LOG_LEVEL and above);
 * spawned processes add whatever they print. `log-leak-check.ts` runs the check after each test file.
 * Jest gives every test file its own module registry, so these lists are per file.
 */

export interface SeededPersonalData {
  names: string[];
  phones: string[];
  emails: string[];
}

const lines: string[] = [];
const seeded: SeededPersonalData = { names: [], phones: [], emails: [] };
let loggersCreated = 0;

const RANK: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

/** What the fakes hand to the app as a customer's identity: the check looks for exactly these. */
export function seedPersonalData(d: {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
}): void {
  if (d.name) seeded.names.push(d.name);
  if (d.phone) seeded.phones.push(d.phone);
  if (d.email) seeded.emails.push(d.email);
}

/** Output of a spawned `node dist/…` process. */
export function recordOutput(text: string): void {
  lines.push(...text.split('\n').filter((l) => l.trim() !== ''));
}

/**
 * The app logger for tests: every line (from `trace` up) goes into this file's leak-check capture and into `logs`,
 * printed nowhere, so a test that provokes an error asserts its log line instead of littering `npm test` output.
 * TEST_LOG_LEVEL=debug (or any level) also prints the lines from that level up.
 */
export function testLogger(config: AppConfig, logs: LogCapture = new LogCapture()): AppLogger {
  loggersCreated += 1;
  const wanted = process.env.TEST_LOG_LEVEL;
  const printFrom = wanted ? (RANK[wanted] ?? 50) : Infinity;
  const tee: DestinationStream = {
    write(chunk: string): void {
      for (const line of chunk.split('\n')) {
        if (!line.trim()) continue;
        lines.push(line.trimEnd());
        logs.write(line);
        const level = /"level":"(\w+)"/.exec(line)?.[1] ?? 'info';
        if ((RANK[level] ?? 30) >= printFrom) process.stdout.write(`${line}\n`);
      }
    },
  };
  return new AppLogger({ ...config.log, level: 'trace' }, tee, 'trace');
}

export interface Leak {
  kind: 'name' | 'phone' | 'email';
  value: string;
  line: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Seeded personal data found in `logLines`: a phone in any layout (its last 10 digits), an e-mail, a name. */
export function findLeaks(logLines: string[], data: SeededPersonalData): Leak[] {
  const leaks: Leak[] = [];
  const phoneNeedles = data.phones.map((p) => ({ value: p, digits: p.replace(/\D/g, '').slice(-10) }));
  const nameRes = data.names.map((n) => ({
    value: n,
    re: new RegExp(`(?<![\\p{L}\\d])${escape(n)}(?![\\p{L}\\d])`, 'iu'),
  }));
  for (const line of logLines) {
    const runs = (line.match(/\+?\(?\d[\d\s().-]*\d/g) ?? []).map((r) => r.replace(/\D/g, ''));
    for (const p of phoneNeedles) {
      if (runs.some((r) => r.includes(p.digits))) leaks.push({ kind: 'phone', value: p.value, line });
    }
    for (const e of data.emails) {
      if (line.toLowerCase().includes(e.toLowerCase())) leaks.push({ kind: 'email', value: e, line });
    }
    for (const n of nameRes) if (n.re.test(line)) leaks.push({ kind: 'name', value: n.value, line });
  }
  return leaks;
}

/**
 * Writes this file's captured lines to `$TMPDIR/namwoo-test-logs/<file>.log` and returns what leaked. Throws when
 * an e2e file created an app logger but nothing was captured: the check would be silently checking nothing.
 */
export function checkCapturedLogs(testPath: string): { file: string; lines: number; leaks: Leak[] } {
  const dir = join(tmpdir(), 'namwoo-test-logs');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${basename(testPath)}.log`);
  writeFileSync(file, lines.length ? `${lines.join('\n')}\n` : '');
  if (loggersCreated > 0 && lines.length === 0) {
    throw new Error(`log capture broken: ${loggersCreated} app logger(s) created but no line captured`);
  }
  const unique = {
    names: [...new Set(seeded.names)],
    phones: [...new Set(seeded.phones)],
    emails: [...new Set(seeded.emails)],
  };
  return { file, lines: lines.length, leaks: findLeaks(lines, unique) };
}

export type LogLine = Record<string, unknown> & { level: string; msg?: string; context?: string };

/**
 * Collects the app's JSON log lines in memory instead of printing them, so a test can assert what an operator would
 * read (and a test that provokes errors on purpose does not litter `npm test` output with them).
 */
export class LogCapture implements DestinationStream {
  readonly lines: LogLine[] = [];

  write(chunk: string): void {
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
