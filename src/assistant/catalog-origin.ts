import type { DatabaseService } from '../database/database.service';

/**
 * Whether the catalog in the database came from a WooCommerce store: its newest successful sync was a store sync
 * (`full` or `incremental`), not the demo load. Decides, with no WooCommerce settings at hand (e.g. `node dist/cli
 * chat` on a store's database), that the demo store's profile must not be used. Unknown (no database answer, a
 * fresh database) counts as "not from a store": the demo catalog is what a fresh database gets.
 */
export async function catalogFromStore(database: DatabaseService): Promise<boolean> {
  try {
    const rows = await database.dataSource.query<{ kind: string }[]>(
      `SELECT kind FROM sync_runs WHERE status = 'succeeded' ORDER BY started_at DESC LIMIT 1`,
    );
    return rows.length > 0 && rows[0].kind !== 'demo';
  } catch {
    return false;
  }
}
