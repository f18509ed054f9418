import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const CHECK_EVERY_MS = 1_000;
/** Growth of the JavaScript heap and its buffers since the last collection that triggers the next one. */
const GROWTH_BYTES = 24 * 1024 * 1024;

/**
 * What a full collection can give back: the heap, and the memory of ArrayBuffers and Buffers (HTTP bodies, database
 * protocol messages), which lives outside the heap and is freed only when a collection finds their objects dead.
 */
function collectable(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

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
 * with 60 MB live. Buffers count too: an embedded first sync let 50 MB of dead ones pile up outside the heap
 * between V8's own collections, and its peak RSS went past 400 MB one run in four (docs/sync.md). Checked every
 * second; a full collection (tens of ms) runs only when the heap and its buffers grew by 24 MB since the last one,
 * so an idle process never pays for it. Returns a function that stops it.
 */
export function startMemoryTrim(): () => void {
  const gc = garbageCollector();
  if (!gc) return () => undefined;
  let baseline = collectable();
  const timer = setInterval(() => {
    if (collectable() - baseline < GROWTH_BYTES) return;
    gc();
    baseline = collectable();
  }, CHECK_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
