import { vectorArrayParam } from '../database/sql-params';
import { PRODUCT_COLUMNS, type ProductRow } from './product-row';
import type { ProductRowWithEmbedding } from './product.repository';

/** The sync's batch statements (`ProductRepository.upsertBatch`) and how their parameters are made. */

const NAMES = PRODUCT_COLUMNS.map(([c]) => c);
const RECORD_TYPE = [
  ...PRODUCT_COLUMNS.map(([c, t]) => `${c} ${t}`),
  'embedding_index integer',
  'embedding_model text',
].join(', ');
const CHANGED = PRODUCT_COLUMNS.filter(([c]) => c !== 'wc_id');

/**
 * The upsert: rows arrive as one jsonb array, with their vector when the sync embedded them already (so a changed
 * row is written once, not once for its text and again for its vector: every write of a row also rewrites its
 * full-text and trigram index entries). The vectors come apart from the jsonb, in one binary `vector[]`
 * (`vectorArrayParam`); a row names its element (`embedding_index`). An unchanged row is not touched (the WHERE on
 * the conflict branch), so it is neither counted as updated nor loses its vector. A row whose text changed and came
 * without a vector drops the old one, which marks it for the embedding step.
 */
const UPSERT = `
  INSERT INTO products AS p (${NAMES.join(', ')}, embedding, embedding_model)
  SELECT ${NAMES.join(', ')}, embedding, embedding_model FROM incoming
  ON CONFLICT (wc_id) DO UPDATE SET
    ${CHANGED.map(([c]) => `${c} = EXCLUDED.${c}`).join(',\n    ')},
    embedding = CASE WHEN EXCLUDED.embedding IS NOT NULL THEN EXCLUDED.embedding
                     WHEN p.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN NULL
                     ELSE p.embedding END,
    embedding_model = CASE WHEN EXCLUDED.embedding IS NOT NULL THEN EXCLUDED.embedding_model
                           WHEN p.content_hash IS DISTINCT FROM EXCLUDED.content_hash THEN NULL
                           ELSE p.embedding_model END,
    synced_at = now(),
    updated_at = now()
  WHERE EXCLUDED.embedding IS NOT NULL
     OR (${CHANGED.map(([c]) => `p.${c}`).join(', ')})
        IS DISTINCT FROM (${CHANGED.map(([c]) => `EXCLUDED.${c}`).join(', ')})
  RETURNING p.wc_id, (xmax = 0) AS inserted`;

/**
 * A whole batch in one statement, so in one round trip (docs/sync.md, "Fifth round"): it marks its own transaction
 * as a batch (`set_config(…, true)`, read by the vocabulary trigger's WHEN as each row is written, after this CTE
 * ran first: `incoming` reads from it), upserts, and adds the vocabulary of the rows the upsert inserted or
 * changed (`$3`: each row's pieces, space-separated; `$4`: their wc_ids). One statement is one transaction: when
 * it fails, nothing of it stays.
 *
 * The vocabulary for typo correction (search_words) is the rule of migration SearchWordsPerBatch1764600000150, whose
 * per-row trigger the batch skips: the words of `namwoo_fold(concat_ws(' ', name_folded, search_text,
 * categories::text, attributes::text))`. Folding (lower-case, accents off) maps character by character and leaves
 * ASCII spaces and punctuation as they are, so the text can be cut at those first and only its distinct pieces
 * folded and split again. The cutting is done in the sync's thread (`searchPieces`), which has time to spare, and
 * the database only folds a batch's few thousand distinct pieces (docs/sync.md, "Fourth round"). Cutting the raw
 * name and SKU gives the pieces of `name_folded` unfolded (folding them again changes nothing), and the categories'
 * and attributes' JSON text differs from jsonb's only in spaces and key order. test/service/search-words.spec.ts
 * checks the vocabulary against the rule over the whole table.
 */
export const BATCH_SQL = `
  WITH batch AS MATERIALIZED (SELECT set_config('namwoo.search_words', 'batch', true)),
  incoming AS (
    SELECT r.*,
           ($2::vector[])[r.embedding_index + 1] AS embedding
    FROM batch, jsonb_to_recordset($1::jsonb) AS r(${RECORD_TYPE})
  ),
  upserted AS (${UPSERT}),
  words AS (
    INSERT INTO search_words (word)
    SELECT DISTINCT w
    FROM (
      SELECT DISTINCT piece
      FROM unnest($3::text[], $4::bigint[]) AS x(pieces, wc_id)
      JOIN upserted u ON u.wc_id = x.wc_id,
      string_to_table(x.pieces, ' ') AS piece
    ) AS changed,
    regexp_split_to_table(namwoo_fold(piece), '[^a-z0-9]+') AS w
    WHERE length(w) BETWEEN 3 AND 30 AND w !~ '[0-9]'
      AND w <> ALL (ARRAY['name', 'slug', 'options', 'variation', 'true', 'false', 'null'])
    ON CONFLICT DO NOTHING
  )
  SELECT wc_id, inserted FROM upserted`;

/** ASCII except letters and digits (and NUL, which text cannot hold): where folding leaves the text as it is. */
// eslint-disable-next-line no-control-regex -- the control characters are part of the rule
const PIECE_BREAK = /[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+/;

/** The distinct pieces of a row's searchable text (see BATCH_SQL). */
export function searchPieces(row: ProductRow): Set<string> {
  const pieces = new Set<string>();
  const texts = [
    row.name,
    row.sku,
    row.searchText,
    JSON.stringify(row.categories),
    JSON.stringify(row.attributes),
  ];
  for (const text of texts) {
    if (!text) continue;
    for (const piece of text.split(PIECE_BREAK)) if (piece) pieces.add(piece);
  }
  return pieces;
}

/** One row for the upsert's jsonb, without its vector. */
function toRecord(row: ProductRowWithEmbedding): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, , key] of PRODUCT_COLUMNS) {
    const v = row[key];
    out[column] = v instanceof Date ? v.toISOString() : v;
  }
  return out;
}

/** `BATCH_SQL`'s parameters: the rows and vectors (`upsertParams`), then each row's pieces (`searchPieces`) and its wc_id. */
export function batchParams(
  rows: ProductRowWithEmbedding[],
  vectorOid: number,
): [string, Buffer | null, string[], number[]] {
  return [
    ...upsertParams(rows, vectorOid),
    rows.map((row) => [...searchPieces(row)].join(' ')),
    rows.map((row) => row.wcId),
  ];
}

/**
 * The upsert's two parameters for a batch: the rows as jsonb, each with its vector's place in the second, and the
 * vectors (NULL when no row has one). `vectorOid`: the `vector` type's oid in this database.
 */
function upsertParams(rows: ProductRowWithEmbedding[], vectorOid: number): [string, Buffer | null] {
  const vectors: number[][] = [];
  const records = rows.map((row) => {
    const record = toRecord(row);
    if (row.embedding) {
      record.embedding_index = vectors.length;
      record.embedding_model = row.embeddingModel ?? null;
      vectors.push(row.embedding);
    }
    return record;
  });
  return [JSON.stringify(records), vectors.length > 0 ? vectorArrayParam(vectors, vectorOid) : null];
}
