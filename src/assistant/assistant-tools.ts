import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearchResult,
  SearchFilters,
} from '../catalog/catalog.types';
import { PRICE_SORTS } from '../catalog/shopper-query';
import { guessLanguage } from '../common/text/language';
import type { AnswerRequest, ProductImage } from './answerer';
import { runImageTool } from './image-tool';
import { pendingCustomerText } from './offline-assistant';
import { encodeOrderResult, orderQuery, parseOrderToolArgs, type OrderToolArgs } from './order-tool';
import { ProductTools } from './product-tools';
import type { StoreProfile } from './store-profile';
import { encodeLiveDetails, encodeSearchResults } from './tool-payloads';

export { parseTextToolCall, TOOL_DEFINITIONS } from './tool-definitions';
export { encodeLiveDetails, encodeSearchResults } from './tool-payloads';

/**
 * Parsing and running the LLM tools' calls (their definitions are in `tool-definitions.ts`). A bad call never
 * throws: it becomes a tool message with an `error` the model can read and recover from.
 */
export const SEARCH_LIMIT_FOR_MODEL = 8;

export type ToolCallOutcome =
  | {
      ok: true;
      name: string;
      payload: unknown;
      search?: ProductSearchResult[];
      live?: LiveProductDetails;
      /** The tool says a person must take over (order look-ups failed too often, or orders cannot be read). */
      handoff?: boolean;
      /** `send_product_image` found a photo that can be sent. */
      image?: ProductImage;
    }
  | { ok: false; name: string; payload: { error: string; message: string } };

type ParsedCall =
  | { tool: 'search'; queryText: string; filterStock: boolean; filters: SearchFilters }
  | { tool: 'live' | 'image'; identifier: string; identifierType: ProductIdentifierType }
  | { tool: 'order'; args: OrderToolArgs }
  | { error: string };

/** Parses and validates the JSON-string arguments of a call (openai.md §3: may be invalid JSON). */
export function parseToolCall(name: string, rawArguments: string): ParsedCall {
  let args: unknown;
  try {
    args = JSON.parse(rawArguments || '{}');
  } catch {
    // Not echoed: the arguments carry customer words, and this message is logged.
    return {
      error: `arguments are not valid JSON (${rawArguments.length} characters); send one JSON object`,
    };
  }
  if (!args || typeof args !== 'object' || Array.isArray(args))
    return { error: 'arguments must be a JSON object' };
  const a = args as Record<string, unknown>;
  if (name === 'search_local_products') {
    const q = typeof a.query_text === 'string' ? a.query_text.trim() : '';
    if (!q) return { error: 'query_text must be a non-empty string' };
    if (a.filter_stock !== undefined && a.filter_stock !== null && typeof a.filter_stock !== 'boolean') {
      return { error: 'filter_stock must be true, false or null' };
    }
    const price = (key: 'min_price' | 'max_price'): number | null | string => {
      const v = a[key];
      if (v === undefined || v === null) return null;
      return typeof v === 'number' && Number.isFinite(v) && v >= 0
        ? v
        : `${key} must be a number of 0 or more, or null`;
    };
    const minPrice = price('min_price');
    const maxPrice = price('max_price');
    if (typeof minPrice === 'string') return { error: minPrice };
    if (typeof maxPrice === 'string') return { error: maxPrice };
    const sort = a.sort === undefined || a.sort === null ? null : PRICE_SORTS.find((s) => s === a.sort);
    if (sort === undefined) return { error: `sort must be one of ${PRICE_SORTS.join(', ')}, or null` };
    const filters: SearchFilters = { minPrice, maxPrice, sort: sort };
    return { tool: 'search', queryText: q.slice(0, 200), filterStock: a.filter_stock !== false, filters };
  }
  if (name === 'get_live_product_details' || name === 'send_product_image') {
    const id = a.product_identifier;
    const identifier = typeof id === 'number' ? String(id) : typeof id === 'string' ? id.trim() : '';
    if (!identifier)
      return { error: 'product_identifier must be a non-empty string (a SKU or a wc_product_id)' };
    const type = a.identifier_type;
    if (type !== 'sku' && type !== 'wc_product_id')
      return { error: 'identifier_type must be "sku" or "wc_product_id"' };
    if (type === 'wc_product_id' && !/^\d+$/.test(identifier)) {
      return { error: 'a wc_product_id is a number; use identifier_type "sku" for other identifiers' };
    }
    return { tool: name === 'send_product_image' ? 'image' : 'live', identifier, identifierType: type };
  }
  if (name === 'get_order_status') return { tool: 'order', args: parseOrderToolArgs(a) };
  return {
    error: `unknown tool "${name}"; available: search_local_products, get_live_product_details, get_order_status, send_product_image`,
  };
}

/** The model named a product the store does not have (live details and photo alike). */
const notFound = (
  name: string,
  p: { identifier: string; identifierType: ProductIdentifierType },
): ToolCallOutcome => ({
  ok: false,
  name,
  payload: { error: 'not_found', message: `no product with ${p.identifierType} ${p.identifier}` },
});

/** Runs one tool call; never throws. `profile` formats the photo caption's price (the store's currency). */
export async function runToolCall(
  tools: ProductTools,
  name: string,
  rawArguments: string,
  request?: AnswerRequest,
  profile?: StoreProfile,
): Promise<ToolCallOutcome> {
  const parsed = parseToolCall(name, rawArguments);
  if ('error' in parsed)
    return { ok: false, name, payload: { error: 'invalid_arguments', message: parsed.error } };
  try {
    if (parsed.tool === 'search') {
      const found = await tools.searchLocalProducts(parsed.queryText, parsed.filterStock, parsed.filters);
      const search = found.products.slice(0, SEARCH_LIMIT_FOR_MODEL);
      return { ok: true, name, payload: encodeSearchResults(search, found), search };
    }
    if (parsed.tool === 'order') {
      if (!request) {
        return {
          ok: false,
          name,
          payload: { error: 'unavailable', message: 'no customer to look orders up for' },
        };
      }
      const { payload, handoff } = encodeOrderResult(
        await tools.getOrderStatus(orderQuery(request, parsed.args)),
      );
      return { ok: true, name, payload, handoff };
    }
    if (parsed.tool === 'image') {
      const lang = guessLanguage(request ? pendingCustomerText(request) : '', 'es');
      const shown = profile
        ? await runImageTool(tools, parsed.identifier, parsed.identifierType, profile, lang)
        : null;
      if (!shown) {
        return notFound(name, parsed);
      }
      return { ok: true, name, payload: shown.payload, ...(shown.image ? { image: shown.image } : {}) };
    }
    const live = await tools.getLiveProductDetails(parsed.identifier, parsed.identifierType);
    if (!live) {
      return notFound(name, parsed);
    }
    return { ok: true, name, payload: encodeLiveDetails(live), live };
  } catch (e) {
    return {
      ok: false,
      name,
      payload: { error: 'tool_failed', message: (e as Error).message.slice(0, 300) },
    };
  }
}
