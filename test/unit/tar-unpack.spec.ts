import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unpackTarGz } from '../../src/database/tar-unpack';

/** The template is unpacked by streaming it (src/database/tar-unpack.ts); these are the cases a cluster holds. */
describe('unpackTarGz', () => {
  let work: string;
  let source: string;
  let archive: string;
  const files: Record<string, Buffer> = {
    PG_VERSION: Buffer.from('17\n'),
    'base/5/1259': randomBytes(8192 * 3),
    // Larger than a read chunk (64 KB) and not a multiple of the tar block: crosses chunks and needs its padding.
    'pg_wal/000000010000000000000001': randomBytes(200_003),
    'global/pg_filenode.map': randomBytes(512),
    'pg_stat/empty': Buffer.alloc(0),
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'namwoo-tar-'));
    source = join(work, 'source');
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(source, name, '..'), { recursive: true });
      writeFileSync(join(source, name), content);
    }
    mkdirSync(join(source, 'pg_twophase'));
    archive = join(work, 'cluster.tar.gz');
    execFileSync('tar', ['-czf', archive, '-C', source, '.']);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every file byte for byte, and the empty folders', async () => {
    const root = join(work, 'out');
    await unpackTarGz(archive, root);
    for (const [name, content] of Object.entries(files)) {
      expect(readFileSync(join(root, name)).equals(content)).toBe(true);
    }
    expect(readdirSync(join(root, 'pg_twophase'))).toEqual([]);
  });

  it('refuses an archive cut short instead of leaving a file half written unnoticed', async () => {
    const cut = join(work, 'cut.tar');
    execFileSync('tar', ['-cf', cut, '-C', source, '.']);
    truncateSync(cut, 100_000);
    execFileSync('gzip', ['-f', cut]);
    await expect(unpackTarGz(`${cut}.gz`, join(work, 'cut-out'))).rejects.toThrow(/truncated/);
  });
});
