import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('loadConfig', () => {
  it('runs with nothing configured: embedded database, integrations off', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toBe('./data');
    expect(config.isWooCommerceConfigured).toBe(false);
    expect(config.isOpenAiConfigured).toBe(false);
    expect(config.openai.chatModel).toBe('gpt-4o-mini');
    expect(config.whatsapp.graphApiUrl).toBe('https://graph.facebook.com');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'notaport',
        LOG_LEVEL: 'loud',
        DATABASE_URL: 'mysql://x',
        WOOCOMMERCE_URL: 'https://shop.example.com',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('PORT');
    expect(message).toContain('LOG_LEVEL');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('WOOCOMMERCE_KEY and WOOCOMMERCE_SECRET are required');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('parses numbers, lists and booleans and treats empty values as unset', () => {
    const config = loadConfig({
      PORT: '8080',
      SUPPORT_BOARD_AGENT_IDS: '1, 5,12',
      MIGRATIONS_RUN_ON_START: 'false',
      OPENAI_API_KEY: '',
      WOOCOMMERCE_URL: 'https://shop.example.com/',
      WOOCOMMERCE_KEY: 'ck_x',
      WOOCOMMERCE_SECRET: 'cs_x',
    });
    expect(config.port).toBe(8080);
    expect(config.supportBoard.agentIds).toEqual(['1', '5', '12']);
    expect(config.database.runMigrationsOnStart).toBe(false);
    expect(config.isOpenAiConfigured).toBe(false);
    expect(config.woocommerce.url).toBe('https://shop.example.com');
  });

  it('writes log files to ./logs unless LOG_DIR is off (empty means the default, like every variable)', () => {
    expect(loadConfig({ LOG_DIR: '' }).log.dir).toBe('./logs');
    expect(loadConfig({ LOG_DIR: 'off' }).log.dir).toBe('');
  });

  it('stops on a renamed variable instead of ignoring it, and says the new name', () => {
    expect(() => loadConfig({ WHATSAPP_TEMPLATE_NAME: 'seguimiento' })).toThrow(
      'WHATSAPP_TEMPLATE_NAME was renamed to WHATSAPP_REENGAGEMENT_TEMPLATE',
    );
    expect(
      loadConfig({ WHATSAPP_TEMPLATE_NAME: 'viejo', WHATSAPP_REENGAGEMENT_TEMPLATE: 'seguimiento' })
        .messaging,
    ).toBeDefined();
  });

  it('never echoes secret values in its message', () => {
    expect(() => loadConfig({ OPENAI_API_KEY: 'sk-secret', OPENAI_BASE_URL: 'not a url' })).toThrow(
      /OPENAI_BASE_URL/,
    );
    try {
      loadConfig({ WHATSAPP_PHONE_NUMBER_ID: 'abc', WHATSAPP_CLOUD_API_TOKEN: 'EAAG-secret' });
    } catch (e) {
      expect((e as Error).message).not.toContain('EAAG-secret');
    }
  });
});
