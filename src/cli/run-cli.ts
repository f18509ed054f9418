import { CommandFactory } from 'nest-commander';
// Not re-exported by nest-commander's index; the package has no exports map, so the deep path is its public file.
import { Commander } from 'nest-commander/src/constants';
import type { AppConfig } from '../config/app-config';
import type { AppLogger } from '../common/logging/app-logger';
import { CliModule } from './cli.module';

/**
 * Runs one CLI command in a Nest application context; the exit code (`src/cli.ts` loads this only once the
 * configuration is valid). Each failure is one line on stderr.
 */
export async function runCli(config: AppConfig, logger: AppLogger): Promise<number> {
  let exitCode = 0;
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
  return exitCode;
}
