import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

/**
 * The process environment as Namwoo accepts it. Every variable the app reads is declared here and nowhere else;
 * `.env.example` documents each one. Empty strings count as "not set" (see `loadConfig`).
 */

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
/**
 * A whole number within [min, max]. One message for a word ("abc"), a fraction and an out-of-range value alike, so
 * the operator reads the allowed range whatever went wrong (class-validator's own messages for `Min`/`Max` would say
 * "must not be greater than 65535" about the word "abc").
 */
function WholeNumber(min: number, max: number): PropertyDecorator {
  const message = `$property must be a whole number between ${min} and ${max}`;
  const decorators = [Transform(toInt), IsInt({ message }), Min(min, { message }), Max(max, { message })];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

function NonNegativeNumber(): PropertyDecorator {
  const message = '$property must be a number of 0 or more, e.g. 0.15';
  const decorators = [Transform(toNumber), IsNumber({}, { message }), Min(0, { message })];
  return (target, key) => decorators.forEach((d) => d(target, key));
}

const httpUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class EnvironmentVariables {
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

  // --- Support Board ---------------------------------------------------------------------------------------------
  @IsOptional()
  @IsUrl(httpUrl, { message: 'SUPPORT_BOARD_API_URL must be the full URL of include/api.php' })
  SUPPORT_BOARD_API_URL?: string;

  @IsOptional()
  @IsString()
  SUPPORT_BOARD_API_TOKEN?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'SUPPORT_BOARD_BOT_USER_ID must be the numeric id of the bot user' })
  SUPPORT_BOARD_BOT_USER_ID?: string;

  @IsOptional()
  @Matches(/^\s*\d+(\s*,\s*\d+)*\s*$/, {
    message: 'SUPPORT_BOARD_AGENT_IDS must be a comma list of numeric ids',
  })
  SUPPORT_BOARD_AGENT_IDS?: string;

  @IsOptional()
  @IsString()
  SUPPORT_BOARD_WEBHOOK_SECRET?: string;

  @IsOptional()
  @WholeNumber(500, 120_000)
  SUPPORT_BOARD_TIMEOUT_MS?: number;

  // --- WhatsApp Cloud API ----------------------------------------------------------------------------------------
  @IsOptional()
  @IsString()
  WHATSAPP_CLOUD_API_TOKEN?: string;

  @IsOptional()
  @Matches(/^\d+$/, { message: 'WHATSAPP_PHONE_NUMBER_ID must be the numeric phone-number id from Meta' })
  WHATSAPP_PHONE_NUMBER_ID?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'WHATSAPP_DEFAULT_COUNTRY_CODE must be 1-3 digits, e.g. 58' })
  WHATSAPP_DEFAULT_COUNTRY_CODE?: string;

  @IsOptional()
  @IsUrl(httpUrl, { message: 'WHATSAPP_GRAPH_API_URL must be an http(s) URL' })
  WHATSAPP_GRAPH_API_URL?: string;

  @IsOptional()
  @Matches(/^v\d+\.\d+$/, { message: 'WHATSAPP_API_VERSION must look like v25.0' })
  WHATSAPP_API_VERSION?: string;

  @IsOptional()
  @WholeNumber(500, 120_000)
  WHATSAPP_TIMEOUT_MS?: number;

  // --- conversation behaviour ------------------------------------------------------------------------------------
  @IsOptional()
  @WholeNumber(1, 43_200)
  HUMAN_TAKEOVER_PAUSE_MINUTES?: number;

  @IsOptional()
  @WholeNumber(0, 60_000)
  REPLY_QUIET_WINDOW_MS?: number;

  @IsOptional()
  @WholeNumber(1, 64)
  REPLY_CONCURRENCY?: number;

  @IsOptional()
  @WholeNumber(1024, 10_485_760)
  WEBHOOK_BODY_LIMIT_BYTES?: number;

  // --- webhook intake under faults (spool, reconciliation) --------------------------------------------------------
  @IsOptional()
  @WholeNumber(50, 6_000)
  WEBHOOK_DATABASE_BUDGET_MS?: number;

  @IsOptional()
  @IsString()
  WEBHOOK_SPOOL_DIR?: string;

  @IsOptional()
  @WholeNumber(50, 600_000)
  WEBHOOK_SPOOL_RETRY_MS?: number;

  @IsOptional()
  @WholeNumber(0, 86_400)
  SB_RECONCILE_INTERVAL_SECONDS?: number;

  @IsOptional()
  @WholeNumber(1, 10_080)
  SB_RECONCILE_LOOKBACK_MINUTES?: number;

  @IsOptional()
  @WholeNumber(1, 86_400)
  REPLY_RETRY_WINDOW_SECONDS?: number;

  @IsOptional()
  @WholeNumber(10, 600_000)
  REPLY_RETRY_BASE_MS?: number;

  @IsOptional()
  @WholeNumber(10, 3_600_000)
  REPLY_RETRY_MAX_DELAY_MS?: number;

  @IsOptional()
  @WholeNumber(10, 10_000)
  JOB_POLL_MS?: number;

  @IsOptional()
  @IsString()
  STORE_PROFILE_PATH?: string;

  @IsOptional()
  @IsString()
  SYNONYMS_PATH?: string;

  // --- store console (/admin) -----------------------------------------------------------------------------------
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must have at least 8 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @WholeNumber(1, 720)
  ADMIN_SESSION_HOURS?: number;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY?: boolean;

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

  // --- customer-service window and product photos -------------------------------------------
  @IsOptional()
  @IsString()
  WHATSAPP_REENGAGEMENT_TEMPLATE?: string;

  @IsOptional()
  @Matches(/^[a-z]{2,3}(_[A-Z]{2})?$/, {
    message: 'WHATSAPP_REENGAGEMENT_LANGUAGE must be a template language code such as es, es_MX or en_US',
  })
  WHATSAPP_REENGAGEMENT_LANGUAGE?: string;

  @IsOptional()
  @Matches(
    /^(\s*([a-z_][a-z0-9_]*:)?(first_name|store_name)\s*)(,\s*([a-z_][a-z0-9_]*:)?(first_name|store_name)\s*)*$|^$/,
    {
      message:
        'WHATSAPP_REENGAGEMENT_PARAMETERS must be a comma list of first_name or store_name, each optionally named (customer_name:first_name)',
    },
  )
  WHATSAPP_REENGAGEMENT_PARAMETERS?: string;

  @IsOptional()
  @WholeNumber(0, 720)
  SERVICE_WINDOW_MARGIN_MINUTES?: number;

  @IsOptional()
  @IsIn(['off', 'asked', 'shown'], { message: 'PRODUCT_IMAGES must be off, asked or shown' })
  PRODUCT_IMAGES?: 'off' | 'asked' | 'shown';

  @IsOptional()
  @WholeNumber(200, 60_000)
  PRODUCT_IMAGE_CHECK_TIMEOUT_MS?: number;
  // --- LLM spend cap ---------------------------------------------------------------------------------------------
  @IsOptional()
  @NonNegativeNumber()
  LLM_MONTHLY_BUDGET_USD?: number;

  /** JSON price table per model; checked by `parseLlmPrices` in `loadConfig`. */
  @IsOptional()
  @IsString()
  LLM_PRICES?: string;
}
