import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The catalog's vocabulary for typo correction (the pg_trgm documentation's recipe): every word of product names,
 * SKUs, categories, tags, attributes and searchable text, kept by a trigger. Looking a misspelt query word up here
 * ("samsun" → "samsung") costs a small index probe; matching it fuzzily against every product name would cost
 * time proportional to the catalog. Words are never removed: a stale word only offers a correction that matches
 * nothing.
 */
// The JSON keys of the categories and attributes columns, which are read as text.
const JSON_KEYS = `ARRAY['name', 'slug', 'options', 'variation', 'true', 'false', 'null']`;

export class SearchWords1764200000002 implements MigrationInterface {
  name = 'SearchWords1764200000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE search_words (word text PRIMARY KEY)`);
    await q.query(`CREATE INDEX search_words_trgm_idx ON search_words USING gin (word gin_trgm_ops)`);
    await q.query(`
      CREATE FUNCTION namwoo_products_search_words() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO search_words (word)
        SELECT DISTINCT w
        FROM regexp_split_to_table(namwoo_fold(concat_ws(' ', NEW.name_folded, NEW.search_text,
               NEW.categories::text, NEW.attributes::text)), '[^a-z0-9]+') AS w
        WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]' AND w <> ALL (${JSON_KEYS})
        ON CONFLICT DO NOTHING;
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER products_search_words
        AFTER INSERT OR UPDATE OF name, sku, search_text, categories, attributes ON products
        FOR EACH ROW EXECUTE FUNCTION namwoo_products_search_words()`);
    await q.query(`
      INSERT INTO search_words (word)
      SELECT DISTINCT w
      FROM products,
           regexp_split_to_table(namwoo_fold(concat_ws(' ', name_folded, search_text, categories::text,
             attributes::text)), '[^a-z0-9]+') AS w
      WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]' AND w <> ALL (${JSON_KEYS})
      ON CONFLICT DO NOTHING`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS products_search_words ON products`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_products_search_words()`);
    await q.query(`DROP TABLE IF EXISTS search_words`);
  }
}
