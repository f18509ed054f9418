import { Logger, RequestMethod, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import { correlationMiddleware } from './common/correlation.middleware';

/** Builds the HTTP app exactly as `main.ts` serves it; tests use it too. Does not listen. */
export async function createApp(
  config: AppConfig,
  logger: LoggerService | false,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger,
    abortOnError: false,
    bodyParser: false,
  });
  app.use(correlationMiddleware);
  app.useBodyParser('json', { limit: config.conversation.webhookBodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.conversation.webhookBodyLimitBytes, extended: true });
  // The store console lives at /admin, beside the API (see src/admin).
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'admin', method: RequestMethod.ALL },
      { path: 'admin/{*rest}', method: RequestMethod.ALL },
    ],
  });
  // Behind a reverse proxy: the client address (login rate limit) and https (Secure cookies) come from X-Forwarded-*.
  if (config.admin.trustProxy) app.set('trust proxy', true);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.disable('x-powered-by');
  return app;
}

/** One log line per integration that is switched off, so an operator sees at a glance what runs. */
export function logIntegrations(config: AppConfig): void {
  const logger = new Logger('Integrations');
  if (!config.isWooCommerceConfigured) {
    logger.log(
      'WooCommerce not configured (WOOCOMMERCE_URL/KEY/SECRET): catalog sync and live look-ups are off',
    );
  }
  if (!config.isOpenAiConfigured) {
    logger.log('OPENAI_API_KEY not set: local embedder and the offline assistant answer');
  }
  if (!config.isSupportBoardConfigured) {
    logger.log(
      'Support Board not configured (SUPPORT_BOARD_API_URL/TOKEN): webhook messages are recorded, no replies are sent',
    );
  }
  if (!config.isWhatsAppConfigured) {
    logger.log(
      'WhatsApp Cloud API not configured (WHATSAPP_CLOUD_API_TOKEN/PHONE_NUMBER_ID): WhatsApp replies are off',
    );
  }
}
