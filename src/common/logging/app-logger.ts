import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogConfig } from '../../config/app-config';
import { currentCorrelationId } from './request-context';
import { redact } from './redact';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** Log contexts (Nest `Logger` names) starting with this prefix also go to `logs/sync.log`. */
export const SYNC_CONTEXT_PREFIX = 'Sync';
/**
 * Nest's own start-up chatter: useful when debugging, noise otherwise. NestApplication's "successfully started" comes
 * before the port is bound; main.ts logs "Namwoo listening on …" once it really is.
 */
const CHATTY_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

function fileStream(dir: string, name: string): DestinationStream {
  mkdirSync(dir, { recursive: true });
  // Opened here, synchronously: a stream still opening when the process exits early (a start-up failure) makes
  // pino's exit hook throw "sonic boom is not ready yet" over the real reason.
  return pino.destination({ dest: openSync(join(dir, name), 'a'), sync: false });
}

/**
 * The one logger of the process: JSON lines on stdout (or readable lines with LOG_FORMAT=pretty) and in
 * `LOG_DIR/app.log`; sync contexts also in `LOG_DIR/sync.log`. Every line carries the correlation id of the
 * request or job it belongs to, and passes through `redact`.
 */
export class AppLogger implements LoggerService {
  private readonly app: Logger;
  private readonly sync: Logger;
  private readonly files: DestinationStream[] = [];

  /**
   * `consoleLevel` lets the console be quieter than the files: the CLI keeps stderr for its own one-line errors
   * while app.log and sync.log still get everything at `config.level`.
   */
  constructor(
    config: LogConfig,
    stdout: DestinationStream = process.stdout,
    consoleLevel: LogConfig['level'] = config.level,
  ) {
    const console: DestinationStream =
      config.format === 'pretty'
        ? pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
        : stdout;
    const rank = (l: string): number => pino.levels.values[l] ?? 30;
    const base = { level: rank(consoleLevel) < rank(config.level) ? consoleLevel : config.level };
    const appStreams: pino.StreamEntry[] = [{ stream: console, level: consoleLevel }];
    const syncStreams: pino.StreamEntry[] = [{ stream: console, level: consoleLevel }];
    if (config.dir) {
      const appFile = fileStream(config.dir, 'app.log');
      const syncFile = fileStream(config.dir, 'sync.log');
      this.files.push(appFile, syncFile);
      appStreams.push({ stream: appFile, level: config.level });
      syncStreams.push({ stream: appFile, level: config.level }, { stream: syncFile, level: config.level });
    }
    const options: pino.LoggerOptions = {
      ...base,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => {
        const correlationId = currentCorrelationId();
        return correlationId ? { correlationId } : {};
      },
    };
    this.app = pino(options, pino.multistream(appStreams));
    this.sync = pino(options, pino.multistream(syncStreams));
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  /** Flushes file streams; called once at shutdown. */
  flush(): void {
    for (const f of this.files) {
      try {
        (f as { flushSync?: () => void }).flushSync?.();
      } catch {
        // sonic-boom throws when its file is not open yet; nothing was written to it then.
      }
    }
  }

  private write(level: Level, message: unknown, rest: unknown[]): void {
    // Nest calls log(message, context) and error(message, stack, context): the context is the last string.
    const params = [...rest];
    const context = typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const logger = context?.startsWith(SYNC_CONTEXT_PREFIX) ? this.sync : this.app;
    if (level === 'info' && context && CHATTY_CONTEXTS.has(context)) level = 'debug';
    if (!logger.isLevelEnabled(level)) return;

    const fields: Record<string, unknown> = context ? { context } : {};
    let msg: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      msg = message.message;
    } else if (message !== null && typeof message === 'object') {
      const { msg: m, message: mm, ...other } = message as Record<string, unknown>;
      Object.assign(fields, other);
      msg = typeof m === 'string' ? m : typeof mm === 'string' ? mm : undefined;
    } else {
      msg = String(message);
    }
    const stack = params.find((p) => typeof p === 'string' && p.includes('\n    at '));
    if (stack) fields.stack = stack;
    for (const p of params) if (p instanceof Error) fields.err = p;
    logger[level](redact(fields) as object, msg === undefined ? undefined : (redact(msg) as string));
  }
}
