import { Inject, Injectable, Logger } from '@nestjs/common';
import { STORE_PROFILE, type StoreProfile } from '../assistant/store-profile';
import { AppConfig } from '../config/app-config';
import type { SbUser } from '../support-board/support-board.types';
import type { TemplateParameter } from '../config/messaging-config';
import { WhatsAppClient, WhatsAppSendError } from '../whatsapp/whatsapp.client';
import { AgentNotes } from './agent-notes.service';
import type { ComposedReply } from './answer-composer.service';
import { DeliveryService } from './delivery.service';
import { ReplyRepository, type Reply, type ReplyOutcome } from './reply.repository';
import { serviceWindow } from './service-window';

/** Template parameter text: no newline, no tab, at most 4 spaces in a row (whatsapp-cloud.md §9), short. */
const paramText = (v: string | null | undefined): string =>
  (v ?? '').replace(/\s+/g, ' ').trim().slice(0, 60);

/** What an unconfigured template's variables are filled with, in order, when Meta says it has some. */
const GUESSABLE: TemplateParameter[] = [
  { source: 'first_name', name: null },
  { source: 'store_name', name: null },
];

/**
 * The customer-service window (whatsapp-cloud.md §10, support-board.md §4): free-form messages are refused once 24 h
 * have passed since the customer last wrote. Checked before sending from what Support Board holds; Meta's 131047
 * after a send is the safety net. Either way the answer is not sent: on WhatsApp the configured template invites
 * the customer back, and the agents always get a note with the answer that could not go out.
 */
@Injectable()
export class WindowGuard {
  private readonly logger = new Logger('ReplyJob');

  constructor(
    private readonly replies: ReplyRepository,
    private readonly wa: WhatsAppClient,
    private readonly delivery: DeliveryService,
    private readonly notes: AgentNotes,
    private readonly config: AppConfig,
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
  ) {}

  /** True when the window has closed: the reply is then closed here and nothing free-form may be sent. */
  async closedBeforeSending(reply: Reply, answer: ComposedReply, customer: SbUser): Promise<boolean> {
    const w = serviceWindow(
      answer.conversation,
      answer.channel,
      Date.now(),
      this.config.messaging.windowMarginMs,
    );
    if (w.open) return false;
    const hours = w.lastCustomerAt ? Math.floor((Date.now() - w.lastCustomerAt.getTime()) / 3600_000) : 24;
    await this.closed(
      reply,
      answer,
      customer,
      `the customer last wrote ${hours} h ago (checked before sending)`,
    );
    return true;
  }

  /** WhatsApp answered 131047 (the reactive path). */
  async refusedByWhatsApp(reply: Reply, answer: ComposedReply, customer: SbUser): Promise<void> {
    await this.closed(reply, answer, customer, 'WhatsApp refused the answer with 131047');
  }

  private async closed(reply: Reply, answer: ComposedReply, customer: SbUser, why: string): Promise<void> {
    const conversationId = answer.conversation.id;
    let outcome: NonNullable<ReplyOutcome['windowOutcome']> = 'note_only';
    let told = '';
    const { template, language } = this.config.messaging.reengagement;
    if (answer.channel === 'wa' && template) {
      try {
        await this.sendTemplate(answer, customer, template, language);
        outcome = 'template_sent';
        told = ` The template "${template}" was sent to invite them back; when they answer, the bot replies again.`;
      } catch (e) {
        outcome = 'template_failed';
        told = ` The template "${template}" could not be sent: ${(e as Error).message}.`;
      }
    }
    await this.replies.finish(reply.id, {
      status: 'failed',
      inboxStatus: 'failed',
      error: `outside the 24-hour window: ${why}; ${outcome}`,
      windowOutcome: outcome,
    });
    this.logger.log({ msg: 'customer-service window closed: answer not sent', conversationId, why, outcome });
    const channel =
      answer.channel === 'wa' ? 'WhatsApp' : answer.channel === 'ig' ? 'Instagram' : 'Messenger';
    await this.notes.leave(
      conversationId,
      `${channel} allows no bot answer here: more than 24 hours since the customer last wrote (${why}).${told} Please follow up. The answer that was not sent:\n${answer.text.slice(0, 1500)}`,
    );
  }

  /**
   * With WHATSAPP_REENGAGEMENT_PARAMETERS unset and a template that has body variables, Meta answers 132000 naming how
   * many it expects (whatsapp-cloud.md §9): the send is repeated once with that many, first name then store name, and
   * the operator is told to configure them.
   */
  private async sendTemplate(
    answer: ComposedReply,
    customer: SbUser,
    name: string,
    language: string,
  ): Promise<void> {
    const configured = this.config.messaging.reengagement.parameters;
    const send = (parameters: TemplateParameter[]) =>
      this.wa.sendTemplate({
        phoneNumberId: answer.conversation.extra || this.config.whatsapp.phoneNumberId || '',
        to: this.delivery.whatsAppRecipient(customer),
        name,
        languageCode: language,
        bodyParameters: this.parameters(customer, language, parameters),
      });
    try {
      await send(configured);
    } catch (e) {
      const expected =
        e instanceof WhatsAppSendError && e.metaCode === 132000 && configured.length === 0
          ? Number(/expected number of params \((\d+)\)/.exec(e.message)?.[1] ?? NaN)
          : NaN;
      if (!(expected >= 1 && expected <= GUESSABLE.length)) throw e;
      this.logger.warn({
        msg: `the template "${name}" has ${expected} body variable(s): sending the first name${expected > 1 ? ' and the store name' : ''}; set WHATSAPP_REENGAGEMENT_PARAMETERS to say which`,
      });
      await send(GUESSABLE.slice(0, expected));
    }
  }

  /** Body parameters in order; a missing first name becomes a neutral word, never an empty text. */
  private parameters(
    customer: SbUser,
    language: string,
    parameters: TemplateParameter[],
  ): { text: string; name: string | null }[] {
    const es = language.startsWith('es');
    return parameters.map((p) => ({
      name: p.name,
      text:
        p.source === 'first_name'
          ? paramText(customer.firstName) || (es ? 'cliente' : 'there')
          : paramText(this.profile.storeName) || this.config.appName,
    }));
  }
}
