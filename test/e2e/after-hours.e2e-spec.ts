import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock } from '../../src/common/clock';
import { FakeSupportBoard } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { adminSession } from '../support/admin-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { PHONE_NUMBER_ID, settled, until, fakeChannelsEnv } from '../support/e2e';

/**
 * After-hours hand-offs (issue 14 item 4, docs/assistant.md#after-hours) through the whole app, with the app's clock
 * standing at chosen times. The demo profile's hours: Monday to Saturday 9:00-19:00, Sunday 11:00-17:00, Caracas
 * (UTC-4). Embedded database, or PostgreSQL with TEST_DATABASE_URL.
 */
describe('hand-offs outside opening hours (end to end)', () => {
  const PASSWORD = 'after-hours-console';
  let dir: string;
  let profilePath: string;
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let t: TestApp;
  let phone = 5550300;

  /** A new WhatsApp customer asks for a person at `at`; resolves with what they got and the agents' note. */
  async function handOffAt(
    at: string,
    text = 'quiero hablar con un asesor',
  ): Promise<{ body: string; note: string }> {
    t.app.get(Clock).now = () => new Date(at);
    const to = `58424${phone++}`;
    const { conversationId } = sb.addCustomer({ channel: 'wa', phone: `+${to}`, extra: PHONE_NUMBER_ID });
    await sb.customerSays(conversationId, text, { waid: `wamid.${to}` });
    const send = await until('the hand-off answer', () => wa.sends.find((s) => s.to === to));
    await settled(() => t.dataSource, conversationId);
    const note = await until('the note for the agents', () => sb.notes(conversationId)[0]);
    return { body: send.body ?? '', note: note.message };
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-after-hours-'));
    profilePath = join(dir, 'store-profile.json');
    copyFileSync(join(__dirname, '..', '..', 'config', 'store-profile.json'), profilePath);
    sb = await new FakeSupportBoard().start();
    wa = await new FakeWhatsApp().start();
    t = await startTestApp({
      ...fakeChannelsEnv(sb, wa),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '100',
      STORE_PROFILE_PATH: profilePath,
      ADMIN_PASSWORD: PASSWORD,
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
  });
  afterAll(async () => {
    await t?.close();
    await sb?.stop();
    await wa?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('at night, tells the customer a person answers tomorrow at the opening time, and the note says after hours', async () => {
    // Wednesday 2026-11-25, 23:30 in Caracas.
    const { body, note } = await handOffAt('2026-11-26T03:30:00Z');
    expect(body).toContain('fuera de nuestro horario de atención');
    expect(body).toContain('mañana a las 9:00');
    expect(note).toMatch(/asked to talk to a person/);
    expect(note).toContain('after hours');
    expect(note).toContain('tomorrow at 9:00 (America/Caracas)');
  });

  it('answers in the customer’s language, with Sunday’s later opening', async () => {
    // Saturday 2026-11-28, 20:15 in Caracas.
    const { body } = await handOffAt('2026-11-29T00:15:00Z', 'I want to talk to a human please');
    expect(body).toContain('We are closed right now');
    expect(body).toContain('tomorrow at 11:00');
  });

  it('keeps the usual hand-off text inside opening hours', async () => {
    // Wednesday 2026-11-25, 11:00 in Caracas.
    const { body, note } = await handOffAt('2026-11-25T15:00:00Z');
    expect(body).toBe(
      'Entendido. Te comunico con una persona de nuestro equipo; te responderá por aquí en breve.',
    );
    expect(note).not.toContain('after hours');
  });

  it('takes new opening hours from the console’s profile page without a restart', async () => {
    const session = await adminSession(t.url, PASSWORD);
    const p = JSON.parse(readFileSync(profilePath, 'utf8')) as Record<string, unknown> & {
      currency: { code: string; symbol: string };
      faq: { question: string; answer: string }[];
    };
    const form = new URLSearchParams({
      _csrf: session.csrf,
      storeName: String(p.storeName),
      assistantName: String(p.assistantName),
      tone: String(p.tone),
      languages: (p.languages as string[]).join(', '),
      currencyCode: p.currency.code,
      currencySymbol: p.currency.symbol,
      address: String(p.address),
      hours: 'Lunes a viernes de 8:00 a. m. a 4:00 p. m.',
      delivery: String(p.delivery),
      paymentMethods: (p.paymentMethods as string[]).join('\n'),
      warranty: String(p.warranty),
      openingTimeZone: 'America/Caracas',
      openingHours: 'mon-fri 08:00-16:00',
    });
    const bad = new URLSearchParams(form);
    bad.set('openingHours', 'lunes a viernes de 8 a 4');
    const refused = await fetch(`${t.url}/admin/profile`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: bad.toString(),
    });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain('lunes a viernes de 8 a 4');

    const saved = await fetch(`${t.url}/admin/profile`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
    expect(saved.status).toBe(303);
    expect(JSON.parse(readFileSync(profilePath, 'utf8'))).toMatchObject({
      openingHours: {
        timeZone: 'America/Caracas',
        weekly: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], open: '08:00', close: '16:00' }],
      },
    });
    // Friday 2026-11-27, 17:00 in Caracas: closed until Monday.
    const { body } = await handOffAt('2026-11-27T21:00:00Z');
    expect(body).toContain('el lunes a las 8:00');
  });
});
