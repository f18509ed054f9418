import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  IntakeSpool,
  isTransientDatabaseError,
  type SpooledEvent,
} from '../../src/conversation/intake-spool';
import { testConfig } from '../support/test-app';

const numberOf = (e: SpooledEvent): number => (e.kind === 'customer' ? (e.message as { n: number }).n : -1);
const event = (n: number): SpooledEvent => ({
  kind: 'customer',
  message: { n },
  at: new Date(0).toISOString(),
});

describe('IntakeSpool', () => {
  let dir: string;
  let spool: IntakeSpool;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-spool-unit-'));
    spool = new IntakeSpool(testConfig({ WEBHOOK_SPOOL_DIR: dir, WEBHOOK_SPOOL_RETRY_MS: '60000' }));
  });
  afterEach(() => {
    spool.onModuleDestroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps events on disk while the database is away, then records them in arrival order and empties the file', async () => {
    const recorded: number[] = [];
    let databaseUp = false;
    spool.resume((e) => {
      if (!databaseUp)
        return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      recorded.push(numberOf(e));
      return Promise.resolve();
    });
    for (const n of [1, 2, 3]) spool.append(event(n));
    const [file] = readdirSync(dir);
    expect(readFileSync(join(dir, file), 'utf8').trim().split('\n')).toHaveLength(3);

    await spool.drain();
    expect(recorded).toEqual([]);
    expect(spool.size).toBe(3);

    databaseUp = true;
    spool.append(event(4));
    await spool.drain();
    expect(recorded).toEqual([1, 2, 3, 4]);
    expect(spool.active).toBe(false);
    expect(statSync(join(dir, file)).size).toBe(0);
  });

  it('drops an event the database can never store instead of blocking the ones behind it', async () => {
    const recorded: number[] = [];
    spool.resume((e) => {
      const n = numberOf(e);
      if (n === 2)
        return Promise.reject(Object.assign(new Error('invalid byte sequence'), { code: '22021' }));
      recorded.push(n);
      return Promise.resolve();
    });
    for (const n of [1, 2, 3]) spool.append(event(n));
    await spool.drain();
    expect(recorded).toEqual([1, 3]);
    expect(spool.active).toBe(false);
  });
});

describe('isTransientDatabaseError', () => {
  it.each([
    ['ECONNREFUSED', { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:5432' }, true],
    ['57P01', { code: '57P01', message: 'terminating connection due to administrator command' }, true],
    ['08006', { code: '08006', message: 'connection failure' }, true],
    ['timeout exceeded when trying to connect', new Error('timeout exceeded when trying to connect'), true],
    ['Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), true],
    ['23505', { code: '23505', message: 'duplicate key value violates unique constraint' }, false],
    ['22P05', { code: '22P05', message: 'unsupported Unicode escape sequence' }, false],
    [
      "Cannot read properties of undefined (reading 'id')",
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      false,
    ],
  ])('%s', (_label, e, transient) => {
    expect(isTransientDatabaseError(e)).toBe(transient);
  });
});
