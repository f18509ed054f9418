import { Injectable } from '@nestjs/common';
import type { ExternalSystem } from '../common/app-error';
import { integrationHealth, type IntegrationState } from '../common/integration-health';
import { AppConfig } from '../config/app-config';
import { LlmBudget, type BudgetStatus } from '../assistant/llm-budget.service';
import { SyncRunRepository } from '../sync/sync-run.repository';
import type { SyncRun } from '../sync/sync-run.types';
import { AdminRepository, type CatalogStats, type ReplyStats, type UsageTotals } from './admin.repository';

export interface IntegrationView extends IntegrationState {
  name: string;
  configured: boolean;
  /** What runs without it, or which variables turn it on. */
  note: string;
}

export interface Overview {
  integrations: IntegrationView[];
  catalog: CatalogStats;
  lastSync: SyncRun | null;
  last24h: ReplyStats;
  today: UsageTotals;
  month: UsageTotals;
  perHour: { hour: Date; replies: number }[];
  chatModel: string | null;
  /** LLM_MONTHLY_BUDGET_USD and this month's spend; null when no budget is set. */
  budget: BudgetStatus | null;
}

/** What the overview page shows: integrations, catalog, the last day's replies, LLM spend, a week of traffic. */
@Injectable()
export class AdminOverviewService {
  constructor(
    private readonly repository: AdminRepository,
    private readonly syncRuns: SyncRunRepository,
    private readonly config: AppConfig,
    private readonly budget: LlmBudget,
  ) {}

  async overview(): Promise<Overview> {
    const database = await this.database();
    const [catalog, runs, last24h, today, month, perHour, budget] = await Promise.all([
      this.repository.catalogStats(),
      this.syncRuns.latest(1),
      this.repository.replyStats(24),
      this.repository.usageSince('day'),
      this.repository.usageSince('month'),
      this.repository.repliesPerHour(7 * 24),
      this.budget.status(),
    ]);
    return {
      integrations: [database, ...this.externals()],
      catalog,
      lastSync: runs[0] ?? null,
      last24h,
      today,
      month,
      perHour,
      chatModel: this.config.isOpenAiConfigured ? this.config.openai.chatModel : null,
      budget,
    };
  }

  private async database(): Promise<IntegrationView> {
    const embedded = !this.config.database.url;
    const name = embedded ? 'Database (embedded PGlite)' : 'Database (PostgreSQL)';
    try {
      await this.repository.ping();
      return {
        name,
        configured: true,
        note: '',
        lastSuccessAt: new Date(),
        lastErrorAt: null,
        lastError: null,
      };
    } catch (e) {
      return {
        name,
        configured: true,
        note: '',
        lastSuccessAt: null,
        lastErrorAt: new Date(),
        lastError: `${(e as Error).message} — check DATABASE_URL and that the server is up`,
      };
    }
  }

  private externals(): IntegrationView[] {
    const c = this.config;
    const view = (
      system: ExternalSystem,
      name: string,
      configured: boolean,
      off: string,
    ): IntegrationView => ({
      name,
      configured,
      note: configured ? '' : off,
      ...integrationHealth.get(system),
    });
    return [
      view(
        'woocommerce',
        'WooCommerce',
        c.isWooCommerceConfigured,
        'set WOOCOMMERCE_URL, _KEY and _SECRET: no sync or live look-ups',
      ),
      view(
        'support-board',
        'Support Board',
        c.isSupportBoardConfigured,
        'set SUPPORT_BOARD_API_URL and _TOKEN: messages are recorded, not answered',
      ),
      view(
        'whatsapp',
        'WhatsApp Cloud API',
        c.isWhatsAppConfigured,
        'set WHATSAPP_CLOUD_API_TOKEN and _PHONE_NUMBER_ID: no WhatsApp replies',
      ),
      view(
        'openai',
        'OpenAI',
        c.isOpenAiConfigured,
        'set OPENAI_API_KEY: the offline assistant and the local embedder answer',
      ),
    ];
  }
}
