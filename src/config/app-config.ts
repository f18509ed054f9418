import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { parse as parseDotenv } from 'dotenv';
import { EnvironmentVariables } from './env.schema';
import { messagingConfig, type MessagingConfig } from './messaging-config';
import { parseLlmPrices } from './llm-prices';

import type {
  DatabaseConfig,
  OpenAiConfig,
  WooCommerceConfig,
  SupportBoardConfig,
  WhatsAppConfig,
  ConversationConfig,
  IntakeConfig,
  SyncConfig,
  AdminConfig,
  LogConfig,
} from './config.types';

export type {
  DatabaseConfig,
  OpenAiConfig,
  WooCommerceConfig,
  SupportBoardConfig,
  WhatsAppConfig,
  ConversationConfig,
  IntakeConfig,
  SyncConfig,
  AdminConfig,
  LogConfig,
};

/**
 * The validated configuration, built once at boot by `loadConfig` and injected everywhere as `AppConfig`.
 * Nothing else reads `process.env`.
 */
export class AppConfig {
  readonly env!: 'development' | 'production' | 'test';
  readonly appName!: string;
  readonly port!: number;
  readonly host!: string;
  readonly shutdownTimeoutMs!: number;
  readonly log!: LogConfig;
  readonly database!: DatabaseConfig;
  readonly openai!: OpenAiConfig;
  readonly woocommerce!: WooCommerceConfig;
  readonly supportBoard!: SupportBoardConfig;
  readonly whatsapp!: WhatsAppConfig;
  readonly conversation!: ConversationConfig;
  readonly intake!: IntakeConfig;
  readonly sync!: SyncConfig;
  readonly admin!: AdminConfig;
  readonly messaging!: MessagingConfig;

  constructor(values: AppConfigValues) {
    Object.assign(this, values);
  }

  get isWooCommerceConfigured(): boolean {
    return Boolean(this.woocommerce.url && this.woocommerce.key && this.woocommerce.secret);
  }

  get isOpenAiConfigured(): boolean {
    return Boolean(this.openai.apiKey);
  }

  get isSupportBoardConfigured(): boolean {
    return Boolean(this.supportBoard.apiUrl && this.supportBoard.apiToken);
  }

  get isWhatsAppConfigured(): boolean {
    return Boolean(this.whatsapp.token && this.whatsapp.phoneNumberId);
  }
}

/** The plain values of `AppConfig` (without its derived getters). */
export type AppConfigValues = Omit<
  AppConfig,
  'isWooCommerceConfigured' | 'isOpenAiConfigured' | 'isSupportBoardConfigured' | 'isWhatsAppConfigured'
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Reads `.env` (when present) under the real environment: variables already set win, as with dotenv. */
export function readEnvironment(processEnv: Env, cwd = process.cwd()): Env {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseDotenv(readFileSync(file)) : {};
  return { ...fromFile, ...processEnv };
}

/** One line per bad variable, quoting the value as written (numbers are already converted in `errors`). */
function describe(errors: ValidationError[], raw: Record<string, string>): string[] {
  return errors.flatMap((e) => {
    const reasons = Object.values(e.constraints ?? {});
    const value = raw[e.property];
    const shown = value !== undefined && !/(KEY|TOKEN|SECRET|PASSWORD)$/.test(e.property) ? value : '…';
    return reasons.length ? [`${e.property}=${JSON.stringify(shown)}: ${reasons.join('; ')}`] : [];
  });
}

const trimOrUndefined = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

/**
 * The spool lives beside the embedded database (DATA_DIR exists for PostgreSQL deployments too); an in-memory
 * database (tests) still spools to a real folder, one per process.
 */
function defaultSpoolDir(dataDir: string): string {
  return dataDir === ':memory:'
    ? join(tmpdir(), `namwoo-spool-${process.pid}`)
    : join(dataDir, 'webhook-spool');
}

/** Variables an earlier version read: set alone, they would be ignored in silence (the template never sent). */
const RENAMED: Record<string, string> = {
  WHATSAPP_TEMPLATE_NAME: 'WHATSAPP_REENGAGEMENT_TEMPLATE',
  WHATSAPP_TEMPLATE_LANGUAGE: 'WHATSAPP_REENGAGEMENT_LANGUAGE',
};

/** Validates the environment once; throws `ConfigError` listing every bad variable. */
export function loadConfig(rawEnv: Env = readEnvironment(process.env)): AppConfig {
  const known: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawEnv)) {
    const value = trimOrUndefined(v);
    if (value !== undefined) known[k] = value;
  }
  const env = plainToInstance(EnvironmentVariables, known, { excludeExtraneousValues: false });
  const errors = validateSync(env, { forbidUnknownValues: false, stopAtFirstError: true });
  const problems = describe(errors, known);

  if (env.WOOCOMMERCE_URL && !(env.WOOCOMMERCE_KEY && env.WOOCOMMERCE_SECRET)) {
    problems.push('WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET are required when WOOCOMMERCE_URL is set');
  }
  if (env.SUPPORT_BOARD_API_URL && !env.SUPPORT_BOARD_API_TOKEN) {
    problems.push('SUPPORT_BOARD_API_TOKEN is required when SUPPORT_BOARD_API_URL is set (an admin token)');
  }
  if (env.WHATSAPP_CLOUD_API_TOKEN && !env.WHATSAPP_PHONE_NUMBER_ID) {
    // The conversation's details.extra usually names the number; the configured one is the fallback.
    // Not an error: recorded here so the decision is visible.
  }
  for (const [old, now] of Object.entries(RENAMED)) {
    if (known[old] && !known[now]) problems.push(`${old} was renamed to ${now}: rename it in your .env`);
  }
  const llmPrices = parseLlmPrices(env.LLM_PRICES);
  problems.push(...llmPrices.problems);
  if (problems.length) throw new ConfigError(problems);

  const nodeEnv = env.NODE_ENV ?? 'development';
  const embeddingModel = env.OPENAI_EMBEDDING_MODEL ?? 'text-embedding-3-small';
  return new AppConfig({
    env: nodeEnv,
    appName: env.APP_NAME ?? 'namwoo',
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS ?? 10_000,
    log: {
      level: env.LOG_LEVEL ?? 'info',
      // Empty counts as unset like every variable, so "no files" needs a word of its own.
      dir: env.LOG_DIR === 'off' ? '' : (env.LOG_DIR ?? './logs'),
      format: env.LOG_FORMAT ?? (nodeEnv === 'development' && process.stdout.isTTY ? 'pretty' : 'json'),
    },
    database: {
      url: env.DATABASE_URL,
      dataDir: env.DATA_DIR ?? './data',
      poolSize: env.DATABASE_POOL_SIZE ?? 10,
      runMigrationsOnStart: env.MIGRATIONS_RUN_ON_START ?? true,
      loadDemoCatalog:
        env.LOAD_DEMO_CATALOG ?? (!env.DATABASE_URL && !env.WOOCOMMERCE_URL && nodeEnv !== 'test'),
    },
    openai: {
      apiKey: env.OPENAI_API_KEY,
      baseUrl: env.OPENAI_BASE_URL,
      chatModel: env.OPENAI_CHAT_MODEL ?? 'gpt-4o-mini',
      embeddingModel,
      embeddingDimensions: env.EMBEDDING_DIMENSIONS ?? (env.OPENAI_API_KEY ? 1536 : 384),
      timeoutMs: env.OPENAI_TIMEOUT_MS ?? 60_000,
      maxRetries: env.OPENAI_MAX_RETRIES ?? 2,
      maxToolRounds: env.OPENAI_MAX_TOOL_ROUNDS ?? 4,
      contextTokenBudget: env.OPENAI_CONTEXT_TOKEN_BUDGET ?? 6000,
      vision: env.OPENAI_VISION ?? true,
      priceInputPerMTok: env.OPENAI_PRICE_INPUT_PER_MTOK ?? 0.15,
      priceOutputPerMTok: env.OPENAI_PRICE_OUTPUT_PER_MTOK ?? 0.6,
      prices: llmPrices.prices,
      monthlyBudgetUsd: env.LLM_MONTHLY_BUDGET_USD ?? null,
    },
    woocommerce: {
      url: env.WOOCOMMERCE_URL?.replace(/\/+$/, ''),
      key: env.WOOCOMMERCE_KEY,
      secret: env.WOOCOMMERCE_SECRET,
      authMode: env.WOOCOMMERCE_AUTH_MODE ?? 'basic',
      timeoutMs: env.WOOCOMMERCE_TIMEOUT_MS ?? 30_000,
      liveTimeoutMs: env.WOOCOMMERCE_LIVE_TIMEOUT_MS ?? 4_000,
      concurrency: env.WOOCOMMERCE_CONCURRENCY ?? 4,
      webhookSecret: env.WOOCOMMERCE_WEBHOOK_SECRET,
    },
    supportBoard: {
      apiUrl: env.SUPPORT_BOARD_API_URL,
      apiToken: env.SUPPORT_BOARD_API_TOKEN,
      botUserId: env.SUPPORT_BOARD_BOT_USER_ID,
      agentIds: (env.SUPPORT_BOARD_AGENT_IDS ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      webhookSecret: env.SUPPORT_BOARD_WEBHOOK_SECRET,
      timeoutMs: env.SUPPORT_BOARD_TIMEOUT_MS ?? 20_000,
    },
    whatsapp: {
      token: env.WHATSAPP_CLOUD_API_TOKEN,
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID,
      defaultCountryCode: env.WHATSAPP_DEFAULT_COUNTRY_CODE ?? '58',
      graphApiUrl: (env.WHATSAPP_GRAPH_API_URL ?? 'https://graph.facebook.com').replace(/\/+$/, ''),
      apiVersion: env.WHATSAPP_API_VERSION ?? 'v25.0',
      timeoutMs: env.WHATSAPP_TIMEOUT_MS ?? 15_000,
    },
    conversation: {
      humanTakeoverPauseMinutes: env.HUMAN_TAKEOVER_PAUSE_MINUTES ?? 120,
      replyQuietWindowMs: env.REPLY_QUIET_WINDOW_MS ?? 2_500,
      replyConcurrency: env.REPLY_CONCURRENCY ?? 4,
      replyRetryWindowMs: (env.REPLY_RETRY_WINDOW_SECONDS ?? 900) * 1000,
      replyRetryBaseMs: env.REPLY_RETRY_BASE_MS ?? 2_000,
      replyRetryMaxDelayMs: env.REPLY_RETRY_MAX_DELAY_MS ?? 30_000,
      jobPollMs: env.JOB_POLL_MS ?? 500,
      webhookBodyLimitBytes: env.WEBHOOK_BODY_LIMIT_BYTES ?? 256 * 1024,
      storeProfilePath: env.STORE_PROFILE_PATH,
      synonymsPath: env.SYNONYMS_PATH,
    },
    intake: {
      databaseBudgetMs: env.WEBHOOK_DATABASE_BUDGET_MS ?? 1_500,
      spoolDir: env.WEBHOOK_SPOOL_DIR ?? defaultSpoolDir(env.DATA_DIR ?? './data'),
      spoolRetryMs: env.WEBHOOK_SPOOL_RETRY_MS ?? 2_000,
      reconcileIntervalSeconds: env.SB_RECONCILE_INTERVAL_SECONDS ?? 120,
      reconcileLookbackMinutes: env.SB_RECONCILE_LOOKBACK_MINUTES ?? 60,
    },
    admin: {
      password: env.ADMIN_PASSWORD,
      sessionHours: env.ADMIN_SESSION_HOURS ?? 12,
      trustProxy: env.TRUST_PROXY ?? false,
    },
    sync: {
      intervalMinutes: env.SYNC_INTERVAL_MINUTES ?? 60,
      fullEveryHours: env.SYNC_FULL_EVERY_HOURS ?? 24,
      embeddingBatchSize: env.EMBEDDING_BATCH_SIZE ?? 256,
    },
    messaging: messagingConfig(env),
  });
}
