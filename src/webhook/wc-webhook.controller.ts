import { Controller, Headers, HttpCode, Logger, Post, Req, type RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { AppError } from '../common/app-error';
import { ProductRefreshQueue } from '../sync/product-refresh.queue';
import { decideProductWebhook } from '../sync/product-webhook';
import { isValidWcSignature, isWcPing } from './wc-webhook-signature';

export type WcWebhookAction = 'ping' | 'queued' | 'ignored_topic' | 'ignored_no_product_id';

/**
 * `POST /api/woocommerce-webhook`: WooCommerce's product webhooks. Verifies the signature, queues a refresh of the
 * product and answers at once; the job reads the product from the store (the body is only a hint). WooCommerce
 * never retries a failed delivery, so anything that is not our fault gets 200, and the periodic sync stays the
 * safety net for deliveries that never came.
 */
@Controller('woocommerce-webhook')
export class WcWebhookController {
  private readonly logger = new Logger('WcWebhook');
  private warnedNoSecret = false;

  constructor(
    private readonly queue: ProductRefreshQueue,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(
    @Req() req: RawBodyRequest<Request>,
    @Headers('x-wc-webhook-topic') topic: string | undefined,
    @Headers('x-wc-webhook-signature') signature: string | undefined,
  ): Promise<{ ok: true; action: WcWebhookAction }> {
    const body: unknown = req.body;
    if (!topic && !signature && isWcPing(body, req.rawBody)) return { ok: true, action: 'ping' };
    const secret = this.config.woocommerce.webhookSecret;
    if (!secret) {
      if (!this.warnedNoSecret) {
        this.warnedNoSecret = true;
        this.logger.warn(
          'a WooCommerce webhook delivery was refused: WOOCOMMERCE_WEBHOOK_SECRET is not set (see docs/sync.md)',
        );
      }
      throw new AppError('unauthorized', 'webhook deliveries are not accepted: no secret is configured');
    }
    if (!req.rawBody || !isValidWcSignature(req.rawBody, signature, secret)) {
      throw new AppError('unauthorized', 'missing or wrong X-WC-Webhook-Signature');
    }
    const decision = decideProductWebhook(topic ?? '', body);
    if (decision.action === 'ignore') {
      this.logger.log({ msg: `webhook ignored (${decision.reason})`, topic: topic ?? null });
      return { ok: true, action: decision.reason === 'topic' ? 'ignored_topic' : 'ignored_no_product_id' };
    }
    await this.queue.enqueue(decision.productId);
    this.logger.log({ msg: 'product refresh queued', topic, productId: decision.productId });
    return { ok: true, action: 'queued' };
  }
}
