import { Logger, Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { DatabaseService } from '../database/database.service';
import { OrdersModule } from '../orders/orders.module';
import { Answerer } from './answerer';
import { ProductTools } from './product-tools';
import { AssistantService } from './assistant.service';
import { CatalogProductTools } from './catalog-product-tools';
import { OfflineAssistant } from './offline-assistant';
import { OpenAiAssistant } from './openai-assistant';
import { OpenAiChatClient } from './openai-chat.client';
import { DialogueStateRepository } from './dialogue/dialogue-state.repository';
import { catalogFromStore } from './catalog-origin';
import { LlmBudget } from './llm-budget.service';
import { AfterHours } from './after-hours';
import { LlmSpendRepository } from './llm-spend.repository';
import { chooseStoreProfile, STORE_PROFILE } from './store-profile';

/** The assistant that answers customers: OpenAI tool loop with grounding guard, offline assistant as fallback. */
@Module({
  imports: [CatalogModule, OrdersModule],
  providers: [
    {
      provide: STORE_PROFILE,
      inject: [AppConfig, DatabaseService],
      useFactory: async (config: AppConfig, database: DatabaseService) => {
        const { profile, warning } = chooseStoreProfile({
          storeProfilePath: config.conversation.storeProfilePath,
          woocommerceConfigured: Boolean(config.woocommerce.url),
          catalogFromStore: await catalogFromStore(database),
        });
        if (warning) new Logger('StoreProfile').warn(warning);
        return profile;
      },
    },
    DialogueStateRepository,
    Clock,
    LlmSpendRepository,
    LlmBudget,
    AfterHours,
    { provide: ProductTools, useClass: CatalogProductTools },
    OpenAiChatClient,
    OfflineAssistant,
    OpenAiAssistant,
    AssistantService,
    { provide: Answerer, useExisting: AssistantService },
  ],
  exports: [Answerer, AssistantService, ProductTools, STORE_PROFILE, Clock, LlmBudget],
})
export class AssistantModule {}
