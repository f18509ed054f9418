import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUrl, Matches, MinLength } from 'class-validator';
import { toBool, WholeNumber, NonNegativeNumber, httpUrl } from './env-rules';
import { PlatformVariables } from './env.platform';

export { LOG_LEVELS, type LogLevel } from './env.platform';

/**
 * The process environment as Namwoo accepts it. Every variable the app reads is declared here or in
 * `PlatformVariables` (env.platform.ts), which this extends, and nowhere else; `.env.example` documents each one. Empty strings count as "not set" (see `loadConfig`).
 */
export class EnvironmentVariables extends PlatformVariables {
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
