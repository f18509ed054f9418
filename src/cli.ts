import 'reflect-metadata';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { openEmbeddedEarly, releaseEarlyEmbedded } from './database/embedded-postgres';
// The rest is loaded once the embedded database is opening (below): Nest and the app's modules take about a second.
import type * as NestCommon from '@nestjs/common';
import type * as Logging from './common/logging/app-logger';
import type * as MemoryTrim from './common/memory-trim';
import type * as RunCli from './cli/run-cli';

/**
 * Commands that open the database as soon as they start. For these the embedded database is opened before the
 * app's code is loaded, so the two overlap (docs/sync.md, "Fourth round"); `db` and `migrate` are left out on
 * purpose: they decide for themselves when and how to touch the files.
 */
const OPENS_DATABASE = new Set(['sync', 'search', 'chat', 'pause', 'resume', 'pauses']);

/** `node dist/cli <command>`: one line on stderr and a non-zero exit for every failure. */
function fail(message: string, code = 1): never {
  process.stderr.write(`namwoo: ${message.split('\n')[0]}\n`);
  process.exit(code);
}

function opensDatabaseAtOnce(config: AppConfig, args: string[]): boolean {
  const command = args.find((a) => !a.startsWith('-'));
  return (
    !config.database.url &&
    command !== undefined &&
    OPENS_DATABASE.has(command) &&
    !args.includes('--help') &&
    !args.includes('-h')
  );
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`namwoo: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  // The CLI's DatabaseModule opens the embedded database with the same options (cli.module.ts).
  if (opensDatabaseAtOnce(config, process.argv.slice(2)))
    openEmbeddedEarly(config.database.dataDir, { allowClient: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Logger } = require('@nestjs/common') as typeof NestCommon;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AppLogger } = require('./common/logging/app-logger') as typeof Logging;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startMemoryTrim } = require('./common/memory-trim') as typeof MemoryTrim;
  // CLI output belongs to stdout (tables, --json) and each failure is one line on stderr; the logs go to
  // LOG_DIR as usual. LOG_LEVEL=debug (or trace) also shows them on stderr.
  const verbose = config.log.level === 'debug' || config.log.level === 'trace';
  const logger = new AppLogger(config.log, process.stderr, verbose ? config.log.level : 'fatal');
  Logger.overrideLogger(logger);
  startMemoryTrim();
  let exitCode = 0;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runCli } = require('./cli/run-cli') as typeof RunCli;
    exitCode = await runCli(config, logger);
  } catch (e) {
    logger.flush();
    await releaseEarlyEmbedded().catch(() => undefined);
    fail(e instanceof Error ? e.message : String(e));
  }
  await releaseEarlyEmbedded().catch(() => undefined);
  logger.flush();
  process.exit(exitCode || process.exitCode || 0);
}

void main();
