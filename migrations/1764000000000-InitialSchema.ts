import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Extensions, the product cache and human-takeover pauses.
 * pgvector (`vector`) must be installable on a PostgreSQL server; the app checks this before migrating.
 */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE products (
        id                bigserial PRIMARY KEY,
        wc_id             bigint NOT NULL,
        parent_wc_id      bigint NULL,
        type              text NOT NULL,
        sku               text NULL,
        name              text NOT NULL,
        slug              text NULL,
        description       text NOT NULL DEFAULT '',
        short_description text NOT NULL DEFAULT '',
        price             numeric(14,2) NULL,
        regular_price     numeric(14,2) NULL,
        sale_price        numeric(14,2) NULL,
        stock_status      text NOT NULL DEFAULT 'instock',
        stock_quantity    integer NULL,
        manage_stock      boolean NOT NULL DEFAULT false,
        categories        jsonb NOT NULL DEFAULT '[]'::jsonb,
        tags              jsonb NOT NULL DEFAULT '[]'::jsonb,
        attributes        jsonb NOT NULL DEFAULT '[]'::jsonb,
        permalink         text NULL,
        image_url         text NULL,
        search_text       text NOT NULL DEFAULT '',
        embedding         vector NULL,
        embedding_model   text NULL,
        search_vector     tsvector NULL,
        content_hash      text NULL,
        wc_modified_at    timestamptz NULL,
        synced_at         timestamptz NOT NULL DEFAULT now(),
        created_at        timestamptz NOT NULL DEFAULT now(),
        updated_at        timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT products_stock_status_check CHECK (stock_status IN ('instock', 'outofstock', 'onbackorder')),
        CONSTRAINT products_sku_not_empty CHECK (sku IS NULL OR sku <> '')
      )`);
    await q.query(`CREATE UNIQUE INDEX products_wc_id_key ON products (wc_id)`);
    // WooCommerce sends sku "" for products without one; those are stored as NULL, which UNIQUE ignores.
    await q.query(`CREATE UNIQUE INDEX products_sku_key ON products (sku)`);
    await q.query(`CREATE INDEX products_parent_wc_id_idx ON products (parent_wc_id)`);
    await q.query(`CREATE INDEX products_search_vector_idx ON products USING gin (search_vector)`);

    await q.query(`
      CREATE TABLE conversation_pauses (
        conversation_id text PRIMARY KEY,
        paused_until    timestamptz NOT NULL,
        paused_by       text NULL,
        reason          text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conversation_pauses_reason_check CHECK (reason IN ('agent_reply', 'customer_request', 'manual'))
      )`);
    await q.query(`CREATE INDEX conversation_pauses_paused_until_idx ON conversation_pauses (paused_until)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS conversation_pauses`);
    await q.query(`DROP TABLE IF EXISTS products`);
    // Extensions stay: other schemas on the same server may use them.
  }
}
