import { Command, CommandRunner } from 'nest-commander';
import { DatabaseService } from './database.service';

@Command({
  name: 'migrate',
  description: 'apply pending database migrations (also done at start unless MIGRATIONS_RUN_ON_START=false)',
})
export class MigrateCommand extends CommandRunner {
  constructor(private readonly database: DatabaseService) {
    super();
  }

  async run(): Promise<void> {
    const applied = await this.database.migrate();
    process.stdout.write(
      applied.length
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n`
        : 'Schema is up to date.\n',
    );
  }
}
