import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHECK_EVERY_MS = 2_000;
/** Growth of the JavaScript heap since the last collection that triggers the next one. */
const GROWTH_BYTES = 24 * 1024 * 1024;

function garbageCollector(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    // V8 only hands out `gc` to code compiled after the flag is set: a new context is.
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the JavaScript heap near what is live (docs/sync.md, "Where PGlite's memory goes"). A sync page or a reply
 * lives across a few database round trips, long enough to be promoted to V8's old generation, and V8 lets that
 * garbage pile up to about twice the live heap before a full collection: a full sync on PostgreSQL peaked at 310 MB
 * with 60 MB live. Checked every 2 s; a full collection (tens of ms) runs only when the heap grew by 24 MB since the
 * last one, so an idle process never pays for it. Returns a function that stops it.
 */
export function startMemoryTrim(): () => void {
  const gc = garbageCollector();
  if (!gc) return () => undefined;
  let baseline = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    if (process.memoryUsage().heapUsed - baseline < GROWTH_BYTES) return;
    gc();
    baseline = process.memoryUsage().heapUsed;
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
