import type { WcOrder, WcOrderNote } from '../../src/woocommerce/woocommerce-orders.types';
import type { FakeResponse, RecordedRequest } from './fake-http-server';

/**
 * Orders of the fake store (docs/contracts/woocommerce.md, orders): guest and registered buyers, every core status
 * and a plugin one, a refund, a deleted product (`sku: null`), `price` as a number, shipment-tracking meta, customer
 * and private notes. `search` works the legacy way: a numeric term matches that id exactly, anything else is a
 * case-insensitive substring of the billing/shipping text as the buyer typed it, last name, e-mail and item names.
 */

type FakeOrder = WcOrder & Record<string, unknown>;

const STATUSES = new Set([
  'pending',
  'on-hold',
  'processing',
  'completed',
  'cancelled',
  'refunded',
  'failed',
  'checkout-draft',
  'shipped',
]);

const address = (first: string, last: string, phone: string, email?: string): WcOrder['billing'] => ({
  first_name: first,
  last_name: last,
  country: 'VE',
  phone,
  ...(email !== undefined ? { email } : {}),
  ...{
    company: '',
    address_1: 'Av. Principal 12',
    address_2: '',
    city: 'Caracas',
    state: 'DF',
    postcode: '1010',
  },
});

function order(
  id: number,
  status: string,
  created: string,
  buyer: { first: string; last: string; email: string; phone: string; customerId?: number },
  items: { name: string; sku: string | null; qty: number; total: string; productId: number }[],
  extra: Partial<FakeOrder> = {},
): FakeOrder {
  const total = items.reduce((n, i) => n + Number(i.total), 0) + 7;
  const local = new Date(Date.parse(`${created}Z`) - 4 * 3600_000).toISOString().slice(0, 19);
  return {
    id,
    parent_id: 0,
    number: String(id),
    status,
    currency: 'USD',
    date_created: local,
    date_created_gmt: created,
    date_completed: status === 'completed' ? local : null,
    total: total.toFixed(2),
    shipping_total: '7.00',
    customer_id: buyer.customerId ?? 0,
    customer_note: '',
    billing: address(buyer.first, buyer.last, buyer.phone, buyer.email),
    shipping: address(buyer.first, buyer.last, ''),
    payment_method: 'bacs',
    payment_method_title: 'Transferencia bancaria',
    line_items: items.map((i, k) => ({
      id: id * 10 + k,
      name: i.name,
      product_id: i.productId,
      variation_id: 0,
      quantity: i.qty,
      subtotal: i.total,
      total: i.total,
      sku: i.sku,
      price: Number(i.total) / i.qty,
      meta_data: [],
    })),
    shipping_lines: [
      { id: id * 10 + 9, method_title: 'Envío nacional', method_id: 'flat_rate', total: '7.00' },
    ],
    refunds: [],
    meta_data: [],
    ...extra,
  };
}

const CARLA = { first: 'Carla', last: 'Pérez', email: 'carla@example.com', phone: '0412-555-0123' };
const LUIS = {
  first: 'Luis',
  last: 'Gómez',
  email: 'luis@example.com',
  phone: '+58 414 7654321',
  customerId: 57,
};
const ANA = { first: 'Ana', last: 'Rojas', email: 'ana.rojas@example.com', phone: '(0424) 111 2233' };
const blender = { name: 'Licuadora Oster 600W', sku: 'OST-600', qty: 1, total: '45.00', productId: 1207 };
const tv = {
  name: 'Smart TV Samsung 32" HD UN32T4300',
  sku: 'UN32T4300',
  qty: 1,
  total: '229.00',
  productId: 1021,
};

export function orderFixtures(): { orders: FakeOrder[]; notes: Map<number, WcOrderNote[]> } {
  const orders = [
    order(5821, 'processing', '2026-11-20T14:20:11', CARLA, [blender], {
      meta_data: [
        {
          id: 7712,
          key: '_wc_shipment_tracking_items',
          value: [
            {
              tracking_provider: 'mrw',
              custom_tracking_provider: '',
              custom_tracking_link: '',
              tracking_number: '123456789',
              date_shipped: 1763683200,
              tracking_id: '5f1c0d2e9a',
            },
          ],
        },
      ],
    }),
    order(5790, 'completed', '2026-10-02T15:00:00', CARLA, [tv]),
    order(5822, 'completed', '2026-11-21T12:00:00', LUIS, [tv, { ...blender, qty: 2, total: '90.00' }]),
    order(5830, 'shipped', '2026-11-22T18:30:00', ANA, [blender]),
    order(5840, 'refunded', '2026-11-01T10:00:00', LUIS, [blender], {
      refunds: [{ id: 5841, reason: 'Producto defectuoso', total: '-52.00' }],
    }),
    order(5850, 'cancelled', '2026-11-03T10:00:00', ANA, [
      { name: 'Cafetera descontinuada', sku: null, qty: 1, total: '30.00', productId: 999 },
    ]),
    order(5860, 'pending', '2026-11-24T09:00:00', LUIS, [blender]),
    order(5861, 'failed', '2026-11-24T09:05:00', LUIS, [blender]),
    order(5862, 'on-hold', '2026-11-24T09:10:00', ANA, [tv]),
    order(5863, 'checkout-draft', '2026-11-24T09:15:00', CARLA, [tv]),
  ];
  const note = (
    id: number,
    text: string,
    customer: boolean,
    date: string,
    author = 'system',
  ): WcOrderNote => ({
    id,
    author,
    date_created: date,
    note: text,
    customer_note: customer,
  });
  const notes = new Map<number, WcOrderNote[]>([
    [
      5821,
      [
        note(9003, 'Tu pedido salió por MRW, guía <b>123456789</b>.', true, '2026-11-21T10:00:00', 'Tienda'),
        note(9002, 'Cliente difícil, verificar pago dos veces.', false, '2026-11-20T11:00:00', 'Tienda'),
        note(9001, 'Order status changed from Pending payment to Processing.', false, '2026-11-20T10:25:40'),
      ],
    ],
  ]);
  return { orders, notes };
}

const error = (status: number, code: string, message: string): FakeResponse => ({
  status,
  body: { code, message, data: { status } },
});

export class FakeWooOrders {
  readonly orders: FakeOrder[];
  readonly notes: Map<number, WcOrderNote[]>;
  /** The key's user cannot read orders (a key made for a non-manager). */
  noOrderAccess = false;

  constructor() {
    const f = orderFixtures();
    this.orders = f.orders;
    this.notes = f.notes;
  }

  route(req: RecordedRequest, rest: string, pageOf: <T>(items: T[]) => FakeResponse): FakeResponse {
    if (this.noOrderAccess)
      return error(403, 'woocommerce_rest_cannot_view', 'Sorry, you cannot list resources.');
    let m: RegExpMatchArray | null;
    if (rest === '/orders') return this.list(req, pageOf);
    if ((m = rest.match(/^\/orders\/(\d+)$/))) {
      const o = this.orders.find((x) => x.id === Number(m![1]));
      return o
        ? { status: 200, body: o }
        : error(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid ID.');
    }
    if ((m = rest.match(/^\/orders\/(\d+)\/notes$/))) {
      const id = Number(m[1]);
      if (!this.orders.some((x) => x.id === id)) {
        return error(404, 'woocommerce_rest_shop_order_invalid_id', 'Invalid order ID.');
      }
      const type = req.query.get('type') ?? 'any';
      if (!['any', 'customer', 'internal'].includes(type)) {
        return error(400, 'rest_invalid_param', 'Invalid parameter(s): type');
      }
      const all = this.notes.get(id) ?? [];
      const body = all.filter((n) => type === 'any' || n.customer_note === (type === 'customer'));
      return { status: 200, body };
    }
    return error(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  }

  private list(req: RecordedRequest, pageOf: <T>(items: T[]) => FakeResponse): FakeResponse {
    const q = req.query;
    let items = [...this.orders];
    const status = q.get('status') ?? (q.getAll('status[]').join(',') || 'any');
    const wanted = status.split(',').filter(Boolean);
    if (wanted.some((s) => s !== 'any' && s !== 'trash' && !STATUSES.has(s))) {
      return error(400, 'rest_invalid_param', 'Invalid parameter(s): status');
    }
    if (!wanted.includes('any')) items = items.filter((o) => wanted.includes(o.status));
    const customer = q.get('customer');
    if (customer) items = items.filter((o) => o.customer_id === Number(customer));
    const gmt = q.get('dates_are_gmt') === 'true' || q.get('dates_are_gmt') === '1';
    for (const [param, cmp] of [
      ['after', 1],
      ['before', -1],
    ] as const) {
      const v = q.get(param);
      if (!v) continue;
      const t = Date.parse(`${v.replace(/Z$/, '')}Z`);
      if (Number.isNaN(t)) return error(400, 'rest_invalid_param', `Invalid parameter(s): ${param}`);
      items = items.filter(
        (o) => (Date.parse(`${gmt ? o.date_created_gmt : o.date_created}Z`) - t) * cmp > 0,
      );
    }
    const search = q.get('search')?.trim().toLowerCase();
    if (search) {
      items = /^\d+$/.test(search)
        ? items.filter((o) => o.id === Number(search) || this.searchText(o).includes(search))
        : items.filter((o) => this.searchText(o).includes(search));
    }
    const dir = (q.get('order') ?? 'desc') === 'asc' ? 1 : -1;
    const orderby = q.get('orderby') ?? 'date';
    items.sort((a, b) => {
      const ka = orderby === 'id' ? a.id : a.date_created_gmt;
      const kb = orderby === 'id' ? b.id : b.date_created_gmt;
      return (ka < kb ? -1 : ka > kb ? 1 : a.id - b.id) * dir;
    });
    return pageOf(items);
  }

  /** `_billing_address_index` and `_shipping_address_index` (every field joined by spaces), e-mail, item names. */
  private searchText(o: FakeOrder): string {
    const index = (a: Record<string, unknown>): string => Object.values(a).filter(Boolean).join(' ');
    return [
      index(o.billing as unknown as Record<string, unknown>),
      index(o.shipping as unknown as Record<string, unknown>),
      o.billing.last_name,
      o.billing.email,
      ...o.line_items.map((i) => i.name),
    ]
      .join(' ')
      .toLowerCase();
  }
}
