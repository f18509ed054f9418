import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { vector } from '@electric-sql/pglite-pgvector';

/**
 * PostgreSQL settings for the embedded database (docs/sync.md, "Where PGlite's memory goes"). PGlite runs inside
 * this process, so its memory is ours, and a WebAssembly heap never gives memory back once grown.
 * - shared_buffers: PGlite's 128 MB are touched at start (about 120 MB of resident memory before the first query).
 *   The files sit in the operating system's page cache anyway, so a small buffer pool costs copies, not disk reads.
 */
const EMBEDDED_SETTINGS = ['shared_buffers=16MB'];

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
 * A freshly initialised, empty cluster made by this PGlite version, kept in npm's cache folder. Creating a database
 * from it takes a fraction of the memory of initdb, which PGlite runs in a second WebAssembly instance (peak RSS
 * about 770 MB against about 380 MB from the template). `npm run build` makes it; without it, initdb runs as usual.
 */
export function templatePath(): string {
  return join(PGLITE_DIR, '..', '..', '..', '.cache', 'namwoo', `pglite-${pgliteVersion()}-cluster.tar.gz`);
}

function startParams(): string[] {
  return [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS.flatMap((s) => ['-c', s])];
}

const extensions = { vector, unaccent, pg_trgm };

/**
 * Unpacks the template (a tar of regular files and folders, as PGlite's `dumpDataDir` writes it) into `dataDir`.
 * Done here rather than with PGlite's `loadDataDir`, which holds the archive, the unpacked files and the database's
 * heap at once (about 120 MB more at the peak): here only the unpacked archive is in memory, before PGlite starts.
 */
function unpackTemplate(template: string, dataDir: string): void {
  const tar = gunzipSync(readFileSync(template));
  const root = resolve(dataDir);
  const text = (at: number, length: number): string =>
    tar.toString('utf8', at, at + length).replace(/\0.*$/s, '');
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (let at = 0; at + 512 <= tar.length;) {
    const name = text(at, 100);
    if (!name) break;
    const prefix = text(at + 345, 155);
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156]);
    const target = resolve(root, `.${sep}${prefix ? `${prefix}/` : ''}${name}`);
    if (target !== root && !target.startsWith(root + sep)) throw new Error(`template entry outside: ${name}`);
    if (type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      writeFileSync(target, tar.subarray(at + 512, at + 512 + size), { mode: 0o600 });
    }
    at += 512 + Math.ceil(size / 512) * 512;
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
      unpackTemplate(template, dataDir);
      return await PGlite.create(options);
    } catch {
      // A template from another build of PGlite, or a damaged one: start over with initdb.
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return PGlite.create(options);
}

/** Writes the template unless it exists (run by `npm run build`). */
export async function buildTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const db = await PGlite.create({ startParams: startParams() });
  try {
    const tarball = await db.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, Buffer.from(await tarball.arrayBuffer()));
    renameSync(`${path}.tmp`, path);
    return path;
  } finally {
    await db.close();
  }
}

if (require.main === module) {
  buildTemplate().then(
    (path) => process.stdout.write(`embedded database template: ${path}\n`),
    (e: unknown) => {
      // Not fatal: without the template a new embedded database is made by initdb.
      process.stderr.write(`could not make the embedded database template: ${String(e)}\n`);
    },
  );
}
