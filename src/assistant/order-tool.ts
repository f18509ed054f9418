import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { OrderStatusQuery, OrderStatusResult } from '../orders/order-status.service';
import type { OrderSummary } from '../orders/order-summary';
import type { AnswerRequest } from './answerer';

/**
 * `get_order_status`: the customer's own orders from the store. Who is asking comes from the request (the WhatsApp
 * number the message came from), never from the model; the model only passes what the customer wrote.
 */
export const ORDER_TOOL_DEFINITION: ChatCompletionFunctionTool = {
  type: 'function',
  function: {
    name: 'get_order_status',
    description:
      "Status of the customer's own orders (status, date, items, total, shipping method, tracking and the store's notes to the customer). On WhatsApp, call it with all nulls first: the customer's number identifies them. Otherwise, or when nothing is found, ask for the order number and the e-mail (or phone) used at checkout and pass them. Never guess an order number.",
    strict: true,
    parameters: {
      type: 'object',
      additionalProperties: false,
      required: ['order_number', 'email', 'phone'],
      properties: {
        order_number: {
          type: ['string', 'null'],
          description: 'The order number the customer gave, e.g. "5821".',
        },
        email: {
          type: ['string', 'null'],
          description: 'The e-mail the customer says they used at checkout.',
        },
        phone: {
          type: ['string', 'null'],
          description: 'A phone number the customer says they used at checkout.',
        },
      },
    },
  },
};

export interface OrderToolArgs {
  orderNumber: string | null;
  email: string | null;
  phone: string | null;
}

const field = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : typeof v === 'number' ? String(v) : null;

export function parseOrderToolArgs(args: Record<string, unknown>): OrderToolArgs {
  return {
    orderNumber: field(args.order_number, 40),
    email: field(args.email, 200),
    phone: field(args.phone, 40),
  };
}

function encodeOrder(o: OrderSummary): Record<string, unknown> {
  return {
    order_number: o.number,
    status: o.status,
    status_label_es: o.statusLabel.es,
    status_label_en: o.statusLabel.en,
    date: o.date,
    items: o.items,
    // `_price` so the grounding guard takes the total as a figure the store gave.
    total_price: o.total,
    currency: o.currency,
    shipping_method: o.shippingMethod,
    tracking: o.tracking,
    notes_from_store: o.notes,
  };
}

/** What the model reads; `handoff` tells the loop a person must take over. */
export function encodeOrderResult(result: OrderStatusResult): {
  payload: Record<string, unknown>;
  handoff: boolean;
} {
  switch (result.kind) {
    case 'found':
      return { payload: { found: true, orders: result.orders.map(encodeOrder) }, handoff: false };
    case 'need_details':
      return {
        payload: {
          found: false,
          ask_customer_for: result.missing.map((m) =>
            m === 'email' ? 'email_or_phone_used_at_checkout' : m,
          ),
        },
        handoff: false,
      };
    case 'not_found':
      return {
        payload: {
          found: false,
          message:
            'No order matches these details for this customer. Do not say whether the order number exists; ask them to check the number and the e-mail or phone used at checkout.',
        },
        handoff: false,
      };
    case 'too_many_attempts':
      return {
        payload: {
          found: false,
          handoff: true,
          message:
            'Too many failed look-ups: tell the customer a person from the team will help them with the order.',
        },
        handoff: true,
      };
    case 'unavailable':
      return {
        payload: {
          error: 'unavailable',
          message:
            'Orders cannot be checked right now: tell the customer a person from the team will check it.',
        },
        handoff: true,
      };
  }
}

/** The look-up for this request: the asker's identity comes from the request, never from the model's arguments. */
export function orderQuery(request: AnswerRequest, args: OrderToolArgs): OrderStatusQuery {
  return {
    conversationId: request.conversationId,
    customerPhone: request.channel === 'wa' ? (request.customerPhone ?? null) : null,
    ...args,
  };
}
