/**
 * WooCommerce REST v3 shapes the bot reads (docs/contracts/woocommerce.md §5-§6). Only the
 * fields we use are typed; WooCommerce adds undocumented ones, which are ignored. Money is a string ("" when
 * unset), ids are integers, dates are ISO 8601 without a zone (`_gmt` = UTC).
 */
export type WcStockStatus = 'instock' | 'outofstock' | 'onbackorder';

export interface WcTerm {
  id: number;
  name: string;
  slug: string;
}

export interface WcImage {
  id: number;
  src: string;
  name?: string;
  alt?: string;
}

export interface WcProductAttribute {
  id: number;
  name: string;
  position?: number;
  visible?: boolean;
  variation: boolean;
  options: string[];
}

export interface WcVariationAttribute {
  id: number;
  name: string;
  /** "" = "any value" for this attribute (woocommerce.md §6). */
  option: string;
}

export interface WcProduct {
  id: number;
  name: string;
  slug: string;
  permalink: string;
  /** `simple`, `grouped`, `external`, `variable`; `variation` on variation objects from a SKU search. */
  type: string;
  /** `publish`, `draft`, `pending`, `private` */
  status: string;
  description: string;
  short_description: string;
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: WcStockStatus;
  categories: WcTerm[];
  tags: WcTerm[];
  images: WcImage[];
  attributes: WcProductAttribute[];
  variations: number[];
  /** Set on variation objects returned by a `sku` search. */
  parent_id?: number;
  date_modified: string | null;
  date_modified_gmt: string | null;
}

export interface WcVariation {
  id: number;
  /** Newer WooCommerce sends a generated name; the documented field list has none. */
  name?: string;
  type?: 'variation';
  parent_id?: number;
  permalink: string;
  status: string;
  description: string;
  sku: string;
  price: string;
  regular_price: string;
  sale_price: string;
  on_sale: boolean;
  /** `"parent"`: stock is managed on the parent, whose quantity is reported here (woocommerce.md §6). */
  manage_stock: boolean | 'parent';
  stock_quantity: number | null;
  stock_status: WcStockStatus;
  image: WcImage | null;
  attributes: WcVariationAttribute[];
  date_modified: string | null;
  date_modified_gmt: string | null;
}

/** The demo catalog's shape, also produced by the test catalog generator. */
export interface WcCatalog {
  products: WcProduct[];
  variations: Record<string, WcVariation[]>;
}

export interface WcPage<T> {
  items: T[];
  /** `X-WP-Total` */
  total: number;
  /** `X-WP-TotalPages` */
  totalPages: number;
}

export interface WcErrorBody {
  code: string;
  message: string;
  data?: { status?: number };
}
