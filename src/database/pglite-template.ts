import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { extensions, startParams, templateDir, templatePath } from './pglite-instance';
import { listen } from './pglite-server';

/**
 * Runs the migrations on a new in-memory cluster the way the app does (TypeORM over the wire protocol, each in its
 * own transaction), so the template holds exactly what `node dist/cli migrate` makes on a new DATA_DIR.
 */
async function migrate(db: PGlite): Promise<void> {
  const server = await listen(db, 4);
  try {
    const dataSource = new DataSource(
      dataSourceOptions(
        `postgresql://postgres:postgres@${server.host}:${server.port}/postgres`,
        1,
        'namwoo-template',
      ),
    );
    await dataSource.initialize();
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await server.close();
  }
}

/**
 * initdb's `template0` and `template1` are dropped from the template: Namwoo only ever uses `postgres`, and the two
 * were 602 of the cluster's 1,046 files, every one of them created again in each new DATA_DIR (0.5–1.7 s of a first
 * start, on the path of the first sync; docs/sync.md, "Fifth round"). Dropped rather than left out of the archive, so
 * the catalog lists no database without files: `CREATE DATABASE` in the embedded database would say that its
 * template does not exist, the one thing this costs.
 */
async function dropTemplateDatabases(db: PGlite): Promise<void> {
  for (const name of ['template0', 'template1']) {
    await db.exec(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
    await db.exec(`DROP DATABASE ${name}`);
  }
}

/**
 * Writes the template of the current PGlite version and migrations unless it exists (run by `npm run build`), and
 * removes the templates of other versions or migration lists, which nothing opens any more.
 */
export async function buildTemplate(): Promise<string> {
  const path = templatePath();
  if (existsSync(path)) return path;
  const db = await PGlite.create({ extensions, startParams: startParams() });
  try {
    await migrate(db);
    await dropTemplateDatabases(db);
    // The dump is of a running cluster: without a checkpoint, every database made from it would first replay the
    // migrations' write-ahead log (crash recovery) when it starts.
    await db.query('CHECKPOINT');
    const tarball = await db.dumpDataDir('gzip');
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(`${path}.tmp`, Buffer.from(await tarball.arrayBuffer()));
    renameSync(`${path}.tmp`, path);
  } finally {
    await db.close();
  }
  for (const f of readdirSync(templateDir())) {
    if (f.startsWith('pglite-') && join(templateDir(), f) !== path)
      rmSync(join(templateDir(), f), { force: true });
  }
  return path;
}

if (require.main === module) {
  buildTemplate().then(
    (path) => process.stdout.write(`embedded database template: ${path}\n`),
    (e: unknown) => {
      // Not fatal: without the template a new embedded database is made by initdb and migrated at start.
      process.stderr.write(`could not make the embedded database template: ${String(e)}\n`);
    },
  );
}
