import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `available`: whether a row can be sold now, kept by triggers so the in-stock search filter is a plain column test
 * (cheap inside the HNSW iterative scan and the text lanes). A simple product or a variation is available when it
 * is not out of stock; a variable product when one of its variations is (or, before its variations are synced,
 * by its own status). Variation changes recompute their parent.
 */
export class SearchAvailability1764200000001 implements MigrationInterface {
  name = 'SearchAvailability1764200000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE products ADD COLUMN available boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE FUNCTION namwoo_products_availability() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parent_wc_id IS NULL AND NEW.type = 'variable' THEN
          NEW.available := coalesce(
            (SELECT bool_or(c.stock_status <> 'outofstock') FROM products c WHERE c.parent_wc_id = NEW.wc_id),
            NEW.stock_status <> 'outofstock');
        ELSE
          NEW.available := NEW.stock_status <> 'outofstock';
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER products_availability BEFORE INSERT OR UPDATE ON products
        FOR EACH ROW EXECUTE FUNCTION namwoo_products_availability()`);
    // Touching the parent row re-runs the BEFORE trigger above on it.
    await q.query(`
      CREATE FUNCTION namwoo_products_parent_availability() RETURNS trigger
        LANGUAGE plpgsql AS $$
      DECLARE
        parent bigint := CASE WHEN TG_OP = 'DELETE' THEN OLD.parent_wc_id ELSE NEW.parent_wc_id END;
      BEGIN
        IF parent IS NOT NULL THEN
          UPDATE products SET available = available WHERE wc_id = parent AND parent_wc_id IS NULL;
        END IF;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER products_parent_availability
        AFTER INSERT OR DELETE OR UPDATE OF stock_status, parent_wc_id ON products
        FOR EACH ROW EXECUTE FUNCTION namwoo_products_parent_availability()`);
    await q.query(`UPDATE products SET available = available WHERE parent_wc_id IS NOT NULL`);
    await q.query(`UPDATE products SET available = available WHERE parent_wc_id IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS products_parent_availability ON products`);
    await q.query(`DROP TRIGGER IF EXISTS products_availability ON products`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_products_parent_availability()`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_products_availability()`);
    await q.query(`ALTER TABLE products DROP COLUMN IF EXISTS available`);
  }
}
