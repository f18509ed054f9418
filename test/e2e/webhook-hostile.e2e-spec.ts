import request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';

const SECRET = 'whk-hostile-secret';

/** A valid `message-sent` from a web-chat customer: recorded and left to the agents, so no reply job runs. */
function validBody(messageId: number, text = 'hola, ¿tienen licuadoras?'): Record<string, unknown> {
  return {
    function: 'message-sent',
    key: SECRET,
    data: {
      user_id: '3318',
      message_id: messageId,
      message: text,
      attachments: [['3318_foto.jpg', 'https://sb.example.com/uploads/3318_foto.jpg']],
      conversation_user_id: '3318',
      conversation_id: '5120',
      conversation_status_code: 2,
      conversation_source: null,
    },
    'sender-url': '',
  };
}

/** Deterministic PRNG (mulberry32): the fuzz run is the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function deepArray(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('Hostile webhook bodies: 400, never 5xx; valid messages still recorded', () => {
  let t: TestApp;
  const post = (body: string | object) =>
    request(t.url)
      .post('/api/sb-webhook')
      .set('content-type', 'application/json')
      .send(typeof body === 'string' ? body : JSON.stringify(body));
  const recorded = async (sbMessageId: string): Promise<{ text: string; attachments: unknown }[]> =>
    t.dataSource.query(`SELECT text, attachments FROM inbox_messages WHERE sb_message_id = $1`, [
      sbMessageId,
    ]);

  beforeAll(async () => {
    t = await startTestApp({
      SUPPORT_BOARD_WEBHOOK_SECRET: SECRET,
      SUPPORT_BOARD_BOT_USER_ID: '2',
      REPLY_QUIET_WINDOW_MS: '60000',
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records a valid body (the baseline the other cases mutate)', async () => {
    await post(validBody(1000)).expect(200, { ok: true, action: 'recorded_for_humans' });
    expect(await recorded('1000')).toHaveLength(1);
  });

  it.each([
    ['constructor in data', (b: string) => b.replace('"data":{', '"data":{"constructor":{"name":"x"},')],
    ['__proto__ in data', (b: string) => b.replace('"data":{', '"data":{"__proto__":{"isAdmin":true},')],
    ['prototype at the top', (b: string) => b.replace('{"function"', '{"prototype":{"x":1},"function"')],
    [
      'constructor inside an attachment',
      (b: string) => b.replace('"attachments":[', '"attachments":[{"constructor":{"prototype":1}},'),
    ],
  ])('refuses a prototype key (%s) with 400 and records nothing', async (_name, mutate) => {
    const res = await post(mutate(JSON.stringify(validBody(1001))));
    expect(res.status).toBe(400);
    expect(await recorded('1001')).toHaveLength(0);
  });

  it.each([
    [
      'data.attachments',
      (d: string) => ({ ...validBody(1002), data: { ...(validBody(1002).data as object), attachments: d } }),
    ],
    [
      'an unknown field of data',
      (d: string) => ({ ...validBody(1002), data: { ...(validBody(1002).data as object), extra: d } }),
    ],
    ['the top level', (d: string) => ({ ...validBody(1002), extra: d })],
  ])('refuses a 20,000-deep array in %s with 400', async (_where, place) => {
    const marker = '"__DEEP__"';
    const body = JSON.stringify(place('__DEEP__')).replace(marker, deepArray(20_000));
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(await recorded('1002')).toHaveLength(0);
  });

  it('keeps a message with U+0000 in its text and attachment, without the NUL', async () => {
    const body = validBody(1003, 'hola\u0000 ¿precio?');
    (body.data as { attachments: string[][] }).attachments = [
      ['a\u0000.jpg', 'https://x.example/a\u0000.jpg'],
    ];
    await post(body).expect(200);
    const [row] = await recorded('1003');
    expect(row.text).toBe('hola ¿precio?');
    expect(JSON.stringify(row.attachments)).not.toContain('\\u0000');
  });

  it.each(['abc', '12abc', '1e5', '12.5', '-3', '', ' ', '1; DROP TABLE inbox_messages', '١٢٣'])(
    'refuses a non-numeric message_id %p with 400',
    async (id) => {
      const body = validBody(0);
      (body.data as Record<string, unknown>).message_id = id;
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await recorded(id)).toHaveLength(0);
    },
  );

  it.each(['user_id', 'conversation_user_id', 'conversation_id'])(
    'refuses a non-numeric %s with 400',
    async (field) => {
      const body = validBody(1004);
      (body.data as Record<string, unknown>)[field] = 'abc';
      expect((await post(body)).status).toBe(400);
      expect(await recorded('1004')).toHaveLength(0);
    },
  );

  it('fuzz: 400 mutated bodies never get a 5xx, and the valid ones among them are all recorded', async () => {
    const rand = prng(20261125);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const oddValues = (): unknown[] => [
      null,
      true,
      0,
      -1,
      1e308,
      'x'.repeat(5000),
      '\u0000',
      '\ud800',
      'abc',
      '',
      [],
      {},
      [[1, 2]],
      [{ toString: 1 }, 'x'],
      { valueOf: 'x', toString: 'y' },
      { constructor: { prototype: {} } },
      JSON.parse('{"__proto__":{"polluted":true}}'),
    ];
    const fields = [
      'user_id',
      'message_id',
      'message',
      'attachments',
      'conversation_user_id',
      'conversation_id',
      'conversation_status_code',
      'conversation_source',
    ];
    let nextId = 20_000;
    const valid: string[] = [];
    const statuses = new Map<number, number>();
    for (let i = 0; i < 400; i++) {
      const id = nextId++;
      const body = validBody(id, `mensaje ${i}`);
      const data = body.data as Record<string, unknown>;
      const kind = rand();
      let mutated = true;
      if (kind < 0.25) {
        mutated = false;
      } else if (kind < 0.6) {
        data[pick(fields)] = pick(oddValues());
      } else if (kind < 0.7) {
        delete data[pick(fields)];
      } else if (kind < 0.8) {
        data.attachments = [[pick(['a.jpg', '\u0000', '\ud800x']), pick(['https://x/a', 42, null, {}])]];
      } else if (kind < 0.9) {
        body.data = pick(oddValues());
      } else {
        data.message = `${pick(['hola', '¿precio?', ''])}${pick(['\u0000', '\ud83d', '\udc00', '\u202e', '\ufeff'])}${'🙂'.repeat(Math.floor(rand() * 4))}`;
      }
      const res = await post(body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) throw new Error(`5xx for body #${i}: ${JSON.stringify(body).slice(0, 300)}`);
      if (!mutated) {
        expect(res.status).toBe(200);
        valid.push(String(id));
      }
    }
    const rows = await t.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM inbox_messages WHERE sb_message_id = ANY($1::text[])`,
      [valid],
    );
    expect(rows[0].n).toBe(valid.length);
    expect(valid.length).toBeGreaterThan(50);
    console.log(
      `fuzz statuses: ${JSON.stringify(Object.fromEntries(statuses))}, valid recorded ${valid.length}`,
    );
  });
});
