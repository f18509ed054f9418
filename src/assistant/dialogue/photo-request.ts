import type { LiveProductDetails } from '../../catalog/catalog.types';
import { fold } from '../../common/text/fold';
import type { Language } from '../../common/text/language';
import { toSearchQuery } from '../offline-intents';
import { lookUpImage } from '../product-image';
import { formatLiveDetails } from '../reply-templates';
import type { StoreProfile } from '../store-profile';
import { findProducts } from './catalog-finder';
import { rememberLive, rememberResult } from './dialogue-lists';
import { noProductYetText, whichOneText } from './dialogue-replies';
import { NO_CONSTRAINTS, type DialogueProduct, type DialogueState } from './dialogue-state';
import type { ObservedTools } from './observed-tools';
import type { DialogueReply } from './offline-dialogue';

/**
 * "¿tienes fotos?", "¿cómo se ve?", "send me a picture", "¿tienes fotos de la nevera LG?": the customer wants to see a
 * product (matched on accent-folded text). "Show me fridges" is a search, not a photo request.
 */
const PHOTO =
  /\b(?:fotos?|fotografias?|imagen(?:es)?|pics?|pictures?|photos?|images?)\b|\bcomo se ven?\b|\bcomo luce(?:n)?\b|\blooks? like\b|\b(?:quiero|puedo|podria|me dejas|dejame) ver(?:la|lo|las|los)?\b/g;
/** Words around a photo request that name no product. */
const PHOTO_FILLER =
  /\b(?:mandame|manda|mandar|enviame|envia|enviar|muestrame|muestra|ensename|pasame|send|see|ver|tu|tus|real|reales)\b/g;

export function isPhotoRequest(text: string): boolean {
  return new RegExp(PHOTO.source).test(fold(text));
}

/** What is left to search for once the photo words are gone ("" when the customer named no product). */
export function photoQuery(text: string): string {
  return toSearchQuery(fold(text).replace(PHOTO, ' ').replace(PHOTO_FILLER, ' '));
}

/**
 * Answers a photo request: the product named in the message (its best match), else the one being talked about. The
 * text carries the details (name, price, stock) so nothing is lost if the image never arrives; without a usable
 * photo it says so. Null when the named product is not in the catalog (the dialogue then searches as usual).
 */
export async function photoReply(
  tools: ObservedTools,
  profile: StoreProfile,
  lang: Language,
  state: DialogueState,
  text: string,
): Promise<DialogueReply | null> {
  const es = lang === 'es';
  const query = photoQuery(text);
  let target: DialogueProduct | null;
  if (query.length >= 2) {
    const { kept } = await findProducts(tools, query, NO_CONSTRAINTS, lang);
    target = kept[0] ? rememberResult(kept[0]) : null;
    if (!target) return null;
  } else {
    target = state.picked ?? (state.lastList.length === 1 ? state.lastList[0] : null);
    if (!target) {
      const n = state.lastList.length;
      return { text: n > 1 ? whichOneText(n, lang) : noProductYetText(lang) };
    }
  }
  const live = target.sku
    ? await tools.live(target.sku, 'sku')
    : await tools.live(String(target.wcProductId), 'wc_product_id');
  if (!live) return null;
  const details = formatLiveDetails(live, profile, lang);
  const next = { ...state, picked: rememberLive(live, target.categories) };
  const found = await lookUpImage(tools.tools, live, profile, lang);
  if (found.kind === 'image') {
    return {
      text: `${es ? 'Te envío la foto 📷' : "Here's the photo 📷"}\n${details}`,
      state: next,
      image: found.image,
    };
  }
  const none = es
    ? `Por ahora no tengo una foto de *${live.name}* para enviarte.`
    : `I don't have a photo of *${live.name}* to send you right now.`;
  return { text: `${none}\n${details}`, state: next };
}

/** PRODUCT_IMAGES=shown: an answer that shows one product also carries its photo, when there is a usable one. */
export async function withShownPhoto(
  reply: DialogueReply,
  live: LiveProductDetails,
  tools: ObservedTools,
  profile: StoreProfile,
  lang: Language,
): Promise<DialogueReply> {
  if (tools.tools.imageMode !== 'shown') return reply;
  const found = await lookUpImage(tools.tools, live, profile, lang);
  return found.kind === 'image' ? { ...reply, image: found.image } : reply;
}
