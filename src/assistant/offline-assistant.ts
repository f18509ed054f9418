import { Inject, Injectable, Logger } from '@nestjs/common';
import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';
import type { AnswerRequest, AnswerResult } from './answerer';
import { ProductTools } from './product-tools';
import { classifyOfflineIntent, matchFaq, type InfoTopic, type ListedItem } from './offline-intents';
import { guessLanguage } from '../common/text/language';
import { formatLiveDetails, formatProductList, type Language } from './reply-templates';
import { STORE_PROFILE, type StoreProfile } from './store-profile';
import type { AssistantObserver } from './assistant-observer';
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

/**
 * The hybrid search always fills its list, so "licuadoras" ends with washing machines from the vector lane. With no
 * model to judge, the offline assistant shows only results scoring within 60 % of the best one (fused scores are
 * comparable inside one list; measured on the demo catalog, this drops the unrelated tail and keeps the family).
 */
const RELEVANCE_RATIO = 0.6;
function relevant(results: ProductSearchResult[]): ProductSearchResult[] {
  const top = results[0]?.score ?? 0;
  return top > 0 ? results.filter((r) => r.score >= top * RELEVANCE_RATIO) : results;
}

function lastBotText(request: AnswerRequest): string | null {
  for (let i = request.history.length - 1; i >= 0; i--) {
    if (request.history[i].role === 'bot') return request.history[i].text;
  }
  return null;
}

/**
 * The rule-based assistant: answers with no OPENAI_API_KEY or when the LLM is down, from the same
 * tools, so every figure it writes comes straight from the catalog. Never throws: a customer always gets a reply.
 */
@Injectable()
export class OfflineAssistant {
  private readonly logger = new Logger(OfflineAssistant.name);

  constructor(
    private readonly tools: ProductTools,
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
  ) {}

  async answer(request: AnswerRequest, observer?: AssistantObserver): Promise<AnswerResult> {
    const text = pendingCustomerText(request);
    const lang = guessLanguage(text, this.profile.languages[0] === 'en' ? 'en' : 'es');
    if (!text && request.history.at(-1)?.attachments.length) {
      // Without a model nothing can look at a photo or file: ask for words instead of greeting again.
      return this.result(
        lang === 'es'
          ? 'Recibí tu archivo, pero por ahora solo puedo leer texto. ¿Me escribes el nombre o la referencia del producto que buscas?'
          : 'I got your file, but for now I can only read text. Could you type the name or reference of the product you want?',
        false,
      );
    }
    try {
      if (isOrderRequest(text, lastBotText(request))) return await this.orderAnswer(request, text, observer);
      const reply = await this.reply(text, lastBotText(request), lang, request.customerName, observer);
      return this.result(reply, false);
    } catch (e) {
      this.logger.error(
        `Offline assistant could not answer conversation ${request.conversationId}: ${(e as Error).message}`,
      );
      observer?.onFailure?.({ reason: `the catalog could not be read: ${(e as Error).message}` });
      return this.result(
        lang === 'es'
          ? 'Disculpa, ahora mismo no puedo consultar el catálogo. Una persona de nuestro equipo te responderá en breve.'
          : "Sorry, I can't check the catalog right now. Someone from our team will answer you shortly.",
        true,
      );
    }
  }

  /** A grounded answer built only from tool results (also the LLM's fallback when its text fails the guard). */
  templated(search: ProductSearchResult[], live: LiveProductDetails | null, lang: Language): string | null {
    if (live) return formatLiveDetails(live, this.profile, lang);
    if (search.length > 0) return formatProductList(search, this.profile, lang);
    return null;
  }

  /** "¿Dónde está mi pedido?": the order tool with what the customer wrote; too many misses hand off. */
  private async orderAnswer(
    request: AnswerRequest,
    text: string,
    observer?: AssistantObserver,
  ): Promise<AnswerResult> {
    // A bare e-mail or number says nothing about the language: the conversation's earlier messages do.
    const earlier = request.history
      .filter((t) => t.role === 'customer')
      .slice(-4)
      .map((t) => t.text)
      .join('\n');
    const lang = guessLanguage(
      text,
      guessLanguage(earlier, this.profile.languages[0] === 'en' ? 'en' : 'es'),
    );
    const details = orderDetailsFrom(request.history);
    const args = { order_number: details.orderNumber, email: details.email, phone: details.phone };
    const result = await this.timed(observer, 'get_order_status', args, () =>
      this.tools.getOrderStatus(orderQuery(request, details)),
    );
    const reply = orderReply(result, lang, details.orderNumber !== null);
    return this.result(reply.text, reply.handoff);
  }

  private result(text: string, handoff: boolean): AnswerResult {
    return { text, engine: 'offline', handoff, usage: null, groundingViolations: 0 };
  }

  private greeting(lang: Language, name: string | null): string {
    const who = name ? ` ${name}` : '';
    return lang === 'es'
      ? `¡Hola${who}! Bienvenido a *${this.profile.storeName}*. ¿Qué producto estás buscando?`
      : `Hi${who}! Welcome to *${this.profile.storeName}*. What product are you looking for?`;
  }

  private info(topics: InfoTopic[], lang: Language): string {
    const es = lang === 'es';
    const p = this.profile;
    const lines = topics.map((topic) => {
      switch (topic) {
        case 'hours':
          return `*${es ? 'Horario' : 'Opening hours'}:* ${p.hours}`;
        case 'address':
          return `*${es ? 'Dirección' : 'Address'}:* ${p.address}`;
        case 'delivery':
          return `*${es ? 'Delivery y envíos' : 'Delivery'}:* ${p.delivery}`;
        case 'payment':
          return `*${es ? 'Formas de pago' : 'Payment methods'}:* ${p.paymentMethods.join(', ')}`;
        case 'warranty':
          return `*${es ? 'Garantía' : 'Warranty'}:* ${p.warranty}`;
      }
    });
    return lines.join('\n');
  }

  /** Runs a tool and tells the observer; order look-ups are traced without their result (a customer's orders). */
  private async timed<T>(
    observer: AssistantObserver | undefined,
    name: string,
    args: unknown,
    run: () => Promise<T>,
  ): Promise<T> {
    const started = Date.now();
    const value = await run();
    const catalog =
      name === 'get_order_status' ? undefined : (value as ProductSearchResult[] | LiveProductDetails | null);
    observer?.onToolCall?.({
      name,
      arguments: name === 'get_order_status' ? '{}' : JSON.stringify(args),
      ok: value !== null,
      ms: Date.now() - started,
      result: catalog,
    });
    return value;
  }

  private search(
    query: string,
    inStock: boolean,
    observer?: AssistantObserver,
  ): Promise<ProductSearchResult[]> {
    return this.timed(
      observer,
      'search_local_products',
      { query_text: query, filter_stock: inStock },
      async () => (await this.tools.searchLocalProducts(query, inStock)).products,
    );
  }

  private live(
    identifier: string,
    type: 'sku' | 'wc_product_id',
    observer?: AssistantObserver,
  ): Promise<LiveProductDetails | null> {
    return this.timed(
      observer,
      'get_live_product_details',
      { product_identifier: identifier, identifier_type: type },
      () => this.tools.getLiveProductDetails(identifier, type),
    );
  }

  private async searchReply(query: string, lang: Language, observer?: AssistantObserver): Promise<string> {
    let found = relevant(await this.search(query, true, observer));
    if (found.length === 0) found = relevant(await this.search(query, false, observer));
    if (found.length === 0) {
      return lang === 'es'
        ? `No encontré productos para "${query}" en nuestro catálogo. ¿Me das más detalles (marca, modelo o para qué lo necesitas)?`
        : `I couldn't find products for "${query}" in our catalog. Could you give me more details (brand, model or what you need it for)?`;
    }
    return formatProductList(found, this.profile, lang);
  }

  private async pickReply(item: ListedItem, lang: Language, observer?: AssistantObserver): Promise<string> {
    if (item.ref) {
      const byId = /^#(\d+)$/.exec(item.ref);
      const live = await this.live(byId ? byId[1] : item.ref, byId ? 'wc_product_id' : 'sku', observer);
      if (live) return formatLiveDetails(live, this.profile, lang);
    }
    const [first] = await this.search(item.name, false, observer);
    if (first) {
      const live = await this.live(String(first.wcProductId), 'wc_product_id', observer);
      if (live) return formatLiveDetails(live, this.profile, lang);
    }
    return this.searchReply(item.name, lang, observer);
  }

  private async reply(
    text: string,
    lastBot: string | null,
    lang: Language,
    customerName: string | null,
    observer?: AssistantObserver,
  ): Promise<string> {
    const intent = classifyOfflineIntent(text, lastBot);
    const es = lang === 'es';
    if (intent.kind === 'search' || intent.kind === 'info' || intent.kind === 'vague') {
      const faq = matchFaq(text, this.profile.faq);
      if (faq) return faq.answer;
    }
    switch (intent.kind) {
      case 'greeting':
        return this.greeting(lang, customerName);
      case 'thanks':
        return es
          ? '¡Con gusto! Si necesitas algo más, aquí estoy.'
          : "You're welcome! I'm here if you need anything else.";
      case 'info':
        return this.info(intent.topics, lang);
      case 'vague':
        return es
          ? `${intent.greeted ? '¡Hola! ' : ''}¿Qué producto buscas? Dime el tipo, la marca o el modelo y te muestro opciones con precio.`
          : `${intent.greeted ? 'Hi! ' : ''}What product are you looking for? Tell me the type, brand or model and I'll show you options with prices.`;
      case 'pick':
        return this.pickReply(intent.item, lang, observer);
      case 'pick_unknown':
        return es
          ? `No tengo la opción ${intent.position} en la lista que te envié. ¿Cuál número te interesa?`
          : `Option ${intent.position} isn't on the list I sent. Which number are you interested in?`;
      case 'lookup': {
        const live = await this.live(intent.identifier, intent.identifierType, observer);
        if (live) return formatLiveDetails(live, this.profile, lang);
        return this.searchReply(intent.identifier, lang, observer);
      }
      case 'search': {
        const list = await this.searchReply(intent.query, lang, observer);
        return intent.greeted ? `${es ? '¡Hola!' : 'Hi!'} ${list}` : list;
      }
    }
  }
}
