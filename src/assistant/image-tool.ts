import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { PRODUCT_IDENTIFIER_PARAMETERS } from './product-identifier-schema';
import type { ProductIdentifierType } from '../catalog/catalog.types';
import type { Language } from '../common/text/language';
import type { ProductImage } from './answerer';
import { lookUpImage } from './product-image';
import type { ProductTools } from './product-tools';
import type { StoreProfile } from './store-profile';
import { encodeLiveDetails } from './tool-payloads';

/**
 * `send_product_image`: the model decides that the customer should see a product; the photo itself, its caption (name
 * and price from the store) and whether its link works are decided here. The reply sends it after the text.
 */
export const IMAGE_TOOL_DEFINITION: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'send_product_image',
    description:
      'Send the customer a photo of one product (after your text, with its name and price as caption). Call it when the customer asks to see a product ("¿tienes fotos?", "¿cómo se ve?", "send me a picture") or when your answer presents one single product. Returns image_will_be_sent; when false, tell the customer there is no photo of that product right now. Never promise a photo without calling it.',
    strict: true,
    parameters: PRODUCT_IDENTIFIER_PARAMETERS,
  },
};

/** The tool's result for the model, and the photo the reply will carry. */
export async function runImageTool(
  tools: ProductTools,
  identifier: string,
  type: ProductIdentifierType,
  profile: StoreProfile,
  lang: Language,
): Promise<{ payload: unknown; image: ProductImage | null } | null> {
  const details = await tools.getLiveProductDetails(identifier, type);
  if (!details) return null;
  const found = await lookUpImage(tools, details, profile, lang);
  const why: Record<Exclude<typeof found.kind, 'image'>, string> = {
    off: 'this store does not send product photos',
    none: 'the product has no photo in the store',
    unusable: 'the product photo cannot be sent right now',
  };
  return {
    payload: {
      ...(encodeLiveDetails(details) as Record<string, unknown>),
      image_will_be_sent: found.kind === 'image',
      ...(found.kind === 'image' ? {} : { no_image_reason: why[found.kind] }),
    },
    image: found.kind === 'image' ? found.image : null,
  };
}
