import type { MigrationInterface, QueryRunner } from 'typeorm';

// The JSON keys of the categories and attributes columns, which are read as text (as in SearchWords1764200000002).
const JSON_KEYS = `ARRAY['name', 'slug', 'options', 'variation', 'true', 'false', 'null']`;

const WORDS_OF_ROW = `
        INSERT INTO search_words (word)
        SELECT DISTINCT w
        FROM regexp_split_to_table(namwoo_fold(concat_ws(' ', NEW.name_folded, NEW.search_text,
               NEW.categories::text, NEW.attributes::text)), '[^a-z0-9]+') AS w
        WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]' AND w <> ALL (${JSON_KEYS})
        ON CONFLICT DO NOTHING;`;

/**
 * The catalog's vocabulary per batch instead of per row: a transaction that sets `namwoo.search_words = 'batch'`
 * (the sync's upserts, `ProductRepository`) skips the per-row trigger and adds the words of all its changed rows in
 * one statement, where a catalog's shared words are looked up once per batch rather than once per row (a fifth of
 * an embedded first import's database time went to the per-row lookups). Every other write keeps the trigger.
 */
export class SearchWordsPerBatch1764600000150 implements MigrationInterface {
  name = 'SearchWordsPerBatch1764600000150';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_products_search_words() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('namwoo.search_words', true) = 'batch' THEN
          RETURN NULL;
        END IF;${WORDS_OF_ROW}
        RETURN NULL;
      END
      $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_products_search_words() RETURNS trigger
        LANGUAGE plpgsql AS $$
      BEGIN${WORDS_OF_ROW}
        RETURN NULL;
      END
      $$`);
  }
}
