import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `customer_price`: what a customer pays for a row, kept by the availability trigger so price bounds and price
 * order are plain column tests inside every search lane (and the HNSW iterative scan). A simple product or a
 * variation costs its price; a variable product costs its cheapest variation still for sale (WooCommerce's "from"
 * price), its cheapest variation when none is, or its own price before its variations are synced. A variation's
 * new price recomputes its parent, like its stock status does.
 */
export class SearchCustomerPrice1764400000100 implements MigrationInterface {
  name = 'SearchCustomerPrice1764400000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE products ADD COLUMN customer_price numeric(14, 2) NULL`);
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_products_availability() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.parent_wc_id IS NULL AND NEW.type = 'variable' THEN
          SELECT coalesce(bool_or(c.stock_status <> 'outofstock'), NEW.stock_status <> 'outofstock'),
                 coalesce(min(c.price) FILTER (WHERE c.stock_status <> 'outofstock'), min(c.price), NEW.price)
            INTO NEW.available, NEW.customer_price
            FROM products c WHERE c.parent_wc_id = NEW.wc_id;
        ELSE
          NEW.available := NEW.stock_status <> 'outofstock';
          NEW.customer_price := NEW.price;
        END IF;
        RETURN NEW;
      END
      $$`);
    await q.query(`DROP TRIGGER products_parent_availability ON products`);
    await q.query(`
      CREATE TRIGGER products_parent_availability
        AFTER INSERT OR DELETE OR UPDATE OF stock_status, parent_wc_id, price ON products
        FOR EACH ROW EXECUTE FUNCTION namwoo_products_parent_availability()`);
    // Browsing by price alone ("lo más barato que tengan") reads products in price order.
    await q.query(
      `CREATE INDEX products_customer_price_idx ON products (customer_price) WHERE parent_wc_id IS NULL`,
    );
    await q.query(`UPDATE products SET available = available WHERE parent_wc_id IS NOT NULL`);
    await q.query(`UPDATE products SET available = available WHERE parent_wc_id IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS products_customer_price_idx`);
    await q.query(`DROP TRIGGER products_parent_availability ON products`);
    await q.query(`
      CREATE TRIGGER products_parent_availability
        AFTER INSERT OR DELETE OR UPDATE OF stock_status, parent_wc_id ON products
        FOR EACH ROW EXECUTE FUNCTION namwoo_products_parent_availability()`);
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_products_availability() RETURNS trigger
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
    await q.query(`ALTER TABLE products DROP COLUMN IF EXISTS customer_price`);
  }
}
