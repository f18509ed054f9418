import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { AssistantModule } from '../assistant/assistant.module';
import { PauseModule } from '../pause/pause.module';
import { SupportBoardModule } from '../support-board/support-board.module';
import { SyncModule } from '../sync/sync.module';
import { AdminAuthController } from './admin-auth.controller';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminAuthService } from './admin-auth.service';
import { AdminCatalogService } from './admin-catalog.service';
import { AdminConversationsService } from './admin-conversations.service';
import { AdminOverviewService } from './admin-overview.service';
import { AdminPagesController } from './admin-pages.controller';
import { AdminPlaygroundService } from './admin-playground.service';
import { AdminProfileService } from './admin-profile.service';
import { AdminSessionRepository } from './admin-session.repository';
import { AdminToolsController } from './admin-tools.controller';
import { AdminRepository } from './admin.repository';

/** The store console at /admin: server-rendered pages over the same services the bot and the CLI use. */
@Module({
  imports: [CatalogModule, SyncModule, PauseModule, SupportBoardModule, AssistantModule],
  controllers: [AdminAuthController, AdminPagesController, AdminToolsController],
  providers: [
    AdminAuthService,
    AdminAuthGuard,
    AdminSessionRepository,
    AdminRepository,
    AdminOverviewService,
    AdminConversationsService,
    AdminCatalogService,
    AdminPlaygroundService,
    AdminProfileService,
  ],
})
export class AdminModule {}
