import { getMetadataStorage } from 'class-validator';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { EnvironmentVariables } from '../../src/config/env.schema';

/** The ranges the operator is promised (README, .env.example); a new numeric variable must be added here. */
const WHOLE_NUMBERS: Record<string, [min: number, max: number]> = {
  PORT: [0, 65535],
  SHUTDOWN_TIMEOUT_MS: [100, 600000],
  DATABASE_POOL_SIZE: [1, 200],
  EMBEDDING_DIMENSIONS: [16, 4000],
  OPENAI_TIMEOUT_MS: [1000, 600000],
  OPENAI_MAX_RETRIES: [0, 10],
  OPENAI_MAX_TOOL_ROUNDS: [1, 10],
  OPENAI_CONTEXT_TOKEN_BUDGET: [500, 200000],
  WOOCOMMERCE_TIMEOUT_MS: [500, 300000],
  WOOCOMMERCE_LIVE_TIMEOUT_MS: [200, 60000],
  WOOCOMMERCE_CONCURRENCY: [1, 16],
  SUPPORT_BOARD_TIMEOUT_MS: [500, 120000],
  WHATSAPP_TIMEOUT_MS: [500, 120000],
  HUMAN_TAKEOVER_PAUSE_MINUTES: [1, 43200],
  REPLY_QUIET_WINDOW_MS: [0, 60000],
  REPLY_CONCURRENCY: [1, 64],
  WEBHOOK_BODY_LIMIT_BYTES: [1024, 10485760],
  SYNC_INTERVAL_MINUTES: [0, 10080],
  SYNC_FULL_EVERY_HOURS: [0, 720],
  EMBEDDING_BATCH_SIZE: [1, 2048],
  WEBHOOK_DATABASE_BUDGET_MS: [50, 6000],
  WEBHOOK_SPOOL_RETRY_MS: [50, 600000],
  SB_RECONCILE_INTERVAL_SECONDS: [0, 86400],
  SB_RECONCILE_LOOKBACK_MINUTES: [1, 10080],
  REPLY_RETRY_WINDOW_SECONDS: [1, 86400],
  REPLY_RETRY_BASE_MS: [10, 600000],
  REPLY_RETRY_MAX_DELAY_MS: [10, 3600000],
  JOB_POLL_MS: [10, 10000],
  ADMIN_SESSION_HOURS: [1, 720],
  SERVICE_WINDOW_MARGIN_MINUTES: [0, 720],
  PRODUCT_IMAGE_CHECK_TIMEOUT_MS: [200, 60000],
};
const DECIMALS = ['OPENAI_PRICE_INPUT_PER_MTOK', 'OPENAI_PRICE_OUTPUT_PER_MTOK', 'LLM_MONTHLY_BUDGET_USD'];

function problemsFor(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('numeric configuration messages', () => {
  it('covers every numeric variable the schema declares', () => {
    const numeric = new Set(
      getMetadataStorage()
        .getTargetValidationMetadatas(EnvironmentVariables, '', true, false)
        .filter((m) => m.name === 'isInt' || m.name === 'isNumber')
        .map((m) => m.propertyName),
    );
    expect([...numeric].sort()).toEqual([...Object.keys(WHOLE_NUMBERS), ...DECIMALS].sort());
  });

  describe.each(Object.entries(WHOLE_NUMBERS))('%s', (name, [min, max]) => {
    const expected = `${name} must be a whole number between ${min} and ${max}`;

    it('names the range for a word', () => {
      expect(problemsFor({ [name]: 'soon' })).toEqual([`${name}="soon": ${expected}`]);
    });

    it('names the range and quotes the value when out of range', () => {
      expect(problemsFor({ [name]: String(max + 1) })).toEqual([`${name}="${max + 1}": ${expected}`]);
    });
  });

  describe.each(DECIMALS)('%s', (name) => {
    const expected = `${name} must be a number of 0 or more, e.g. 0.15`;

    it('explains a word', () => {
      expect(problemsFor({ [name]: 'cheap' })).toEqual([`${name}="cheap": ${expected}`]);
    });

    it('explains a negative price', () => {
      expect(problemsFor({ [name]: '-1' })).toEqual([`${name}="-1": ${expected}`]);
    });
  });

  it('accepts the edges of the range', () => {
    expect(loadConfig({ PORT: '65535', SYNC_INTERVAL_MINUTES: '0' }).port).toBe(65535);
  });
});
