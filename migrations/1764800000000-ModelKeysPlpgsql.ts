import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `namwoo_model_keys` as PL/pgSQL, giving exactly the keys of the SQL function of migration SearchSchema (kept
 * below as `MODEL_KEYS_SQL`; test/service/model-keys.spec.ts compares the two), in two thirds of the time. The
 * search-fields trigger runs it for every row written (a first import of 10,000 products: 1.0 s → 0.65 s of
 * PGlite's time, docs/sync.md). The SQL function ran a multi-CTE plan per row, testing five regular expressions
 * against every word; here each word is tested once for a digit, and since every key holds a digit (a word with
 * one, a part of it, or a number glued to a short word), the other tests run only for words with a digit and
 * their neighbours. Keys are collected without repeats and sorted by insertion under the same collation as
 * `ORDER BY`. The function stays IMMUTABLE with the same results, so stored `model_keys` stay valid.
 */
export const MODEL_KEYS_SQL = String.raw`
  WITH words AS (
    SELECT w, ord, regexp_replace(w, '[^a-z0-9]', '', 'g') AS k
    FROM regexp_split_to_table(namwoo_fold(input), '[\s,;:()\[\]"/+]+') WITH ORDINALITY AS t(w, ord)
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
  SELECT coalesce(string_agg(k, ' ' ORDER BY k), '') FROM keys WHERE k <> ''`;

export const MODEL_KEYS_PLPGSQL = String.raw`
  DECLARE
    words text[] := regexp_split_to_array(namwoo_fold(input), '[\s,;:()\[\]"/+]+');
    n int := cardinality(words);
    digit boolean[];
    keys text[] := '{}';
    w text;
    k text;
    prev text;
    part text;
    key text;
    j int;
  BEGIN
    -- Separators are runs, so only the first and last pieces can be empty; dropping them keeps neighbours together.
    IF n > 0 AND words[n] = '' THEN words := words[1:n - 1]; n := n - 1; END IF;
    IF n > 0 AND words[1] = '' THEN words := words[2:n]; n := n - 1; END IF;
    FOR i IN 1..n LOOP
      digit[i] := words[i] ~ '[0-9]';
    END LOOP;
    FOR i IN 1..n LOOP
      -- A word without a digit between two without one takes part in no key.
      IF NOT (digit[i] OR (i > 1 AND digit[i - 1]) OR (i < n AND digit[i + 1])) THEN
        prev := NULL;
        CONTINUE;
      END IF;
      w := words[i];
      k := regexp_replace(w, '[^a-z0-9]', '', 'g');
      IF digit[i] THEN
        -- The word, alphanumeric only ("sm-a546e" → "sma546e"), and its parts that hold a digit ("a546e").
        IF length(k) >= 2 AND NOT k = ANY (keys) THEN keys := keys || k; END IF;
        IF w ~ '[-._]' THEN
          FOREACH part IN ARRAY regexp_split_to_array(w, '[-._]+') LOOP
            IF length(part) >= 2 AND part ~ '[0-9]' THEN
              key := regexp_replace(part, '[^a-z0-9]', '', 'g');
              IF NOT key = ANY (keys) THEN keys := keys || key; END IF;
            END IF;
          END LOOP;
        END IF;
      END IF;
      -- A number glued to the short word before or after it ("128 gb" → "128gb", "a 54" → "a54").
      IF prev IS NOT NULL AND ((prev ~ '^[0-9]+$' AND k ~ '^[a-z]{1,3}$')
                               OR (prev ~ '^[a-z]{1,3}$' AND k ~ '^[0-9]+[a-z]?$')) THEN
        key := prev || k;
        IF NOT key = ANY (keys) THEN keys := keys || key; END IF;
      END IF;
      prev := k;
    END LOOP;
    FOR i IN 2..cardinality(keys) LOOP
      key := keys[i];
      j := i - 1;
      WHILE j >= 1 AND keys[j] > key LOOP
        keys[j + 1] := keys[j];
        j := j - 1;
      END LOOP;
      keys[j + 1] := key;
    END LOOP;
    RETURN array_to_string(keys, ' ');
  END`;

export class ModelKeysPlpgsql1764800000000 implements MigrationInterface {
  name = 'ModelKeysPlpgsql1764800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_model_keys(input text) RETURNS text
        LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
        AS $fn$${MODEL_KEYS_PLPGSQL}$fn$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION namwoo_model_keys(input text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $fn$${MODEL_KEYS_SQL}$fn$`);
  }
}
