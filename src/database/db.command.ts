import { Command, CommandRunner } from 'nest-commander';
import { DatabaseService } from './database.service';

/**
 * `node dist/cli db`: the address to inspect the database with psql. The embedded database lives inside one process,
 * so with no app running this command serves it itself until Ctrl-C.
 */
@Command({
  name: 'db',
  description: 'print how to connect psql to the database (serves the embedded one until Ctrl-C)',
})
export class DbCommand extends CommandRunner {
  constructor(private readonly database: DatabaseService) {
    super();
  }

  async run(): Promise<void> {
    const out = process.stdout;
    const address = this.database.embeddedAddress;
    if (!address) {
      out.write('DATABASE_URL is set: connect with  psql "$DATABASE_URL"\n');
      return;
    }
    out.write(`psql ${address.url}\n`);
    if (!address.servedHere) {
      out.write('(served by the running Namwoo app; valid while it runs)\n');
      return;
    }
    out.write('Serving the embedded database for psql; Ctrl-C stops (the app cannot start meanwhile).\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
  }
}
