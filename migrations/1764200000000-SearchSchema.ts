import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hybrid search schema: accent-folding Spanish and English text search configurations, a trigger that
 * derives `search_vector`, the model-number keys and the folded name from the columns the sync fills, and
 * pg_trgm indexes for the model/SKU lane. The HNSW index is not here: the vector column has no fixed dimension
 * (it depends on the configured embedder), so `CatalogSearchService` creates a partial expression index for the
 * current model at start (see `CatalogSearchRepository.ensureVectorIndex`).
 */
export class SearchSchema1764200000000 implements MigrationInterface {
  name = 'SearchSchema1764200000000';

  public async up(q: QueryRunner): Promise<void> {
    // unaccent before the stemmer: "refrigeración" and "refrigeracion" give the same lexeme.
    await q.query(`CREATE TEXT SEARCH CONFIGURATION namwoo_es (COPY = pg_catalog.spanish)`);
    await q.query(`
      ALTER TEXT SEARCH CONFIGURATION namwoo_es
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem`);
    await q.query(`CREATE TEXT SEARCH CONFIGURATION namwoo_en (COPY = pg_catalog.english)`);
    await q.query(`
      ALTER TEXT SEARCH CONFIGURATION namwoo_en
        ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem`);

    // Lower-case and accent-free without unaccent(), which is only STABLE and so cannot back an index expression.
    await q.query(`
      CREATE FUNCTION namwoo_fold(input text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT translate(lower(coalesce(input, '')), 'áàâäãéèêëíìîïóòôöõúùûüñç', 'aaaaaeeeeiiiiooooouuuunc') $$`);

    // Model-number keys, space separated: every word that carries a digit, alphanumeric only ("SM-A546E" →
    // "sma546e", plus its parts "sm" "a546e"), and a number glued to its neighbour word ("128 GB" → "128gb",
    // "A 54" → "a54"). The query goes through the same function, so both sides always agree.
    await q.query(`
      CREATE FUNCTION namwoo_model_keys(input text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$
          WITH words AS (
            SELECT w, ord, regexp_replace(w, '[^a-z0-9]', '', 'g') AS k
            FROM regexp_split_to_table(namwoo_fold(input), '[\\s,;:()\\[\\]"/+]+') WITH ORDINALITY AS t(w, ord)
            WHERE w <> ''
          ),
          keys AS (
            SELECT k FROM words WHERE k ~ '[0-9]' AND k ~ '[a-z0-9]{2,}'
            UNION
            SELECT regexp_replace(part, '[^a-z0-9]', '', 'g')
            FROM words, regexp_split_to_table(w, '[-._]+') AS part
            WHERE w ~ '[-._]' AND part ~ '[0-9]' AND length(part) >= 2
            UNION
            SELECT a.k || b.k
            FROM words a JOIN words b ON b.ord = a.ord + 1
            WHERE (a.k ~ '^[0-9]+$' AND b.k ~ '^[a-z]{1,3}$')
               OR (a.k ~ '^[a-z]{1,3}$' AND b.k ~ '^[0-9]+[a-z]?$')
          )
          SELECT coalesce(string_agg(k, ' ' ORDER BY k), '') FROM keys WHERE k <> ''
        $$`);

    await q.query(`ALTER TABLE products ADD COLUMN model_keys text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE products ADD COLUMN sku_key text NULL`);
    await q.query(`ALTER TABLE products ADD COLUMN name_folded text NOT NULL DEFAULT ''`);

    // Weights: A = name, SKU and model keys; B = categories, tags and attributes; C = the synced search text
    // (which carries the description as plain text), or the description with its HTML tags removed.
    await q.query(`
      CREATE FUNCTION namwoo_products_search_fields() RETURNS trigger
        LANGUAGE plpgsql AS $$
      DECLARE
        head text;
        terms text;
        body text;
      BEGIN
        NEW.sku_key := nullif(regexp_replace(namwoo_fold(NEW.sku), '[^a-z0-9]', '', 'g'), '');
        NEW.name_folded := namwoo_fold(concat_ws(' ', NEW.name, NEW.sku));
        SELECT concat_ws(' ',
                 (SELECT string_agg(c->>'name', ' ') FROM jsonb_array_elements(NEW.categories) c),
                 (SELECT string_agg(t->>'name', ' ') FROM jsonb_array_elements(NEW.tags) t),
                 (SELECT string_agg(concat_ws(' ', a->>'name',
                            (SELECT string_agg(o, ' ') FROM jsonb_array_elements_text(a->'options') o)), ' ')
                    FROM jsonb_array_elements(NEW.attributes) a))
          INTO terms;
        NEW.model_keys := namwoo_model_keys(concat_ws(' ', NEW.name, NEW.sku, terms));
        head := concat_ws(' ', NEW.name, NEW.sku, NEW.sku_key, NEW.model_keys);
        body := CASE WHEN coalesce(NEW.search_text, '') <> '' THEN NEW.search_text
                     ELSE regexp_replace(coalesce(NEW.description, ''), '<[^>]*>', ' ', 'g') END;
        NEW.search_vector :=
             setweight(to_tsvector('namwoo_es', head), 'A')
          || setweight(to_tsvector('namwoo_en', head), 'A')
          || setweight(to_tsvector('namwoo_es', coalesce(terms, '')), 'B')
          || setweight(to_tsvector('namwoo_en', coalesce(terms, '')), 'B')
          || setweight(to_tsvector('namwoo_es', body), 'C')
          || setweight(to_tsvector('namwoo_en', body), 'D');
        RETURN NEW;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER products_search_fields
        BEFORE INSERT OR UPDATE OF name, sku, search_text, categories, tags, attributes, description
        ON products FOR EACH ROW EXECUTE FUNCTION namwoo_products_search_fields()`);
    await q.query(`UPDATE products SET name = name`);

    await q.query(
      `CREATE INDEX products_model_keys_trgm_idx ON products USING gin (model_keys gin_trgm_ops)`,
    );
    await q.query(
      `CREATE INDEX products_name_folded_trgm_idx ON products USING gin (name_folded gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX products_sku_key_idx ON products (sku_key text_pattern_ops)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS products_search_fields ON products`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_products_search_fields()`);
    await q.query(`DROP INDEX IF EXISTS products_sku_key_idx`);
    await q.query(`DROP INDEX IF EXISTS products_name_folded_trgm_idx`);
    await q.query(`DROP INDEX IF EXISTS products_model_keys_trgm_idx`);
    await q.query(`ALTER TABLE products DROP COLUMN IF EXISTS name_folded`);
    await q.query(`ALTER TABLE products DROP COLUMN IF EXISTS sku_key`);
    await q.query(`ALTER TABLE products DROP COLUMN IF EXISTS model_keys`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_model_keys(text)`);
    await q.query(`DROP FUNCTION IF EXISTS namwoo_fold(text)`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS namwoo_en`);
    await q.query(`DROP TEXT SEARCH CONFIGURATION IF EXISTS namwoo_es`);
  }
}
