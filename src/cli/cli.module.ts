import { DynamicModule, Module } from '@nestjs/common';
import { DOMAIN_MODULES } from '../app.module';
import type { AppConfig } from '../config/app-config';
import { ConfigModule } from '../config/config.module';
import { DatabaseModule } from '../database/database.module';
import { DbCommand } from '../database/db.command';
import { MigrateCommand } from '../database/migrate.command';
import { PauseCommand, PausesCommand, ResumeCommand } from '../pause/pause.commands';
import { SearchCommand } from '../catalog/search.command';
import { AssistantModule } from '../assistant/assistant.module';
import { ChatCommand } from '../assistant/chat.command';
import { SyncCommand } from '../sync/sync.command';

/** The CLI's root: the same providers as the HTTP app (no HTTP, no cron), plus the commands. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ allowEmbeddedClient: true }),
        ...DOMAIN_MODULES,
        AssistantModule,
      ],
      providers: [
        PauseCommand,
        ResumeCommand,
        PausesCommand,
        MigrateCommand,
        DbCommand,
        SearchCommand,
        ChatCommand,
        SyncCommand,
      ],
    };
  }
}
