import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';
import { guessLanguage } from '../common/text/language';
import type { AnswerRequest, AnswerResult } from './answerer';
import type { AssistantObserver } from './assistant-observer';
import { ObservedTools } from './dialogue/observed-tools';
import { OfflineDialogue, type DialogueReply } from './dialogue/offline-dialogue';
import { EMPTY_DIALOGUE, type DialogueState } from './dialogue/dialogue-state';
import { ProductTools } from './product-tools';
import { formatLiveDetails, formatProductList, type Language } from './reply-templates';
import { STORE_PROFILE, type StoreProfile } from './store-profile';
import { isOrderRequest, orderDetailsFrom } from './order-intent';
import { orderReply } from './order-replies';
import { orderQuery } from './order-tool';

/** Customer text being answered: the trailing customer turns (a burst of short messages) joined. */
export function pendingCustomerText(request: AnswerRequest): string {
  const texts: string[] = [];
  for (let i = request.history.length - 1; i >= 0; i--) {
    const turn = request.history[i];
    if (turn.role !== 'customer') break;
    if (turn.text.trim()) texts.unshift(turn.text.trim());
  }
  return texts.join('\n');
}

export function lastBotText(request: AnswerRequest): string | null {
  for (let i = request.history.length - 1; i >= 0; i--) {
    if (request.history[i].role === 'bot') return request.history[i].text;
  }
  return null;
}

/** One answered turn and what the dialogue remembers after it. */
export interface DialogueTurn {
  result: AnswerResult;
  state: DialogueState;
}

/**
 * The rule-based assistant: answers with no OPENAI_API_KEY or when the LLM is down, from the same tools, so every
 * figure it writes comes straight from the catalog; follow-ups resolve against the conversation's dialogue state.
 * Never throws: a customer always gets a reply.
 */
@Injectable()
export class OfflineAssistant {
  private readonly logger = new Logger(OfflineAssistant.name);

  constructor(
    private readonly tools: ProductTools,
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
  ) {}

  get defaultLanguage(): Language {
    return this.profile.languages[0] === 'en' ? 'en' : 'es';
  }

  /** The customer's language for this turn: their latest words, else the conversation's, else the store's. */
  languageOf(text: string, state: DialogueState): Language {
    return guessLanguage(text, state.language ?? this.defaultLanguage);
  }

  /** A turn without remembered state (the state-less callers: the LLM's fallback paths). */
  async answer(request: AnswerRequest, observer?: AssistantObserver): Promise<AnswerResult> {
    return (await this.converse(request, EMPTY_DIALOGUE, observer)).result;
  }

  async converse(
    request: AnswerRequest,
    state: DialogueState,
    observer?: AssistantObserver,
  ): Promise<DialogueTurn> {
    const text = pendingCustomerText(request);
    const lang = this.languageOf(text, state);
    const remembered: DialogueState = { ...state, language: text ? lang : state.language };
    if (!text && request.history.at(-1)?.attachments.length) {
      // Without a model nothing can look at a photo or file: ask for words instead of greeting again.
      return this.turn(
        {
          text:
            lang === 'es'
              ? 'Recibí tu archivo, pero por ahora solo puedo leer texto. ¿Me escribes el nombre o la referencia del producto que buscas?'
              : 'I got your file, but for now I can only read text. Could you type the name or reference of the product you want?',
          state: remembered,
        },
        remembered,
      );
    }
    try {
      const tools = new ObservedTools(this.tools, observer);
      if (isOrderRequest(text, lastBotText(request))) {
        return { result: await this.orderAnswer(request, text, tools), state: remembered };
      }
      const dialogue = new OfflineDialogue(tools, this.profile, lang, remembered);
      return this.turn(await dialogue.reply(text, lastBotText(request), request.customerName), remembered);
    } catch (e) {
      this.logger.error(
        `Offline assistant could not answer conversation ${request.conversationId}: ${(e as Error).message}`,
      );
      observer?.onFailure?.({ reason: `the catalog could not be read: ${(e as Error).message}` });
      return {
        result: {
          text:
            lang === 'es'
              ? 'Disculpa, ahora mismo no puedo consultar el catálogo. Una persona de nuestro equipo te responderá en breve.'
              : "Sorry, I can't check the catalog right now. Someone from our team will answer you shortly.",
          engine: 'offline',
          handoff: true,
          usage: null,
          groundingViolations: 0,
        },
        state: remembered,
      };
    }
  }

  /** A grounded answer built only from tool results (also the LLM's fallback when its text fails the guard). */
  templated(search: ProductSearchResult[], live: LiveProductDetails | null, lang: Language): string | null {
    if (live) return formatLiveDetails(live, this.profile, lang);
    if (search.length > 0) return formatProductList(search, this.profile, lang);
    return null;
  }

  private turn(reply: DialogueReply, fallback: DialogueState): DialogueTurn {
    const result: AnswerResult = {
      text: reply.text,
      engine: 'offline',
      handoff: reply.handoff ?? false,
      usage: null,
      groundingViolations: 0,
    };
    if (reply.staffNote) result.staffNote = reply.staffNote;
    if (reply.image) result.image = reply.image;
    return { result, state: reply.state ?? fallback };
  }

  /** "¿Dónde está mi pedido?": the order tool with what the customer wrote; too many misses hand off. */
  private async orderAnswer(
    request: AnswerRequest,
    text: string,
    tools: ObservedTools,
  ): Promise<AnswerResult> {
    // A bare e-mail or number says nothing about the language: the conversation's earlier messages do.
    const earlier = request.history
      .filter((t) => t.role === 'customer')
      .slice(-4)
      .map((t) => t.text)
      .join('\n');
    const lang = guessLanguage(text, guessLanguage(earlier, this.defaultLanguage));
    const details = orderDetailsFrom(request.history);
    const result = await tools.order(orderQuery(request, details));
    const reply = orderReply(result, lang, details.orderNumber !== null);
    return {
      text: reply.text,
      engine: 'offline',
      handoff: reply.handoff,
      usage: null,
      groundingViolations: 0,
    };
  }
}
