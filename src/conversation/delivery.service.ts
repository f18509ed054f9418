import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { maskPhone } from '../common/logging/redact';
import { SupportBoardClient } from '../support-board/support-board.client';
import type { SbConversation, SbUser } from '../support-board/support-board.types';
import { normaliseWaid } from '../whatsapp/waid';
import { WhatsAppClient } from '../whatsapp/whatsapp.client';
import type { Channel } from '../common/channel';

export interface DeliveryTarget {
  channel: Channel;
  conversation: SbConversation;
  customer: SbUser;
  botUserId: string;
  /** Explicit SB status for the logged message: 1 = answered, 2 = needs an agent (support-board.md §2.5). */
  statusCode: 1 | 2;
}

export interface DeliveryProgress {
  chunksSent: number;
  providerMessageIds: string[];
  sbMessageIds: string[];
}

/**
 * Messenger/Instagram refused the message (Graph `error` element inside SB's success envelope, support-board.md
 * §2.6).
 */
export class MessengerDeliveryError extends ExternalServiceError {
  override name = 'MessengerDeliveryError';
}

/**
 * Delivers an answer on the customer's channel, recording progress after every step so that a retry or a
 * recovery after a crash continues where it stopped instead of sending a piece twice (support-board.md §4).
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger('Delivery');

  constructor(
    private readonly sb: SupportBoardClient,
    private readonly wa: WhatsAppClient,
    private readonly config: AppConfig,
  ) {}

  async deliver(
    target: DeliveryTarget,
    chunks: string[],
    progress: DeliveryProgress,
    save: (p: DeliveryProgress) => Promise<void>,
  ): Promise<DeliveryProgress> {
    switch (target.channel) {
      case 'wa':
        return this.deliverWhatsApp(target, chunks, progress, save);
      case 'ig':
      case 'fb':
        return this.deliverMessenger(target, chunks, progress, save);
    }
  }

  /** WhatsApp: Cloud API first; only a returned wamid gets logged in SB as the bot (support-board.md §4, WhatsApp). */
  private async deliverWhatsApp(
    t: DeliveryTarget,
    chunks: string[],
    start: DeliveryProgress,
    save: (p: DeliveryProgress) => Promise<void>,
  ): Promise<DeliveryProgress> {
    const p = {
      ...start,
      providerMessageIds: [...start.providerMessageIds],
      sbMessageIds: [...start.sbMessageIds],
    };
    const to = this.whatsAppRecipient(t.customer);
    const phoneNumberId = t.conversation.extra || this.config.whatsapp.phoneNumberId;
    if (!phoneNumberId) {
      throw new ExternalServiceError('whatsapp', 'send', 'no phone_number_id for this conversation', {
        retryable: false,
        hint: 'set WHATSAPP_PHONE_NUMBER_ID (the conversation did not name the number it came to)',
      });
    }
    // A crash between Meta's answer and SB's log: the wamid is recorded, so only the log is missing.
    while (p.sbMessageIds.length < p.chunksSent) {
      p.sbMessageIds.push(await this.logAsBot(t, chunks[p.sbMessageIds.length]));
      await save(p);
    }
    while (p.chunksSent < chunks.length) {
      const wamid = await this.wa.sendText({ phoneNumberId, to, body: chunks[p.chunksSent] });
      p.providerMessageIds.push(wamid);
      p.chunksSent += 1;
      await save(p);
      p.sbMessageIds.push(await this.logAsBot(t, chunks[p.chunksSent - 1]));
      await save(p);
    }
    this.logger.log({
      msg: 'answer delivered on WhatsApp',
      conversationId: t.conversation.id,
      to: maskPhone(to),
      wamids: p.providerMessageIds,
    });
    return p;
  }

  /**
   * Messenger/Instagram: `send-message` first, then `messenger-send-message` with `metadata` = that id, so SB drops
   * Meta's echo instead of storing it as admin 1 (which would pause the bot, support-board.md §3 rule 7).
   */
  private async deliverMessenger(
    t: DeliveryTarget,
    chunks: string[],
    start: DeliveryProgress,
    save: (p: DeliveryProgress) => Promise<void>,
  ): Promise<DeliveryProgress> {
    const p = {
      ...start,
      providerMessageIds: [...start.providerMessageIds],
      sbMessageIds: [...start.sbMessageIds],
    };
    const psid = t.customer.details.find((d) => d.slug === 'facebook-id')?.value;
    const pageId = t.conversation.extra;
    if (!psid || !pageId) {
      throw new ExternalServiceError(
        'support-board',
        'get-user',
        'no facebook-id or page id for this customer',
        {
          retryable: false,
          hint: 'the conversation lacks the Messenger/Instagram ids Support Board normally stores',
        },
      );
    }
    while (p.chunksSent < chunks.length) {
      const text = chunks[p.chunksSent];
      if (p.sbMessageIds.length <= p.chunksSent) {
        p.sbMessageIds.push(await this.logAsBot(t, text));
        await save(p);
      }
      const results = await this.sb.messengerSendMessage({
        psid,
        facebookPageId: pageId,
        message: text,
        metadata: p.sbMessageIds[p.chunksSent],
      });
      const failed = results.find((r) => r.error);
      if (failed?.error) {
        // The logged copy was never delivered: remove it so agents do not believe the customer got it
        // (support-board.md §4).
        const logged = p.sbMessageIds.pop();
        await save(p);
        if (logged) {
          await this.sb.deleteMessage(logged).catch((e: unknown) =>
            this.logger.warn({
              msg: 'could not delete the undelivered message',
              reason: (e as Error).message,
            }),
          );
        }
        throw new MessengerDeliveryError(
          'support-board',
          'messenger-send-message',
          `Graph error ${failed.error.code ?? '?'}: ${failed.error.message ?? 'unknown'}`,
          {
            retryable: false,
            vendorCode: failed.error.code,
            hint:
              failed.error.code === 10
                ? 'outside the 24-hour messaging window; an agent must answer'
                : 'check the page connection in Support Board',
          },
        );
      }
      p.providerMessageIds.push(...results.map((r) => r.messageId).filter((id): id is string => Boolean(id)));
      p.chunksSent += 1;
      await save(p);
    }
    this.logger.log({ msg: `answer delivered on ${t.channel}`, conversationId: t.conversation.id });
    return p;
  }

  whatsAppRecipient(customer: SbUser): string {
    const phone = customer.details.find((d) => d.slug === 'phone')?.value;
    const waid = normaliseWaid(phone, this.config.whatsapp.defaultCountryCode);
    if (!waid) {
      throw new ExternalServiceError(
        'support-board',
        'get-user',
        `customer ${customer.id} has no phone detail`,
        {
          retryable: false,
          hint: 'WhatsApp users normally carry a phone detail in Support Board',
        },
      );
    }
    return waid;
  }

  private logAsBot(t: DeliveryTarget, text: string): Promise<string> {
    return this.sb.sendMessage({
      userId: t.botUserId,
      conversationId: t.conversation.id,
      message: text,
      conversationStatusCode: t.statusCode,
    });
  }
}
