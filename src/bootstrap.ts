import { createServer } from 'node:net';
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
    // Keeps each parsed body's bytes as `req.rawBody`: WooCommerce signs the exact bytes it sent.
    rawBody: true,
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

/**
 * Fails with one plain sentence when the HTTP port cannot be bound, before the database is opened and migrated:
 * otherwise Nest logs "successfully started" and its own error line before the failure.
 */
export async function assertPortAvailable(port: number, host: string): Promise<void> {
  const problem = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    const probe = createServer();
    probe.once('error', resolve);
    probe.listen(port, host, () => probe.close(() => resolve(null)));
  });
  if (!problem) return;
  if (problem.code === 'EADDRINUSE') {
    throw new Error(
      `port ${port} on ${host} is already in use (another Namwoo or another program): stop it or set PORT to a free port`,
    );
  }
  if (problem.code === 'EACCES') {
    throw new Error(
      `not allowed to listen on port ${port}: ports below 1024 need privileges; use e.g. PORT=3000 behind a reverse proxy`,
    );
  }
  throw new Error(`cannot listen on ${host}:${port}: ${problem.message}`);
}
