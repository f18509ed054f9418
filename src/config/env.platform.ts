import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Matches, MaxLength, MinLength } from 'class-validator';
import { toBool, WholeNumber, NonNegativeNumber, httpUrl } from './env-rules';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The variables of the platform under the conversation: runtime, database, OpenAI, WooCommerce and the sync. */
export class PlatformVariables {
  // --- runtime -------------------------------------------------------------------------------------------------
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @WholeNumber(0, 65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @WholeNumber(100, 600_000)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @IsString()
  LOG_DIR?: string;

  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: 'json' | 'pretty';

  // --- database --------------------------------------------------------------------------------------------------
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, {
    message: 'DATABASE_URL must look like postgresql://user:pass@host:5432/db',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @WholeNumber(1, 200)
  DATABASE_POOL_SIZE?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  MIGRATIONS_RUN_ON_START?: boolean;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  LOAD_DEMO_CATALOG?: boolean;

  // --- OpenAI (or any compatible server) -------------------------------------------------------------------------
  @IsOptional()
  @IsString()
  @MinLength(1)
  OPENAI_API_KEY?: string;

  @IsOptional()
  @IsUrl(httpUrl, { message: 'OPENAI_BASE_URL must be an http(s) URL such as https://api.openai.com/v1' })
  OPENAI_BASE_URL?: string;

  @IsOptional()
  @IsString()
  OPENAI_CHAT_MODEL?: string;

  @IsOptional()
  @IsString()
  OPENAI_EMBEDDING_MODEL?: string;

  @IsOptional()
  @WholeNumber(16, 4000)
  EMBEDDING_DIMENSIONS?: number;

  @IsOptional()
  @WholeNumber(1000, 600_000)
  OPENAI_TIMEOUT_MS?: number;

  @IsOptional()
  @WholeNumber(0, 10)
  OPENAI_MAX_RETRIES?: number;

  @IsOptional()
  @WholeNumber(1, 10)
  OPENAI_MAX_TOOL_ROUNDS?: number;

  @IsOptional()
  @WholeNumber(500, 200_000)
  OPENAI_CONTEXT_TOKEN_BUDGET?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  OPENAI_VISION?: boolean;

  @IsOptional()
  @NonNegativeNumber()
  OPENAI_PRICE_INPUT_PER_MTOK?: number;

  @IsOptional()
  @NonNegativeNumber()
  OPENAI_PRICE_OUTPUT_PER_MTOK?: number;

  // --- WooCommerce -----------------------------------------------------------------------------------------------
  @IsOptional()
  @IsUrl(httpUrl, { message: 'WOOCOMMERCE_URL must be the store address, e.g. https://shop.example.com' })
  WOOCOMMERCE_URL?: string;

  @IsOptional()
  @IsString()
  WOOCOMMERCE_KEY?: string;

  @IsOptional()
  @IsString()
  WOOCOMMERCE_SECRET?: string;

  @IsOptional()
  @IsIn(['basic', 'query'])
  WOOCOMMERCE_AUTH_MODE?: 'basic' | 'query';

  @IsOptional()
  @WholeNumber(500, 300_000)
  WOOCOMMERCE_TIMEOUT_MS?: number;

  @IsOptional()
  @WholeNumber(200, 60_000)
  WOOCOMMERCE_LIVE_TIMEOUT_MS?: number;

  @IsOptional()
  @WholeNumber(1, 16)
  WOOCOMMERCE_CONCURRENCY?: number;

  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9]{16,}$/, {
    message:
      'WOOCOMMERCE_WEBHOOK_SECRET must be at least 16 letters and digits (WooCommerce decodes HTML entities in secrets before signing)',
  })
  WOOCOMMERCE_WEBHOOK_SECRET?: string;

  // --- catalog sync ----------------------------------------------------------------------------------------------
  @IsOptional()
  @WholeNumber(0, 10_080)
  SYNC_INTERVAL_MINUTES?: number;

  @IsOptional()
  @WholeNumber(0, 720)
  SYNC_FULL_EVERY_HOURS?: number;

  @IsOptional()
  @WholeNumber(1, 2048)
  EMBEDDING_BATCH_SIZE?: number;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  APP_NAME?: string;
}
