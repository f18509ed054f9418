import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppLogger } from '../../src/common/logging/app-logger';
import { parseToolCall } from '../../src/assistant/assistant-tools';
import { ExternalServiceError } from '../../src/common/app-error';
import {
  forgetPersonalNames,
  maskPhone,
  redact,
  redactText,
  rememberPersonalNames,
} from '../../src/common/logging/redact';
import { withCorrelationId } from '../../src/common/logging/request-context';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return {
    stream,
    lines: () =>
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
  };
}

describe('log redaction', () => {
  it('masks phone numbers down to their last 4 digits', () => {
    expect(maskPhone('+584125550123')).toBe('+********0123');
    expect(redact('send to 584125550123 failed')).toBe('send to ********0123 failed');
  });

  it('replaces credential fields whole, at any depth, and leaves ids alone', () => {
    const out = redact({
      token: 'abc',
      user: { password: 'hash', first_name: 'Carla', id: '3318' },
      headers: { Authorization: 'Bearer sk-1' },
      consumer_secret: 'cs_1',
      messageId: 20451,
    });
    expect(out).toEqual({
      token: '[redacted]',
      user: { password: '[redacted]', first_name: '[personal]', id: '3318' },
      headers: { Authorization: '[redacted]' },
      consumer_secret: '[redacted]',
      messageId: 20451,
    });
  });
});

describe('log redaction of personal data by pattern (issue #17 §9)', () => {
  afterEach(() => forgetPersonalNames());
  const digitsOf = (s: string): string => s.replace(/\D/g, '');

  it.each([
    '+58 412-555-0123',
    '(0412) 555 0123',
    '0412.555.0123',
    '584125550123',
    '+58 (412) 555.01.23',
    '0412-5550123',
    'wa.me/584125550123',
  ])('masks the phone number %s wherever it is written', (phone) => {
    const out = redactText(`cliente ${phone}, escribió`);
    expect(digitsOf(out)).not.toContain('4125550');
    expect(out).toContain('0123');
  });

  it.each([
    '2026-11-25 16:45:35',
    'Bs. 1.234.567,89',
    '127.0.0.1:5432',
    'message 20451 in conversation 5120',
    '$1,234.50',
    'at run (/app/dist/x.js:123:45)',
    'took 1830 ms',
  ])('leaves figures that are not phone numbers alone: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('replaces e-mail addresses and tokens', () => {
    expect(redactText('from carla.perez+shop@correo.example.com:')).toBe('from [email]:');
    expect(redactText('Authorization: Bearer abc.DEF-123')).toBe('Authorization: Bearer [redacted]');
    expect(redactText('key sk-proj-abcdef1234567890 used')).toBe('key [redacted] used');
    expect(redactText('ck_0123456789abcdef0123 / cs_abcdef0123456789abcd')).toBe('[redacted] / [redacted]');
    expect(redactText('GET /wp-json/wc/v3/products?consumer_key=ck_x&page=2')).toBe(
      'GET /wp-json/wc/v3/products?consumer_key=[redacted]&page=2',
    );
  });

  it('replaces customer names read from Support Board, alone or together, in any case', () => {
    rememberPersonalNames('Carla', 'Pérez');
    expect(redactText('Carla Pérez asked; carla again; CARLA; Carlos is someone else')).toBe(
      '[name] asked; [name] again; [name]; Carlos is someone else',
    );
  });

  it('redacts vendor error bodies carried in errors, and raw tool arguments never reach a message', () => {
    rememberPersonalNames('Carla');
    const out = capture();
    const logger = new AppLogger({ level: 'info', dir: '', format: 'json' }, out.stream);
    const vendor = new ExternalServiceError(
      'whatsapp',
      'send',
      'Recipient (0412) 555 0123 <carla@example.com> not on WhatsApp (Carla)',
      { retryable: false },
    );
    logger.error({ msg: 'delivery failed', err: vendor }, 'Delivery');
    logger.warn(
      `Tool rejected: ${JSON.stringify(parseToolCall('search_local_products', '{"query_text": "Carla 0412.555.0123'))}`,
    );
    const text = JSON.stringify(out.lines());
    expect(digitsOf(text)).not.toContain('4125550');
    expect(text).not.toMatch(/carla/i);
  });
});

describe('AppLogger', () => {
  it('writes dates as ISO strings (the pause line once read "until":{})', () => {
    const out = capture();
    const logger = new AppLogger({ level: 'info', dir: '', format: 'json' }, out.stream);
    logger.log({ msg: 'bot paused', until: new Date('2026-11-25T18:00:00.000Z') }, 'Pause');
    expect(out.lines()[0]).toMatchObject({ msg: 'bot paused', until: '2026-11-25T18:00:00.000Z' });
  });

  it('writes JSON lines with the correlation id and never a secret or full phone', () => {
    const out = capture();
    const logger = new AppLogger({ level: 'info', dir: '', format: 'json' }, out.stream);
    withCorrelationId('req-1', () =>
      logger.log({ msg: 'sent to +584125550123', apiKey: 'sk-live' }, 'WhatsApp'),
    );
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      correlationId: 'req-1',
      context: 'WhatsApp',
      apiKey: '[redacted]',
    });
    expect(JSON.stringify(line)).not.toContain('5550123');
  });

  it('sends Sync contexts to sync.log as well as app.log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'namwoo-log-'));
    const out = capture();
    const logger = new AppLogger({ level: 'info', dir, format: 'json' }, out.stream);
    logger.log('catalog sync finished', 'SyncService');
    logger.log('webhook received', 'Webhook');
    logger.flush();
    await new Promise((r) => setTimeout(r, 50));
    const sync = readFileSync(join(dir, 'sync.log'), 'utf8');
    const app = readFileSync(join(dir, 'app.log'), 'utf8');
    expect(sync).toContain('catalog sync finished');
    expect(sync).not.toContain('webhook received');
    expect(app).toContain('catalog sync finished');
    expect(app).toContain('webhook received');
  });
});
