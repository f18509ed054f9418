import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';
import { migrationNames } from './data-source-options';
import { unpackTarGz } from './tar-unpack';

/**
 * PostgreSQL settings for the embedded database (docs/sync.md, "Where PGlite's memory goes"). PGlite runs inside
 * this process, so its memory is ours, and a WebAssembly heap never gives memory back once grown.
 * - shared_buffers: PGlite's 128 MB are touched at start (about 120 MB of resident memory before the first query).
 *   The files sit in the operating system's page cache anyway, so a small buffer pool costs copies, not disk reads.
 *   8 MB rather than 16: 15 MB less at the peak of a first import of 10,000 products, with no slower run
 *   (docs/sync.md, "Third round").
 */
const EMBEDDED_SETTINGS = ['shared_buffers=8MB'];

/** Raised when what `pglite-template.ts` puts in a template changes, so an older template in the cache is not used. */
const TEMPLATE_FORMAT = 2;

const PGLITE_DIR = dirname(require.resolve('@electric-sql/pglite'));

function pgliteVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(join(PGLITE_DIR, '..', 'package.json'), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/**
 * A cluster made by this PGlite version with every migration applied, kept in npm's cache folder (made by
 * `pglite-template.ts` during `npm run build`). Creating a database from it takes a fraction of the memory of initdb,
 * which PGlite runs in a second WebAssembly instance (peak RSS about 770 MB against about 380 MB from the template),
 * and a new database then has no migration left to run. The name holds the PGlite version and a hash of the
 * migrations' names (and `TEMPLATE_FORMAT`), so a new migration (or PGlite) means a new template; without one, initdb
 * runs as usual.
 */
export function templatePath(migrations: string[] = migrationNames()): string {
  const key = createHash('sha256')
    .update([`format ${TEMPLATE_FORMAT}`, ...migrations].join('\n'))
    .digest('hex')
    .slice(0, 12);
  return join(templateDir(), `pglite-${pgliteVersion()}-schema-${key}.tar.gz`);
}

export function templateDir(): string {
  return join(PGLITE_DIR, '..', '..', '..', '.cache', 'namwoo');
}

export function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])];
}

export const extensions = { vector, unaccent, pg_trgm };

/**
 * Unpacks the template into `dataDir` before PGlite starts, streaming (`unpackTarGz`). Not with PGlite's
 * `loadDataDir`, which holds the archive, the unpacked files and the database's heap at once (about 120 MB more at
 * the peak).
 */
async function unpackTemplate(template: string, dataDir: string): Promise<void> {
  // Into a sibling folder first, then renamed into place: a process that ends half-way (killed, or a CLI command
  // that fails on its arguments while the database opens early, src/cli.ts) leaves no half-made database behind,
  // which PGlite would then refuse to open.
  const target = resolve(dataDir);
  const root = `${target}.unpacking-${process.pid}`;
  rmSync(root, { recursive: true, force: true });
  try {
    await unpackTarGz(template, root);
    if (existsSync(target)) rmdirSync(target); // empty (checked by the caller); fails if it is not
    renameSync(root, target);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Opens (or creates) the embedded database at `dataDir` (in memory when undefined) with the settings above; a new
 * database starts from the template when there is one, and from initdb when the template is missing or unusable.
 */
export async function openPGlite(dataDir: string | undefined): Promise<PGlite> {
  const template = templatePath();
  const options = { dataDir, extensions, startParams: startParams() };
  if (!dataDir) {
    // In memory (tests, benchmarks): there is no folder to unpack into.
    if (!existsSync(template)) return PGlite.create(options);
    return PGlite.create({ ...options, loadDataDir: new Blob([readFileSync(template)]) });
  }
  // Only into a missing or empty folder: whatever else is there is left for PGlite to judge, never removed here.
  const empty = !existsSync(dataDir) || readdirSync(dataDir).length === 0;
  if (empty && existsSync(template)) {
    try {
      await unpackTemplate(template, dataDir);
      return await PGlite.create(options);
    } catch {
      // A template from another build of PGlite, or a damaged one: start over with initdb.
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return PGlite.create(options);
}
