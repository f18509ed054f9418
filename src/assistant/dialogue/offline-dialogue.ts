import type { LiveProductDetails, ProductSearchResult } from '../../catalog/catalog.types';
import type { ProductImage } from '../answerer';
import { fold } from '../../common/text/fold';
import type { Language } from '../../common/text/language';
import {
  classifyOfflineIntent,
  matchFaq,
  pickedPosition,
  toSearchQuery,
  type InfoTopic,
  type ListedItem,
} from '../offline-intents';
import { formatLiveDetails, formatPrice, formatProductList, MAX_LISTED } from '../reply-templates';
import type { StoreProfile } from '../store-profile';
import { applyConstraints, describeConstraints, readConstraints } from './constraints';
import { rememberLive, rememberResult, typeFor } from './dialogue-lists';
import {
  buyText,
  clarifyText,
  deliveryText,
  greetingText,
  honestEmptyText,
  noProductYetText,
  policyLine,
  policyText,
  unknownPolicyNote,
  unknownPolicyText,
  variationAnswer,
  whichOneText,
} from './dialogue-replies';
import {
  hasConstraints,
  NO_CONSTRAINTS,
  type DialogueConstraints,
  type DialogueProduct,
  type DialogueState,
} from './dialogue-state';
import { alternativeHeading, findAlternatives, noAlternativeText } from './alternatives';
import { findProducts } from './catalog-finder';
import { classifyFollowUp, type Alternative, type FollowUp } from './follow-up';
import { isPhotoRequest, photoReply, withShownPhoto } from './photo-request';
import type { ObservedTools } from './observed-tools';

export interface DialogueReply {
  text: string;
  /** A product photo sent after the text. */
  image?: ProductImage;
  handoff?: boolean;
  staffNote?: string;
  /** The state after this turn; absent = unchanged. */
  state?: DialogueState;
}

/** One turn of the offline assistant's conversation: decides what the message is and answers it. */
export class OfflineDialogue {
  private readonly es: boolean;

  constructor(
    private readonly tools: ObservedTools,
    private readonly profile: StoreProfile,
    private readonly lang: Language,
    private readonly state: DialogueState,
  ) {
    this.es = lang === 'es';
  }

  async reply(text: string, lastBot: string | null, customerName: string | null): Promise<DialogueReply> {
    const list = this.state.lastList;
    // A conversation from before dialogue state (or a list the model wrote) is read back from our last message.
    const intent = classifyOfflineIntent(text, list.length ? null : lastBot);
    if (intent.kind === 'greeting') return { text: greetingText(this.profile, this.lang, customerName) };
    if (intent.kind === 'thanks') {
      return {
        text: this.es
          ? '¡Con gusto! Si necesitas algo más, aquí estoy.'
          : "You're welcome! I'm here if you need anything else.",
      };
    }
    if (isPhotoRequest(text)) {
      const photo = await photoReply(this.tools, this.profile, this.lang, this.state, text);
      if (photo) return photo;
    }
    if (list.length) {
      const position = pickedPosition(fold(text).replace(/\s+/g, ' ').trim(), list.length);
      if (position !== null && this.isPickPhrase(text)) {
        const item = list[position - 1];
        if (!item) {
          return {
            text: this.es
              ? `No tengo la opción ${position} en la lista que te envié. ¿Cuál número te interesa?`
              : `Option ${position} isn't on the list I sent. Which number are you interested in?`,
          };
        }
        return this.details(item);
      }
    } else if (intent.kind === 'pick') {
      return this.pickListed(intent.item);
    }
    const followUp = classifyFollowUp(text, this.state.picked !== null || list.length > 0);
    if (followUp) return this.followUp(followUp);
    switch (intent.kind) {
      case 'pick_unknown':
        return {
          text: this.es
            ? `No tengo la opción ${intent.position} en la lista que te envié. ¿Cuál número te interesa?`
            : `Option ${intent.position} isn't on the list I sent. Which number are you interested in?`,
        };
      case 'lookup': {
        const live = await this.tools.live(intent.identifier, intent.identifierType);
        if (live) return this.showLive(live);
        return this.search(intent.identifier, NO_CONSTRAINTS, false);
      }
      case 'info':
        return this.faq(text) ?? this.policies(intent.topics);
      case 'vague':
        return this.faq(text) ?? { text: clarifyText(this.lang, intent.greeted) };
      case 'search':
      case 'pick':
        return this.faq(text) ?? this.searchText(text, intent.kind === 'search' && intent.greeted);
    }
  }

  /** "el 2", "the first one", "how much is the second?": a position, not a size or a quantity ("2 puertas"). */
  private isPickPhrase(text: string): boolean {
    const t = text.toLowerCase();
    return toSearchQuery(t).split(' ').filter(Boolean).length <= 3 || /\b(one|uno|una)\b/.test(t);
  }

  private faq(text: string): DialogueReply | null {
    const entry = matchFaq(text, this.profile.faq);
    return entry ? { text: entry.answer } : null;
  }

  private policies(topics: InfoTopic[]): DialogueReply {
    const known = topics.filter((t) => policyText(this.profile, t) !== null);
    const unknown = topics.filter((t) => policyText(this.profile, t) === null);
    const lines = known.map((t) => policyLine(t, policyText(this.profile, t)!, this.lang));
    if (unknown.length === 0) return { text: lines.join('\n') };
    lines.push(unknownPolicyText(unknown, this.lang));
    return { text: lines.join('\n'), staffNote: unknownPolicyNote(unknown) };
  }

  private async followUp(f: FollowUp): Promise<DialogueReply> {
    switch (f.kind) {
      case 'delivery': {
        const text = deliveryText(this.profile, f.city, this.lang);
        return text ? { text } : this.policies(['delivery']);
      }
      case 'alternative':
        return this.alternatives(f.want);
      case 'about':
      case 'variation':
      case 'buy': {
        const target = this.target();
        if (!target) {
          const n = this.state.lastList.length;
          return { text: n > 1 ? whichOneText(n, this.lang) : noProductYetText(this.lang) };
        }
        const live = await this.liveOf(target);
        if (!live) return this.search(target.name, NO_CONSTRAINTS, false);
        const picked = { ...this.state, picked: rememberLive(live, target.categories) };
        const details = formatLiveDetails(live, this.profile, this.lang);
        if (f.kind === 'about')
          return withShownPhoto({ text: details, state: picked }, live, this.tools, this.profile, this.lang);
        if (f.kind === 'variation') {
          return { text: variationAnswer(live, f.value, this.profile, this.lang, details), state: picked };
        }
        return { ...buyText(live, this.profile, this.lang), state: picked };
      }
    }
  }

  /** The product a follow-up is about: the one picked, else the only one listed. */
  private target(): DialogueProduct | null {
    if (this.state.picked) return this.state.picked;
    return this.state.lastList.length === 1 ? this.state.lastList[0] : null;
  }

  private liveOf(p: DialogueProduct): Promise<LiveProductDetails | null> {
    return p.sku ? this.tools.live(p.sku, 'sku') : this.tools.live(String(p.wcProductId), 'wc_product_id');
  }

  private async details(item: DialogueProduct): Promise<DialogueReply> {
    const live = await this.liveOf(item);
    if (!live) return this.search(item.name, NO_CONSTRAINTS, false);
    return this.showLive(live, item.categories);
  }

  /** One product shown in full: with its photo when the store sends photos of shown products. */
  private showLive(live: LiveProductDetails, categories?: string[]): Promise<DialogueReply> {
    const reply = {
      text: formatLiveDetails(live, this.profile, this.lang),
      state: { ...this.state, picked: rememberLive(live, categories) },
    };
    return withShownPhoto(reply, live, this.tools, this.profile, this.lang);
  }

  /** A list we sent before dialogue state existed, read back from the text. */
  private async pickListed(item: ListedItem): Promise<DialogueReply> {
    if (item.ref) {
      const byId = /^#(\d+)$/.exec(item.ref);
      const live = await this.tools.live(byId ? byId[1] : item.ref, byId ? 'wc_product_id' : 'sku');
      if (live) return this.showLive(live);
    }
    const [first] = await this.tools.search(item.name, false);
    if (first) return this.details(rememberResult(first));
    return this.search(item.name, NO_CONSTRAINTS, false);
  }

  private async searchText(text: string, greeted: boolean): Promise<DialogueReply> {
    const { constraints, rest } = readConstraints(text);
    let query = toSearchQuery(rest);
    // "¿y de menos de 300?", "la más barata": the constraint applies to the kind of product already asked about.
    let applied = constraints;
    if (query.length < 2 && hasConstraints(constraints)) {
      query = typeFor(this.state.productType, this.state.picked) ?? '';
      // A refinement keeps the earlier budget: "de menos de 700", then "la más barata" is both.
      const before = this.state.constraints ?? NO_CONSTRAINTS;
      applied = {
        minPrice: constraints.minPrice ?? before.minPrice,
        maxPrice: constraints.maxPrice ?? before.maxPrice,
        sort: constraints.sort !== 'relevance' ? constraints.sort : before.sort,
      };
    }
    if (query.length < 2) return { text: clarifyText(this.lang, greeted) };
    const reply = await this.search(query, applied, true);
    return greeted ? { ...reply, text: `${this.es ? '¡Hola!' : 'Hi!'} ${reply.text}` } : reply;
  }

  private async search(query: string, c: DialogueConstraints, remember: boolean): Promise<DialogueReply> {
    const { onTopic, kept } = await findProducts(this.tools, query, c, this.lang);
    const described = describeConstraints(c, this.profile.currency.symbol, this.lang);
    if (kept.length === 0 && onTopic.length === 0) {
      return {
        text: honestEmptyText(query, await this.tools.tools.mainCategories(), this.lang),
        state: remember ? { ...this.state, lastList: [], picked: null } : undefined,
      };
    }
    if (kept.length === 0) {
      const cheapest = applyConstraints(onTopic, { ...NO_CONSTRAINTS, sort: 'price_asc' }).slice(0, 3);
      const intro = this.es
        ? `No tengo "${query}" ${described}. Lo más económico que tengo:`
        : `I don't have "${query}" ${described}. The most affordable I have:`;
      return this.list(cheapest, intro, query, NO_CONSTRAINTS);
    }
    const intro = described
      ? this.es
        ? `Encontré estas opciones (${described}):`
        : `Here is what I found (${described}):`
      : undefined;
    return this.list(kept, intro, query, c);
  }

  private list(
    results: ProductSearchResult[],
    intro: string | undefined,
    productType: string,
    c: DialogueConstraints,
  ): DialogueReply {
    const shown = results.slice(0, MAX_LISTED);
    const lastList = shown.map(rememberResult);
    return {
      text: formatProductList(shown, this.profile, this.lang, intro),
      state: {
        ...this.state,
        lastList,
        picked: lastList.length === 1 ? lastList[0] : null,
        productType,
        constraints: hasConstraints(c) ? c : null,
      },
    };
  }

  /** "otra más barata / más grande / de otra marca / otras opciones": same kind, relative to the product or list. */
  private async alternatives(want: Alternative): Promise<DialogueReply> {
    const picked = this.state.picked;
    const type = typeFor(this.state.productType, picked);
    if (!type) return { text: noProductYetText(this.lang) };
    const options = await findAlternatives(this.tools, this.state, want, type, this.lang);
    const name = picked ? `*${picked.name}*` : this.es ? 'las que te mostré' : 'the ones I showed you';
    const price = picked?.price != null ? ` (${formatPrice(picked.price, this.profile)})` : '';
    if (options.length === 0) {
      return { text: noAlternativeText(want, name, price, type, this.lang) };
    }
    // Cheaper: the closest prices below first would hide the cheapest; list cheapest first once filtered.
    const ordered =
      want === 'cheaper' ? applyConstraints(options, { ...NO_CONSTRAINTS, sort: 'price_asc' }) : options;
    return this.list(
      ordered,
      alternativeHeading(want, name, price, this.lang),
      type,
      this.state.constraints ?? NO_CONSTRAINTS,
    );
  }
}
