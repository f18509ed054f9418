import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A row's terms (its categories', tags' and attributes' names and options, as the search-fields trigger of
 * migration SearchSchema weighs them) as the SELECT that trigger ran: one subquery per JSON array, each with its own
 * plan started and ended for every row written. test/service/search-field-functions.spec.ts compares it with
 * `namwoo_product_terms` below. (A string, not a function: TypeORM takes every exported function of a migration
 * file for a migration.)
 */
export const TERMS_SELECT = `
  SELECT concat_ws(' ',
           (SELECT string_agg(c->>'name', ' ') FROM jsonb_array_elements(NEW.categories) c),
           (SELECT string_agg(t->>'name', ' ') FROM jsonb_array_elements(NEW.tags) t),
           (SELECT string_agg(concat_ws(' ', a->>'name',
                      (SELECT string_agg(o, ' ') FROM jsonb_array_elements_text(a->'options') o)), ' ')
              FROM jsonb_array_elements(NEW.attributes) a))`;

/**
 * The same text by walking the arrays by index in PL/pgSQL, where each step is a simple expression and no plan is
 * started: 0.27 → 0.05 s over the 11,500 rows of a 10,000-product import on PGlite (docs/sync.md). NULL names and
 * options are skipped as `string_agg` skips them, an attribute without options still adds its name, and a value
 * that is not an array fails as `jsonb_array_elements` fails.
 */
const PRODUCT_TERMS = `
  CREATE OR REPLACE FUNCTION namwoo_product_terms(categories jsonb, tags jsonb, attributes jsonb) RETURNS text
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
  DECLARE
    category_names text;
    tag_names text;
    attribute_terms text;
    options text;
    attribute jsonb;
    v text;
  BEGIN
    FOR i IN 0..coalesce(jsonb_array_length(categories), 0) - 1 LOOP
      v := categories -> i ->> 'name';
      IF v IS NOT NULL THEN
        category_names := CASE WHEN category_names IS NULL THEN v ELSE category_names || ' ' || v END;
      END IF;
    END LOOP;
    FOR i IN 0..coalesce(jsonb_array_length(tags), 0) - 1 LOOP
      v := tags -> i ->> 'name';
      IF v IS NOT NULL THEN tag_names := CASE WHEN tag_names IS NULL THEN v ELSE tag_names || ' ' || v END; END IF;
    END LOOP;
    FOR i IN 0..coalesce(jsonb_array_length(attributes), 0) - 1 LOOP
      attribute := attributes -> i;
      options := NULL;
      FOR j IN 0..coalesce(jsonb_array_length(attribute -> 'options'), 0) - 1 LOOP
        v := attribute -> 'options' ->> j;
        IF v IS NOT NULL THEN options := CASE WHEN options IS NULL THEN v ELSE options || ' ' || v END; END IF;
      END LOOP;
      v := concat_ws(' ', attribute ->> 'name', options);
      attribute_terms := CASE WHEN attribute_terms IS NULL THEN v ELSE attribute_terms || ' ' || v END;
    END LOOP;
    RETURN concat_ws(' ', category_names, tag_names, attribute_terms);
  END
  $$`;

/** The trigger function of migration SearchSchema, with its terms computed by `terms` (a PL/pgSQL statement). */
const searchFields = (terms: string): string => `
  CREATE OR REPLACE FUNCTION namwoo_products_search_fields() RETURNS trigger
    LANGUAGE plpgsql AS $$
  DECLARE
    head text;
    terms text;
    body text;
  BEGIN
    NEW.sku_key := nullif(regexp_replace(namwoo_fold(NEW.sku), '[^a-z0-9]', '', 'g'), '');
    NEW.name_folded := namwoo_fold(concat_ws(' ', NEW.name, NEW.sku));
    ${terms}
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
  $$`;

/** The search-fields trigger computes a row's terms with `namwoo_product_terms`: the same text, without subqueries. */
export class ProductTermsPlpgsql1764800000100 implements MigrationInterface {
  name = 'ProductTermsPlpgsql1764800000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(PRODUCT_TERMS);
    await q.query(searchFields(`terms := namwoo_product_terms(NEW.categories, NEW.tags, NEW.attributes);`));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(searchFields(`${TERMS_SELECT}\n      INTO terms;`));
    await q.query(`DROP FUNCTION IF EXISTS namwoo_product_terms(jsonb, jsonb, jsonb)`);
  }
}
