import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { CommandFactory } from 'nest-commander';
// Not re-exported by nest-commander's index; the package has no exports map, so the deep path is its public file.
import { Commander } from 'nest-commander/src/constants';
import { CliModule } from './cli/cli.module';
import { ConfigError, loadConfig } from './config/app-config';
import { AppLogger } from './common/logging/app-logger';
import { startMemoryTrim } from './common/memory-trim';

/** `node dist/cli <command>`: one line on stderr and a non-zero exit for every failure. */
function fail(message: string, code = 1): never {
  process.stderr.write(`namwoo: ${message.split('\n')[0]}\n`);
  process.exit(code);
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
  // CLI output belongs to stdout (tables, --json) and each failure is one line on stderr; the logs go to
  // LOG_DIR as usual. LOG_LEVEL=debug (or trace) also shows them on stderr.
  const verbose = config.log.level === 'debug' || config.log.level === 'trace';
  const logger = new AppLogger(config.log, process.stderr, verbose ? config.log.level : 'fatal');
  Logger.overrideLogger(logger);
  let exitCode = 0;
  startMemoryTrim();
  try {
    const app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config), {
      logger,
      cliName: 'namwoo',
      abortOnError: false,
      // commander prints its own one-line reason through writeErr (also for subcommands); we only set the code.
      outputConfiguration: {
        writeErr: (text: string) => process.stderr.write(`namwoo: ${text.replace(/^error: /, '')}`),
      },
      errorHandler: (err: Error & { exitCode?: number }) => {
        // help and version are "errors" with exit code 0.
        process.exit(err.exitCode ?? 1);
      },
      serviceErrorHandler: (err) => {
        exitCode = 1;
        process.stderr.write(`namwoo: ${err.message.split('\n')[0]}\n`);
      },
    });
    // commander names the program after the script file, so `--help` said "Usage: cli".
    app.get<{ name(name: string): unknown }>(Commander).name('namwoo');
    try {
      await CommandFactory.runApplication(app);
    } finally {
      await app.close();
    }
  } catch (e) {
    logger.flush();
    fail(e instanceof Error ? e.message : String(e));
  }
  logger.flush();
  process.exit(exitCode || process.exitCode || 0);
}

void main();
