import type { WcCatalog } from '../../woocommerce/woocommerce.types';
import catalog from './demo-catalog.json';

/**
 * The demo catalog the app loads on an empty embedded database (LOAD_DEMO_CATALOG), in WooCommerce REST v3 shape
 * so it goes through the same mapping, upsert and embedding as a real store. Imported (not read from disk) so the
 * build copies it into dist/. Not named `demo-catalog.ts`: ts-node resolves an extensionless `demo-catalog` to the
 * JSON file before the TypeScript one.
 */
export function demoCatalog(): WcCatalog {
  return structuredClone(catalog as unknown as WcCatalog);
}
