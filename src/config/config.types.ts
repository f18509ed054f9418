/** The typed configuration objects `loadConfig` builds from the environment. */

import type { LogLevel } from './env.schema';

export interface DatabaseConfig {
  /** PostgreSQL URL; undefined means the embedded PGlite database under `dataDir`. */
  url: string | undefined;
  /** Folder of the embedded database and its lock; `:memory:` keeps it in memory (tests). */
  dataDir: string;
  poolSize: number;
  runMigrationsOnStart: boolean;
  loadDemoCatalog: boolean;
}

export interface OpenAiConfig {
  apiKey: string | undefined;
  baseUrl: string | undefined;
  chatModel: string;
  embeddingModel: string;
  embeddingDimensions: number;
  timeoutMs: number;
  maxRetries: number;
  maxToolRounds: number;
  contextTokenBudget: number;
  vision: boolean;
  priceInputPerMTok: number;
  priceOutputPerMTok: number;
  /** LLM_PRICES: per-model prices (USD per million tokens); models not listed use the two prices above. */
  prices: Record<string, { input: number; output: number }>;
  /** LLM_MONTHLY_BUDGET_USD; null = no cap. */
  monthlyBudgetUsd: number | null;
}

export interface WooCommerceConfig {
  url: string | undefined;
  key: string | undefined;
  secret: string | undefined;
  authMode: 'basic' | 'query';
  timeoutMs: number;
  liveTimeoutMs: number;
  concurrency: number;
  /** Shared secret of the store's product webhooks; unset = `POST /api/woocommerce-webhook` refuses deliveries. */
  webhookSecret: string | undefined;
}

export interface SupportBoardConfig {
  apiUrl: string | undefined;
  apiToken: string | undefined;
  botUserId: string | undefined;
  agentIds: string[];
  webhookSecret: string | undefined;
  timeoutMs: number;
}

export interface WhatsAppConfig {
  token: string | undefined;
  phoneNumberId: string | undefined;
  defaultCountryCode: string;
  graphApiUrl: string;
  apiVersion: string;
  timeoutMs: number;
}

export interface ConversationConfig {
  humanTakeoverPauseMinutes: number;
  replyQuietWindowMs: number;
  replyConcurrency: number;
  /** How long transient delivery failures are retried before the reply is given up and the agents told. */
  replyRetryWindowMs: number;
  replyRetryBaseMs: number;
  replyRetryMaxDelayMs: number;
  /** How often an idle worker looks for due jobs (work enqueued by this process wakes it at once). */
  jobPollMs: number;
  webhookBodyLimitBytes: number;
  storeProfilePath: string | undefined;
  synonymsPath: string | undefined;
}

/** The webhook's promises under faults: acknowledged within 2 s, never lost, lost ones caught up. */
export interface IntakeConfig {
  /** Longest the webhook waits for the database before spooling the event to disk. */
  databaseBudgetMs: number;
  spoolDir: string;
  /** Pause between attempts to drain the spool while the database is away. */
  spoolRetryMs: number;
  /** Seconds between reconciliations with Support Board; 0 turns them off. */
  reconcileIntervalSeconds: number;
  reconcileLookbackMinutes: number;
}

export interface SyncConfig {
  intervalMinutes: number;
  fullEveryHours: number;
  embeddingBatchSize: number;
}

export interface AdminConfig {
  /** Unset: the console is off (on the embedded demo database a generated one is kept under DATA_DIR). */
  password: string | undefined;
  sessionHours: number;
  /** Behind a reverse proxy: take the client address and https from X-Forwarded-For/-Proto. */
  trustProxy: boolean;
}

export interface LogConfig {
  level: LogLevel;
  /** Folder for app.log and sync.log; empty disables file logs. */
  dir: string;
  format: 'json' | 'pretty';
}
