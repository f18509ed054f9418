import { closeSync, createReadStream, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { createGunzip } from 'node:zlib';

/** What the archive is read and inflated in: well under glibc's smallest threshold for giving memory its own map. */
const CHUNK_BYTES = 64 * 1024;
const BLOCK = 512;

/**
 * Unpacks a gzipped tar of regular files and folders (as PGlite's `dumpDataDir` writes it) into `root`, streaming:
 * no buffer ever holds the archive or a whole file. Not only for the peak. glibc gives a large allocation a memory
 * map of its own, and when one up to 32 MB is freed it raises the size from which it does so to that size, for the
 * rest of the process: every buffer below it then comes from its heaps, which keep what is freed. The template
 * inflated in one buffer (25 MB) raised a first sync's peak RSS from about 370 MB to 420–430 MB (docs/sync.md,
 * "Fifth round").
 */
export async function unpackTarGz(archive: string, root: string): Promise<void> {
  mkdirSync(root, { recursive: true, mode: 0o700 });
  const header = Buffer.alloc(BLOCK);
  let headerFill = 0;
  let fd: number | undefined;
  /** Bytes of the current file still to write, then the padding to skip after them. */
  let remaining = 0;
  let padding = 0;
  let ended = false;
  const text = (at: number, length: number): string =>
    header.toString('utf8', at, at + length).replace(/\0.*$/s, '');
  const startEntry = (): void => {
    const name = text(0, 100);
    if (!name) {
      ended = true; // the two empty blocks that end an archive
      return;
    }
    const prefix = text(345, 155);
    const size = parseInt(text(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]);
    const target = resolve(root, `.${sep}${prefix ? `${prefix}/` : ''}${name}`);
    if (target !== root && !target.startsWith(root + sep)) throw new Error(`template entry outside: ${name}`);
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (type === '5') mkdirSync(target, { recursive: true, mode: 0o700 });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
      fd = openSync(target, 'w', 0o600);
    }
    // Other entry types carry no data this needs; their bytes (if any) are skipped below.
    if (remaining === 0) endEntry();
  };
  const endEntry = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  const stream = createReadStream(archive, { highWaterMark: CHUNK_BYTES }).pipe(
    createGunzip({ chunkSize: CHUNK_BYTES }),
  );
  try {
    for await (const data of stream as AsyncIterable<Buffer>) {
      let at = 0;
      while (at < data.length && !ended) {
        if (remaining > 0) {
          const n = Math.min(remaining, data.length - at);
          if (fd !== undefined) writeSync(fd, data, at, n);
          at += n;
          remaining -= n;
          if (remaining === 0) endEntry();
        } else if (padding > 0) {
          const n = Math.min(padding, data.length - at);
          at += n;
          padding -= n;
        } else {
          const n = Math.min(BLOCK - headerFill, data.length - at);
          data.copy(header, headerFill, at, at + n);
          at += n;
          headerFill += n;
          if (headerFill === BLOCK) {
            headerFill = 0;
            startEntry();
          }
        }
      }
      if (ended) break;
    }
    if (!ended && (remaining > 0 || headerFill > 0)) throw new Error('template archive is truncated');
  } finally {
    endEntry();
    stream.destroy();
  }
}
