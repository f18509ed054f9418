/**
 * WooCommerce REST v3 order shapes the order-status tool reads (docs/contracts/woocommerce.md, orders). Only the
 * fields we use are typed; unknown ones are ignored. Orders are personal data: never log them whole.
 */
export interface WcOrderAddress {
  first_name: string;
  last_name: string;
  country: string;
  /** Billing only. */
  email?: string;
  /** As the buyer typed it at checkout ("0412-555-0123"); `shipping.phone` only on newer stores. */
  phone?: string;
}

export interface WcOrderLineItem {
  id: number;
  name: string;
  product_id: number;
  variation_id: number;
  quantity: number;
  total: string;
  /** null when the product was deleted since. */
  sku: string | null;
}

export interface WcOrderShippingLine {
  id: number;
  method_title: string;
  method_id: string;
  total: string;
}

export interface WcMeta {
  id: number;
  key: string;
  value: unknown;
}

export interface WcOrder {
  id: number;
  /** What the customer sees; `String(id)` unless a sequential-number plugin is active. */
  number: string;
  /** Without the `wc-` prefix: pending, on-hold, processing, completed, cancelled, refunded, failed, or a plugin's. */
  status: string;
  currency: string;
  /** Site-local time, no zone. */
  date_created: string;
  date_created_gmt: string;
  date_completed?: string | null;
  total: string;
  shipping_total: string;
  customer_id: number;
  billing: WcOrderAddress;
  shipping: WcOrderAddress;
  payment_method_title: string;
  line_items: WcOrderLineItem[];
  shipping_lines: WcOrderShippingLine[];
  refunds?: { id: number; reason: string; total: string }[];
  meta_data: WcMeta[];
}

export interface WcOrderNote {
  id: number;
  author: string;
  date_created: string;
  /** May contain HTML (links) and entities. */
  note: string;
  /** true = shown to the customer; false = a private staff note, never quoted. */
  customer_note: boolean;
}
