import { DynamicModule, Module, type Type } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { AdminModule } from './admin/admin.module';
import { CatalogModule } from './catalog/catalog.module';
import { ConversationModule } from './conversation/conversation.module';
import { DatabaseModule } from './database/database.module';
import { PauseModule } from './pause/pause.module';
import { SupportBoardModule } from './support-board/support-board.module';
import { SyncModule } from './sync/sync.module';
import { WebhookModule } from './webhook/webhook.module';
import { WhatsAppModule } from './whatsapp/whatsapp.module';
import { WooCommerceModule } from './woocommerce/woocommerce.module';

/** The domain modules, shared by the HTTP app and the CLI. */
export const DOMAIN_MODULES: Type[] = [
  CatalogModule,
  WooCommerceModule,
  SyncModule,
  PauseModule,
  SupportBoardModule,
  WhatsAppModule,
  ConversationModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot({ allowEmbeddedClient: false }),
        ScheduleModule.forRoot(),
        ...DOMAIN_MODULES,
        WebhookModule,
        AdminModule,
      ],
    };
  }
}
