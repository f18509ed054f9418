import { ImageLinkClient } from '../../src/catalog/image-link.client';
import { WhatsAppClient, WhatsAppSendError } from '../../src/whatsapp/whatsapp.client';
import { FakeMediaHost } from '../fakes/fake-media-host';
import { FakeWhatsApp, WA_TOKEN } from '../fakes/fake-whatsapp';
import { captureNestLogs } from '../support/log-capture';
import { testConfig } from '../support/test-app';

/** Image and template messages against the fake Cloud API, and the photo link check against a store's uploads. */
describe('WhatsApp image and template messages (whatsapp-cloud.md §8, §9)', () => {
  let wa: FakeWhatsApp;
  let client: WhatsAppClient;
  const to = '584125550999';
  const refusal = async (p: Promise<unknown>): Promise<WhatsAppSendError> => {
    try {
      await p;
    } catch (e) {
      expect(e).toBeInstanceOf(WhatsAppSendError);
      return e as WhatsAppSendError;
    }
    throw new Error('expected a refusal');
  };

  beforeAll(async () => {
    wa = await new FakeWhatsApp().start();
    client = new WhatsAppClient(
      testConfig({ WHATSAPP_CLOUD_API_TOKEN: WA_TOKEN, WHATSAPP_GRAPH_API_URL: wa.url }),
    );
    wa.approveTemplate({ name: 'seguimiento', language: 'es_MX', body: 1 });
    wa.approveTemplate({ name: 'hola_nombre', language: 'es', body: ['customer_name'] });
    wa.approveTemplate({ name: 'pausada', language: 'es', body: 0, status: 'PAUSED' });
  });
  afterAll(() => wa.stop());

  it('sends an image by link with its caption cut to 1024 characters', async () => {
    const link = 'https://shop.example.com/wp-content/uploads/oster.jpg';
    const wamid = await client.sendImage({ phoneNumberId: '104', to, link, caption: 'x'.repeat(1100) });
    expect(wamid).toMatch(/^wamid\./);
    const sent = wa.sends.find((s) => s.wamid === wamid)!;
    expect(sent.image).toEqual({ link, caption: 'x'.repeat(1024) });
  });

  it('a WebP link is accepted and then fails asynchronously with 131053, as Meta does', async () => {
    const link = 'https://shop.example.com/wp-content/uploads/oster.webp';
    const wamid = await client.sendImage({ phoneNumberId: '104', to, link, caption: 'Oster' });
    expect(wa.failedStatuses).toContainEqual(expect.objectContaining({ wamid, code: 131053 }));
    expect(wa.sends.find((s) => s.wamid === wamid)).toBeUndefined();
  });

  it('sends a template with positional and with named body parameters', async () => {
    await client.sendTemplate({
      phoneNumberId: '104',
      to,
      name: 'seguimiento',
      languageCode: 'es_MX',
      bodyParameters: [{ text: 'Carla', name: null }],
    });
    await client.sendTemplate({
      phoneNumberId: '104',
      to,
      name: 'hola_nombre',
      languageCode: 'es',
      bodyParameters: [{ text: 'Carla', name: 'customer_name' }],
    });
    expect(wa.sends.filter((s) => s.type === 'template').map((s) => [s.template, s.templateParams])).toEqual([
      ['seguimiento', ['Carla']],
      ['hola_nombre', ['Carla']],
    ]);
  });

  it('template errors are not retried and name the variables to check', async () => {
    const base = { phoneNumberId: '104', to };
    const missing = await refusal(client.sendTemplate({ ...base, name: 'seguimiento', languageCode: 'es' }));
    expect(missing.metaCode).toBe(132001);
    expect(missing.options.retryable).toBe(false);
    expect(missing.message).toMatch(/WHATSAPP_REENGAGEMENT_TEMPLATE/);
    const count = await refusal(client.sendTemplate({ ...base, name: 'seguimiento', languageCode: 'es_MX' }));
    expect(count.metaCode).toBe(132000);
    expect(count.message).toMatch(/localizable_params \(0\)/);
    const paused = await refusal(client.sendTemplate({ ...base, name: 'pausada', languageCode: 'es' }));
    expect(paused.metaCode).toBe(132015);
    const positional = await refusal(
      client.sendTemplate({
        ...base,
        name: 'hola_nombre',
        languageCode: 'es',
        bodyParameters: [{ text: 'Carla', name: null }],
      }),
    );
    expect(positional.message).toMatch(/parameter name is missing/);
  });
});

describe('product photo link check (whatsapp-cloud.md §8)', () => {
  let media: FakeMediaHost;
  const check = new ImageLinkClient(testConfig({ PRODUCT_IMAGE_CHECK_TIMEOUT_MS: '2000' }));
  beforeAll(async () => {
    media = await new FakeMediaHost().start();
  });
  afterAll(() => media.stop());

  it('offers a photo whose host cannot be reached from here: Meta decides (its network is not ours)', async () => {
    expect(await check.check('http://127.0.0.1:1/wp-content/uploads/nevera.jpg')).toEqual({ usable: true });
    expect(await check.check('https://tienda.example.com/wp-content/uploads/nevera.jpg')).toEqual({
      usable: true,
    });
  });

  it('accepts a reachable JPEG or PNG of at most 5 MB and refuses everything Meta could not send', async () => {
    const logs = captureNestLogs();
    expect(await check.check(media.add('/a.jpg', { kind: 'jpeg' }))).toEqual({ usable: true });
    expect(await check.check(media.add('/b.png', { kind: 'png', bytes: 5 * 1024 * 1024 }))).toEqual({
      usable: true,
    });
    const refused = async (url: string) => {
      const r = await check.check(url);
      return r.usable ? 'usable' : r.reason;
    };
    expect(await refused(media.add('/c.webp', { kind: 'webp' }))).toMatch(/webp/);
    expect(await refused(media.add('/c2.jpg', { kind: 'webp' }))).toMatch(/image\/webp/);
    expect(await refused(media.add('/d.jpg', { kind: 'jpeg', bytes: 6 * 1024 * 1024 }))).toMatch(/5 MB/);
    expect(await refused(media.add('/e.jpg', { kind: 'status', status: 503 }))).toBe('HTTP 503');
    expect(await refused(media.add('/f.jpg', { kind: 'html' }))).toMatch(/text\/html/);
    expect(await refused(`${media.server.url}/missing.jpg`)).toBe('HTTP 404');
    expect(await refused('ftp://shop.example.com/a.jpg')).toMatch(/http/);
    // One warning per refused link, naming its host only (a link may carry tokens in its query).
    const warned = logs.matching('product image cannot be sent');
    expect(warned).toHaveLength(6);
    expect(warned[0]).toMatchObject({ host: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
  });
});
