import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { assertPortAvailable, createApp, logIntegrations } from './bootstrap';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { AppLogger } from './common/logging/app-logger';
import { startMemoryTrim } from './common/memory-trim';

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`namwoo: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  startMemoryTrim();
  const logger = new AppLogger(config.log);
  Logger.overrideLogger(logger);
  const log = new Logger('Main');
  // A promise nobody awaited (a library's background call during a database blip) must not end the process:
  // Node's default for an unhandled rejection is to exit. It is logged once per distinct reason.
  const seen = new Set<string>();
  process.on('unhandledRejection', (reason: unknown) => {
    const message = reason instanceof Error ? reason.message : String(reason);
    if (seen.has(message)) return;
    if (seen.size < 100) seen.add(message);
    log.error({ msg: 'unhandled promise rejection (the app keeps running)', err: reason });
  });
  let app: Awaited<ReturnType<typeof createApp>>;
  try {
    await assertPortAvailable(config.port, config.host);
    app = await createApp(config, logger);
    await app.listen(config.port, config.host);
  } catch (e) {
    log.fatal(e instanceof Error ? e.message : String(e));
    logger.flush();
    process.exit(1);
  }
  logIntegrations(config);
  log.log(
    `Namwoo listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}/api`,
  );

  // Our own handler rather than enableShutdownHooks(): Nest re-raises the signal after closing, which exits
  // with 143; an orderly stop should exit 0. app.close() stops accepting connections, waits for in-flight
  // requests and workers (onModuleDestroy/beforeApplicationShutdown), then closes the database.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.log(`${signal} received: finishing in-flight work (at most ${config.shutdownTimeoutMs} ms)`);
    const force = setTimeout(() => {
      log.error(`shutdown did not finish within ${config.shutdownTimeoutMs} ms; exiting anyway`);
      logger.flush();
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    app
      .close()
      .then(() => {
        log.log('stopped');
        logger.flush();
        process.exit(0);
      })
      .catch((e: unknown) => {
        log.error({ msg: 'error while stopping', err: e });
        logger.flush();
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

void main();
