import type { MigrationInterface, QueryRunner } from 'typeorm';

const TRIGGER = `
  CREATE TRIGGER products_search_words
    AFTER INSERT OR UPDATE OF name, sku, search_text, categories, attributes ON products
    FOR EACH ROW`;

/**
 * The vocabulary trigger is skipped in the sync's batches by its condition, not by its function: the function
 * returned at once when `namwoo.search_words = 'batch'`, but an AFTER row trigger first queues an event for every
 * row written and fetches the row again to run it (0.35–0.8 s of PGlite's time in a 10,000-product import,
 * docs/sync.md, "Fourth round"). With WHEN the event is not queued at all. Writes outside a batch (a product
 * refreshed on its own, a script) still add their words row by row.
 */
export class SearchWordsTriggerWhen1764900000000 implements MigrationInterface {
  name = 'SearchWordsTriggerWhen1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER products_search_words ON products`);
    await q.query(`${TRIGGER}
      WHEN (current_setting('namwoo.search_words', true) IS DISTINCT FROM 'batch')
      EXECUTE FUNCTION namwoo_products_search_words()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER products_search_words ON products`);
    await q.query(`${TRIGGER} EXECUTE FUNCTION namwoo_products_search_words()`);
  }
}
