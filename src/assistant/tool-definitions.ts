import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { IMAGE_TOOL_DEFINITION } from './image-tool';
import { PRODUCT_IDENTIFIER_PARAMETERS } from './product-identifier-schema';
import { ORDER_TOOL_DEFINITION } from './order-tool';

/**
 * The LLM tools (openai.md §2: strict schemas need additionalProperties:false and every property required, so
 * optional ones are unions with null); `assistant-tools.ts` parses and runs their calls.
 */
export const TOOL_DEFINITIONS: ChatCompletionFunctionTool[] = [
  {
    type: 'function',
    function: {
      name: 'search_local_products',
      description:
        'Search the store catalog (semantic + keyword + SKU). Use short queries with the product type, brand, model or features. Put a budget or a price order in min_price / max_price / sort (e.g. "neveras de menos de 500" → query_text "nevera", max_price 500; "el televisor más barato" → query_text "televisor", sort "price_asc"). Returns up to 8 products with wc_product_id, sku, name, price and stock, and applied_filters; price_is_from=true means the lowest price among its variations (say “desde” or “from”). count 0 means the store has nothing of that kind: say so and offer store_categories; never offer unrelated products.',
      strict: true,
      parameters: {
        type: 'object',
        additionalProperties: false,
        required: ['query_text', 'filter_stock', 'min_price', 'max_price', 'sort'],
        properties: {
          query_text: {
            type: 'string',
            description: 'What to look for, e.g. "licuadora 600W" or "Samsung A54 128GB".',
          },
          filter_stock: {
            type: ['boolean', 'null'],
            description: 'true (default) = only products in stock; false = include out-of-stock products.',
          },
          min_price: {
            type: ['number', 'null'],
            description:
              'Lowest price the customer will pay, in the store currency ("más de 900" → 900); null = none.',
          },
          max_price: {
            type: ['number', 'null'],
            description:
              'Highest price the customer will pay ("menos de 500", "hasta 600", "under 300"); null = none.',
          },
          sort: {
            type: ['string', 'null'],
            enum: ['relevance', 'price_asc', 'price_desc', null],
            description:
              'price_asc = cheapest first ("el más barato"), price_desc = dearest first ("el más caro"); null or relevance = best match first.',
          },
        },
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'get_live_product_details',
      description:
        'Current price, stock and variations of one product, straight from the store. Use before confirming price or availability of a specific product.',
      strict: true,
      parameters: PRODUCT_IDENTIFIER_PARAMETERS,
    },
  },
  ORDER_TOOL_DEFINITION,
  IMAGE_TOOL_DEFINITION,
];

const TOOL_NAMES = new Set(TOOL_DEFINITIONS.map((t) => t.function.name));

/**
 * Local models behind compatible servers sometimes write a tool call as plain text instead of `tool_calls`
 * (openai.md §1, inferred), e.g. `{"name": "search_local_products", "arguments": {…}}`, maybe in a code fence.
 * Returns the call when the whole text is one, so the loop can run it instead of sending JSON to a customer.
 */
export function parseTextToolCall(content: string): { name: string; arguments: string } | null {
  const m = /^\s*(?:```(?:json)?\s*)?(\{[\s\S]*\})\s*(?:```)?\s*$/.exec(content);
  if (!m) return null;
  try {
    const parsed = JSON.parse(m[1]) as { name?: unknown; arguments?: unknown; parameters?: unknown };
    const args = parsed.arguments ?? parsed.parameters;
    if (typeof parsed.name !== 'string' || !TOOL_NAMES.has(parsed.name)) return null;
    if (typeof args === 'string') return { name: parsed.name, arguments: args };
    if (args && typeof args === 'object') return { name: parsed.name, arguments: JSON.stringify(args) };
    return null;
  } catch {
    return null;
  }
}
