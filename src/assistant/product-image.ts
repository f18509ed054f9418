import type { LiveProductDetails } from '../catalog/catalog.types';
import type { Language } from '../common/text/language';
import type { ProductImage } from './answerer';
import type { ProductTools } from './product-tools';
import { formatPrice } from './reply-templates';
import type { StoreProfile } from './store-profile';

/** A photo to send, or why there is none (`none`: the product has no image; `unusable`: its link failed the check). */
export type ImageLookup =
  | { kind: 'image'; image: ProductImage }
  | { kind: 'none' }
  | { kind: 'unusable'; reason: string }
  | { kind: 'off' };

/**
 * The caption under a product photo: name and price from the catalog or WooCommerce, never from the model. Kept
 * short; the text answer repeats both, since Meta drops the caption with an image it cannot fetch
 * (whatsapp-cloud.md §8).
 */
export function productCaption(d: LiveProductDetails, profile: StoreProfile, lang: Language): string {
  const target = d.matchedVariation ?? d;
  const price =
    target.price !== null
      ? `\n${lang === 'es' ? 'Precio' : 'Price'}: ${formatPrice(target.price, profile)}`
      : '';
  return `*${d.name}*${price}`;
}

/** The file name Support Board shows and types the attachment by: the link's last path segment. */
function fileNameOf(url: string, wcProductId: number): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    if (last) return decodeURIComponent(last);
  } catch {
    // An unparsable link never passes the check; the fallback only keeps this total.
  }
  return `producto-${wcProductId}.jpg`;
}

/** The product's photo when the store sends photos, it has one, and its link can be fetched as an image. */
export async function lookUpImage(
  tools: ProductTools,
  d: LiveProductDetails,
  profile: StoreProfile,
  lang: Language,
): Promise<ImageLookup> {
  if (tools.imageMode === 'off') return { kind: 'off' };
  if (!d.imageUrl) return { kind: 'none' };
  const check = await tools.checkImage(d.imageUrl);
  if (!check.usable) return { kind: 'unusable', reason: check.reason };
  return {
    kind: 'image',
    image: {
      url: d.imageUrl,
      fileName: fileNameOf(d.imageUrl, d.wcProductId),
      caption: productCaption(d, profile, lang),
      wcProductId: d.wcProductId,
    },
  };
}
