import { Injectable, Logger } from '@nestjs/common';
import type { ProductImage } from '../assistant/answerer';
import { AppConfig } from '../config/app-config';
import { SupportBoardClient } from '../support-board/support-board.client';
import { WhatsAppClient } from '../whatsapp/whatsapp.client';
import type { DeliveryTarget } from './delivery.service';
import { DeliveryService } from './delivery.service';

/**
 * Sends a reply's product photo after its text. One attempt, and a failure only costs the photo: the text (with the
 * name and price) has already gone out. Returns the outcome recorded on the reply.
 *
 * - WhatsApp: a Cloud API image message by link with the caption (Support Board's own `whatsapp-send-message` would
 *   drop the caption, support-board.md §7.2), then logged with `send-message` as the bot with the image as an
 *   attachment, so agents see it; `send-message` never delivers, so nothing is sent twice (§7.1, §2.5).
 * - Messenger/Instagram: `send-message` with the attachment as the bot, then `messenger-send-message` with the same
 *   attachment and `metadata` = that id, so Meta's echo is dropped (§2.6, §7.2).
 */
@Injectable()
export class ImageDelivery {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly sb: SupportBoardClient,
    private readonly wa: WhatsAppClient,
    private readonly delivery: DeliveryService,
    private readonly config: AppConfig,
  ) {}

  async send(t: DeliveryTarget, image: ProductImage): Promise<string> {
    try {
      if (t.channel === 'wa') await this.whatsApp(t, image);
      else await this.messenger(t, image);
      this.logger.log({ msg: `product photo delivered on ${t.channel}`, conversationId: t.conversation.id });
      return 'sent';
    } catch (e) {
      const reason = (e as Error).message.slice(0, 300);
      this.logger.warn({
        msg: 'product photo not delivered (the text was)',
        conversationId: t.conversation.id,
        reason,
      });
      return `failed: ${reason}`;
    }
  }

  private async whatsApp(t: DeliveryTarget, image: ProductImage): Promise<void> {
    await this.wa.sendImage({
      phoneNumberId: t.conversation.extra || this.config.whatsapp.phoneNumberId || '',
      to: this.delivery.whatsAppRecipient(t.customer),
      link: image.url,
      caption: image.caption,
    });
    try {
      await this.log(t, image, image.caption);
    } catch (e) {
      // Delivered; only the agents' copy is missing.
      this.logger.warn({
        msg: 'product photo sent but not logged in Support Board',
        conversationId: t.conversation.id,
        reason: (e as Error).message,
      });
    }
  }

  private async messenger(t: DeliveryTarget, image: ProductImage): Promise<void> {
    const psid = t.customer.details.find((d) => d.slug === 'facebook-id')?.value;
    const pageId = t.conversation.extra;
    if (!psid || !pageId) throw new Error('no facebook-id or page id for this customer');
    // No text with the photo: the answer before it already names the product and its price.
    const logged = await this.log(t, image, '');
    const results = await this.sb.messengerSendMessage({
      psid,
      facebookPageId: pageId,
      message: '',
      metadata: logged,
      attachments: [{ name: image.fileName, url: image.url }],
    });
    const failed = results.find((r) => r.error)?.error;
    if (failed) {
      await this.sb.deleteMessage(logged).catch(() => undefined);
      throw new Error(`Graph error ${failed.code ?? '?'}: ${failed.message ?? 'unknown'}`);
    }
  }

  private log(t: DeliveryTarget, image: ProductImage, message: string): Promise<string> {
    return this.sb.sendMessage({
      userId: t.botUserId,
      conversationId: t.conversation.id,
      message,
      attachments: [{ name: image.fileName, url: image.url }],
      conversationStatusCode: t.statusCode,
    });
  }
}
