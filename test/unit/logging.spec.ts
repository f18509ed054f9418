import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { AppLogger } from '../../src/common/logging/app-logger';
import { maskPhone, redact } from '../../src/common/logging/redact';
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
      user: { password: '[redacted]', first_name: 'Carla', id: '3318' },
      headers: { Authorization: '[redacted]' },
      consumer_secret: '[redacted]',
      messageId: 20451,
    });
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
