import { FakeMediaHost } from '../fakes/fake-media-host';
import { FakeOpenAi, step } from '../fakes/fake-openai';
import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { product } from '../support/assistant-catalog';
import { PHONE_NUMBER_ID, fakeChannelsEnv, settled, until } from '../support/e2e';
import { loadThroughSync } from '../support/search-catalog-loader';
import { startTestApp, type TestApp } from '../support/test-app';
import type { WcCatalog } from '../../src/woocommerce/woocommerce.types';

const SECRET = 'whk-window-photos';
const HOUR = 3600_000;

interface Stack {
  sb: FakeSupportBoard;
  wa: FakeWhatsApp;
  media: FakeMediaHost;
  app: TestApp;
  nevera: string;
}

/** A store whose fridge has a photo on its own uploads host, a blender whose photo link is dead and a TV without one. */
function catalog(media: FakeMediaHost): { catalog: WcCatalog; nevera: string } {
  const nevera = media.add('/wp-content/uploads/2026/11/nevera-lg-gt32.jpg', { kind: 'jpeg' });
  const dead = media.add('/wp-content/uploads/2026/11/licuadora-oster.jpg', { kind: 'status', status: 404 });
  const img = (src: string) => [{ id: 1, src, name: 'foto', alt: '' }];
  return {
    nevera,
    catalog: {
      products: [
        product({
          id: 4100,
          name: 'Nevera LG GT32WPP 11 pies',
          sku: 'LG-GT32',
          price: '649.00',
          stock_quantity: 3,
          manage_stock: true,
          categories: [{ id: 20, name: 'Neveras', slug: 'neveras' }],
          images: img(nevera),
        }),
        product({
          id: 4200,
          name: 'Licuadora Oster 600W',
          sku: 'OST-600',
          price: '45.00',
          categories: [{ id: 10, name: 'Licuadoras', slug: 'licuadoras' }],
          images: img(dead),
        }),
        product({
          id: 4300,
          name: 'Televisor Samsung 50 pulgadas',
          sku: 'SM-TV50',
          price: '399.00',
          categories: [{ id: 30, name: 'Televisores', slug: 'televisores' }],
        }),
      ],
      variations: {},
    },
  };
}

async function startStack(env: Record<string, string>): Promise<Stack> {
  const sb = await new FakeSupportBoard(SECRET).start();
  const wa = await new FakeWhatsApp().start();
  const media = await new FakeMediaHost().start();
  wa.approveTemplate({ name: 'seguimiento', language: 'es_MX', body: 1 });
  const app = await startTestApp({
    ...fakeChannelsEnv(sb, wa, SECRET),
    REPLY_QUIET_WINDOW_MS: '100',
    EMBEDDING_DIMENSIONS: '384',
    OPENAI_MAX_RETRIES: '0',
    ...env,
  });
  sb.webhookUrl = `${app.url}/api/sb-webhook`;
  const c = catalog(media);
  await loadThroughSync((token) => app.app.get(token), c.catalog);
  return { sb, wa, media, app, nevera: c.nevera };
}

async function stopStack(s: Stack | undefined): Promise<void> {
  await s?.app.close();
  await s?.sb.stop();
  await s?.wa.stop();
  await s?.media.stop();
}

let phones = 5550700;
const waCustomer = (s: Stack, name = 'Carla') => {
  const phone = `+58414${++phones}`;
  const { conversationId } = s.sb.addCustomer({ channel: 'wa', name, phone, extra: PHONE_NUMBER_ID });
  return { conversationId, waid: phone.slice(1) };
};
const replyOf = async (s: Stack, conversationId: string) => {
  await settled(() => s.app.dataSource, conversationId);
  const [r] = await s.app.dataSource.query<Record<string, unknown>[]>(
    `SELECT * FROM replies WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1`,
    [conversationId],
  );
  return r;
};

describe('the customer-service window and product photos (offline assistant)', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({
      WHATSAPP_REENGAGEMENT_TEMPLATE: 'seguimiento',
      WHATSAPP_REENGAGEMENT_LANGUAGE: 'es_MX',
      WHATSAPP_REENGAGEMENT_PARAMETERS: 'first_name',
    });
  });
  afterAll(() => stopStack(s));

  it('a WhatsApp customer who last wrote 25 h ago gets the template with their first name, never a free-form message', async () => {
    const { conversationId, waid } = waCustomer(s, 'Carla');
    const at = new Date(Date.now() - 25 * HOUR);
    s.wa.customerWroteAt(waid, at);
    // The webhook reaches us late (replayed after an outage): Support Board stored the message 25 h ago.
    await s.sb.customerSays(conversationId, '¿tienen neveras LG?', { waid: 'wamid.OLD-1', at });
    const reply = await replyOf(s, conversationId);

    const sends = s.wa.sends.filter((w) => w.to === waid);
    expect(sends).toEqual([
      expect.objectContaining({
        type: 'template',
        template: 'seguimiento',
        templateLanguage: 'es_MX',
        templateParams: ['Carla'],
      }),
    ]);
    // Checked before sending: WhatsApp was never asked to deliver the text (no 131047 needed).
    expect(s.wa.failedStatuses).toEqual([]);
    expect(s.sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    const [note] = s.sb.notes(conversationId);
    expect(note.message).toMatch(/24 hours/);
    expect(note.message).toMatch(/seguimiento/);
    expect(note.message).toContain('Nevera LG GT32WPP');
    expect(reply).toMatchObject({ status: 'failed', window_outcome: 'template_sent' });
  });

  it('a template WhatsApp refuses (not approved in that language) still leaves the agents a note saying so', async () => {
    s.wa.templates.clear();
    try {
      const { conversationId, waid } = waCustomer(s, 'Luis');
      await s.sb.customerSays(conversationId, '¿tienen licuadoras?', {
        waid: 'wamid.OLD-2',
        at: new Date(Date.now() - 26 * HOUR),
      });
      const reply = await replyOf(s, conversationId);
      expect(s.wa.sends.filter((w) => w.to === waid)).toEqual([]);
      expect(s.sb.notes(conversationId)[0].message).toMatch(/"seguimiento" could not be sent: .*132001/);
      expect(reply).toMatchObject({ status: 'failed', window_outcome: 'template_failed' });
    } finally {
      s.wa.approveTemplate({ name: 'seguimiento', language: 'es_MX', body: 1 });
    }
  });

  it('an Instagram customer outside the window gets nothing; the agents get a note', async () => {
    const { conversationId } = s.sb.addCustomer({
      channel: 'ig',
      psid: '6051234567000001',
      extra: '17841400000',
    });
    await s.sb.customerSays(conversationId, '¿tienen licuadoras?', {
      mid: 'm_old-1',
      at: new Date(Date.now() - 30 * HOUR),
    });
    const reply = await replyOf(s, conversationId);
    expect(s.sb.messengerSends.filter((m) => m.psid === '6051234567000001')).toEqual([]);
    expect(s.sb.messagesFrom(conversationId, SB_BOT_ID)).toHaveLength(0);
    expect(s.sb.notes(conversationId)[0].message).toMatch(/Instagram allows no bot answer/);
    expect(reply).toMatchObject({ status: 'failed', window_outcome: 'note_only' });
  });

  it('inside the window the answer goes out as usual', async () => {
    const { conversationId, waid } = waCustomer(s);
    await s.sb.customerSays(conversationId, '¿tienen licuadoras?', {
      waid: 'wamid.RECENT-1',
      at: new Date(Date.now() - 23 * HOUR),
    });
    const reply = await replyOf(s, conversationId);
    expect(s.wa.sends.filter((w) => w.to === waid).map((w) => w.type)).toEqual(['text']);
    expect(reply).toMatchObject({ status: 'sent', window_outcome: null });
  });

  it('"¿tienes fotos de la nevera LG?" sends the text, then that product\'s photo with name and price, logged for the agents', async () => {
    const { conversationId, waid } = waCustomer(s);
    await s.sb.customerSays(conversationId, '¿tienes fotos de la nevera LG?', { waid: 'wamid.PH-1' });
    const reply = await replyOf(s, conversationId);

    const sends = s.wa.sends.filter((w) => w.to === waid);
    expect(sends.map((w) => w.type)).toEqual(['text', 'image']);
    expect(sends[0].body).toContain('*Nevera LG GT32WPP 11 pies*');
    expect(sends[0].body).toContain('$649.00');
    expect(sends[1].image).toEqual({
      link: s.nevera,
      caption: '*Nevera LG GT32WPP 11 pies*\nPrecio: $649.00',
    });
    // Logged in Support Board with the image as an attachment, and never re-delivered through SB.
    const logged = s.sb.messagesFrom(conversationId, SB_BOT_ID);
    expect(logged).toHaveLength(2);
    expect(logged[1].attachments).toEqual([['nevera-lg-gt32.jpg', s.nevera]]);
    expect(logged[1].message).toBe(sends[1].image?.caption);
    expect(s.sb.whatsappSends).toEqual([]);
    expect(reply).toMatchObject({ status: 'sent', image_outcome: 'sent' });
  });

  it('"send me a picture" after a product was shown sends that product\'s photo', async () => {
    const { conversationId, waid } = waCustomer(s);
    await s.sb.customerSays(conversationId, 'LG-GT32', { waid: 'wamid.PH-2' });
    await replyOf(s, conversationId);
    await s.sb.customerSays(conversationId, 'can you send me a picture?', { waid: 'wamid.PH-3' });
    await until('the photo', () => s.wa.sends.filter((w) => w.to === waid && w.type === 'image').length >= 1);
    await replyOf(s, conversationId);
    const last = s.wa.sends.filter((w) => w.to === waid).at(-1);
    expect(last?.image?.link).toBe(s.nevera);
  });

  it('a dead photo link never blocks the text: the customer hears there is no photo right now', async () => {
    const { conversationId, waid } = waCustomer(s);
    await s.sb.customerSays(conversationId, '¿cómo se ve la licuadora oster?', { waid: 'wamid.PH-4' });
    const reply = await replyOf(s, conversationId);
    const sends = s.wa.sends.filter((w) => w.to === waid);
    expect(sends.map((w) => w.type)).toEqual(['text']);
    expect(sends[0].body).toMatch(/no tengo una foto de \*Licuadora Oster 600W\*/i);
    expect(sends[0].body).toContain('$45.00');
    expect(reply).toMatchObject({ status: 'sent', image: null });
  });

  it('Instagram: the photo goes through Support Board as an attachment, with the echo suppressed', async () => {
    const psid = '6051234567000002';
    const { conversationId } = s.sb.addCustomer({ channel: 'ig', psid, extra: '17841400000' });
    await s.sb.customerSays(conversationId, '¿tienes fotos de la nevera LG?', { mid: 'm_ph-5' });
    const reply = await replyOf(s, conversationId);
    const sends = s.sb.messengerSends.filter((m) => m.psid === psid);
    expect(sends).toHaveLength(2);
    expect(sends[1]).toMatchObject({
      message: '',
      attachments: [{ name: 'nevera-lg-gt32.jpg', url: s.nevera, type: 'image' }],
    });
    const logged = s.sb.messagesFrom(conversationId, SB_BOT_ID);
    expect(sends[1].metadata).toBe(String(logged[1].id));
    // No page echo stored as an admin (which would have paused the bot).
    expect(s.sb.messagesFrom(conversationId, '1')).toEqual([]);
    expect(reply).toMatchObject({ status: 'sent', image_outcome: 'sent' });
  });
});

describe('product photos chosen by the LLM', () => {
  let s: Stack;
  let fake: FakeOpenAi;
  beforeAll(async () => {
    fake = await new FakeOpenAi().start();
    s = await startStack({
      OPENAI_API_KEY: fake.apiKey,
      OPENAI_BASE_URL: fake.baseUrl,
      // No WHATSAPP_REENGAGEMENT_PARAMETERS: the template's one variable is learnt from Meta's 132000.
      WHATSAPP_REENGAGEMENT_TEMPLATE: 'seguimiento',
      WHATSAPP_REENGAGEMENT_LANGUAGE: 'es_MX',
    });
  });
  afterAll(async () => {
    await stopStack(s);
    await fake?.stop();
  });

  it('send_product_image: the photo follows the text; a product without a photo is answered honestly', async () => {
    fake.setScript((c) => {
      if (c.round === 0)
        return step.call('send_product_image', { product_identifier: 'LG-GT32', identifier_type: 'sku' });
      const r = c.toolResults[0].content as { image_will_be_sent: boolean; name: string; price: number };
      return step.text(
        r.image_will_be_sent
          ? `Claro, aquí tienes la *${r.name}* a $${r.price.toFixed(2)}.`
          : `No tengo foto de la *${r.name}* ahora mismo.`,
      );
    });
    const { conversationId, waid } = waCustomer(s);
    await s.sb.customerSays(conversationId, 'quiero ver la nevera LG', { waid: 'wamid.LLM-1' });
    const reply = await replyOf(s, conversationId);
    const sends = s.wa.sends.filter((w) => w.to === waid);
    expect(sends.map((w) => w.type)).toEqual(['text', 'image']);
    expect(sends[0].body).toBe('Claro, aquí tienes la *Nevera LG GT32WPP 11 pies* a $649.00.');
    expect(sends[1].image?.link).toBe(s.nevera);
    expect(reply).toMatchObject({ engine: 'openai', image_outcome: 'sent' });

    fake.setScript((c) =>
      c.round === 0
        ? step.call('send_product_image', { product_identifier: 'SM-TV50', identifier_type: 'sku' })
        : step.text(`No tengo foto de ese televisor ahora mismo.`),
    );
    const other = waCustomer(s);
    await s.sb.customerSays(other.conversationId, '¿cómo se ve el televisor samsung?', {
      waid: 'wamid.LLM-2',
    });
    await replyOf(s, other.conversationId);
    expect(s.wa.sends.filter((w) => w.to === other.waid).map((w) => w.type)).toEqual(['text']);
  });

  it('a template whose variables were not configured is sent with the first name after Meta names the count', async () => {
    fake.setScript(() => step.text('¡Hola! ¿En qué te ayudo?'));
    const { conversationId, waid } = waCustomer(s, 'Rosa');
    await s.sb.customerSays(conversationId, 'hola', {
      waid: 'wamid.LLM-3',
      at: new Date(Date.now() - 25 * HOUR),
    });
    const reply = await replyOf(s, conversationId);
    expect(s.wa.sends.filter((w) => w.to === waid)).toEqual([
      expect.objectContaining({ type: 'template', template: 'seguimiento', templateParams: ['Rosa'] }),
    ]);
    expect(reply).toMatchObject({ window_outcome: 'template_sent' });
    expect(s.app.logs.matching('body variable')).toHaveLength(1);
  });
});
