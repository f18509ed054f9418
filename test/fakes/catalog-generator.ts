import type { WcCatalog, WcProduct, WcVariation } from '../../src/woocommerce/woocommerce.types';

/**
 * Deterministic WooCommerce-shaped catalogs of any size (same shape as src/catalog/demo/demo-catalog.json) for
 * the sync and search benchmarks and tests. Every `variableEvery`-th product is variable with 2-4 variations;
 * about 10% have no SKU, about 15% are out of stock. Plain loops and string templates: 100k products in ~1 s.
 */

export interface GenerateOptions {
  /** First product id (variation ids start at `firstId + 10 * count`). */
  firstId?: number;
  /** Every n-th product is variable (0 = none). */
  variableEvery?: number;
  seed?: number;
}

const KINDS = [
  {
    cat: 'Neveras',
    noun: 'Nevera',
    brands: ['LG', 'Samsung', 'Mabe', 'Whirlpool', 'Haier'],
    unit: 'pies',
    sizes: [7, 9, 11, 14, 18, 25],
    base: 300,
  },
  {
    cat: 'Lavadoras',
    noun: 'Lavadora',
    brands: ['LG', 'Samsung', 'Whirlpool', 'Midea'],
    unit: 'kg',
    sizes: [11, 13, 17, 19, 22],
    base: 280,
  },
  {
    cat: 'Televisores',
    noun: 'Televisor',
    brands: ['Samsung', 'LG', 'TCL', 'Hisense', 'Sony'],
    unit: 'pulgadas',
    sizes: [32, 43, 50, 55, 65, 75],
    base: 180,
  },
  {
    cat: 'Celulares',
    noun: 'Celular',
    brands: ['Samsung', 'Xiaomi', 'Motorola', 'Apple', 'Tecno'],
    unit: 'GB',
    sizes: [64, 128, 256, 512],
    base: 120,
  },
  {
    cat: 'Laptops',
    noun: 'Laptop',
    brands: ['HP', 'Lenovo', 'Dell', 'ASUS', 'Acer'],
    unit: 'GB RAM',
    sizes: [8, 16, 32],
    base: 400,
  },
  {
    cat: 'Audífonos',
    noun: 'Audífonos',
    brands: ['JBL', 'Sony', 'Xiaomi', 'Samsung'],
    unit: 'horas',
    sizes: [20, 30, 40, 57],
    base: 25,
  },
  {
    cat: 'Licuadoras',
    noun: 'Licuadora',
    brands: ['Oster', 'Black+Decker', 'Ninja'],
    unit: 'W',
    sizes: [400, 600, 900, 1200],
    base: 35,
  },
  {
    cat: 'Aires Acondicionados',
    noun: 'Aire Acondicionado',
    brands: ['LG', 'Samsung', 'Midea', 'Daikin'],
    unit: 'BTU',
    sizes: [9000, 12000, 18000, 24000],
    base: 350,
  },
  {
    cat: 'Microondas',
    noun: 'Microondas',
    brands: ['Samsung', 'LG', 'Oster', 'Whirlpool'],
    unit: 'L',
    sizes: [20, 23, 30, 42],
    base: 90,
  },
  {
    cat: 'Ventiladores',
    noun: 'Ventilador',
    brands: ['Oster', 'Samurai', 'Xiaomi'],
    unit: 'pulgadas',
    sizes: [12, 16, 18, 20],
    base: 30,
  },
] as const;
const COLORS = ['Negro', 'Blanco', 'Plata', 'Azul', 'Rojo', 'Gris'];
const ADJECTIVES = ['Inverter', 'Smart', 'Pro', 'Plus', 'Eco', 'Max', 'Digital', 'Compacto'];

/** Small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const money = (n: number): string => n.toFixed(2);

export function generateCatalog(count: number, options: GenerateOptions = {}): WcCatalog {
  const firstId = options.firstId ?? 100_000;
  const variableEvery = options.variableEvery ?? 20;
  const rand = prng(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const products: WcProduct[] = [];
  const variations: Record<string, WcVariation[]> = {};
  let nextVariationId = firstId + 10 * count;
  const baseTime = Date.UTC(2025, 0, 1);

  for (let i = 0; i < count; i++) {
    const id = firstId + i;
    const kind = KINDS[i % KINDS.length];
    const brand = pick(kind.brands);
    const size = pick(kind.sizes);
    const adjective = pick(ADJECTIVES);
    const model = `${brand.slice(0, 3).toUpperCase()}${(id * 7919) % 100000}`;
    const name = `${kind.noun} ${brand} ${adjective} ${size} ${kind.unit} ${model}`;
    const slug = `${kind.noun}-${brand}-${model}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const regular = kind.base + Math.floor(rand() * kind.base * 3);
    const onSale = rand() < 0.2;
    const outOfStock = rand() < 0.15;
    const managed = rand() < 0.7;
    const modified = new Date(baseTime + i * 60_000).toISOString().slice(0, 19);
    const isVariable = variableEvery > 0 && i % variableEvery === variableEvery - 1;
    const sku = rand() < 0.1 ? '' : `${model}-${id}`;
    const catId = 10 + (i % KINDS.length);
    const product: WcProduct = {
      id,
      name,
      slug,
      permalink: `https://bench.example.com/producto/${slug}/`,
      type: isVariable ? 'variable' : 'simple',
      status: 'publish',
      description: `<p>${name}: ${kind.noun.toLowerCase()} ${brand} de ${size} ${kind.unit}, tecnología ${adjective} &amp; garantía de 1 año.</p>\n<ul><li>Modelo ${model}</li><li>Color&nbsp;${pick(COLORS)}</li></ul>\n`,
      short_description: `<p>${kind.noun} ${size} ${kind.unit}</p>`,
      sku,
      price: isVariable ? '' : money(onSale ? regular * 0.9 : regular),
      regular_price: isVariable ? '' : money(regular),
      sale_price: isVariable || !onSale ? '' : money(regular * 0.9),
      on_sale: !isVariable && onSale,
      manage_stock: managed,
      stock_quantity: managed ? (outOfStock ? 0 : 1 + Math.floor(rand() * 30)) : null,
      stock_status: outOfStock ? 'outofstock' : 'instock',
      categories: [{ id: catId, name: kind.cat, slug: kind.cat.toLowerCase().replace(/[^a-z]+/g, '-') }],
      tags: rand() < 0.5 ? [{ id: 200 + (i % 7), name: adjective, slug: adjective.toLowerCase() }] : [],
      images: [{ id: id + 5_000_000, src: `https://bench.example.com/img/${slug}.jpg`, name: slug, alt: '' }],
      attributes: [{ id: 1, name: 'Marca', position: 0, visible: true, variation: false, options: [brand] }],
      variations: [],
      date_modified: modified,
      date_modified_gmt: modified,
    };
    if (isVariable) {
      const colors = COLORS.slice(0, 2 + (i % 3));
      product.attributes.push({
        id: 2,
        name: 'Color',
        position: 1,
        visible: true,
        variation: true,
        options: colors,
      });
      const list = colors.map((color, j): WcVariation => {
        const vid = nextVariationId++;
        const vOut = rand() < 0.15;
        return {
          id: vid,
          permalink: `${product.permalink}?attribute_pa_color=${color.toLowerCase()}`,
          status: 'publish',
          description: '',
          sku: sku ? `${sku}-${color.slice(0, 3).toUpperCase()}` : '',
          price: money(regular + j * 10),
          regular_price: money(regular + j * 10),
          sale_price: '',
          on_sale: false,
          manage_stock: j === 0 ? 'parent' : true,
          stock_quantity: vOut ? 0 : 1 + Math.floor(rand() * 10),
          stock_status: vOut ? 'outofstock' : 'instock',
          image: null,
          attributes: [{ id: 2, name: 'Color', option: color }],
          date_modified: modified,
          date_modified_gmt: modified,
        };
      });
      product.variations = list.map((v) => v.id);
      variations[String(id)] = list;
    }
    products.push(product);
  }
  return { products, variations };
}
