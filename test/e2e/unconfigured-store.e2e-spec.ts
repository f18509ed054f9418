import request from 'supertest';
import { LogCapture } from '../support/log-capture';
import { startTestApp, type TestApp } from '../support/test-app';

/** A new store that configured nothing yet: what runs is limited, and the log says why and what to do. */
describe('a store with nothing configured', () => {
  const logs = new LogCapture();
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ LOAD_DEMO_CATALOG: 'false' }, { logs });
  });
  afterAll(() => t?.close());

  it('says at start that the catalog is empty and how to fill it', async () => {
    const line = await logs.waitFor('the catalog is empty');
    expect(line.level).toBe('warn');
    expect(line.msg).toContain('WOOCOMMERCE_URL');
    expect(line.msg).toContain('node dist/cli sync');
    expect(line.msg).toContain('LOAD_DEMO_CATALOG');
  });

  it('logs each recorded customer message as stored but not answered, without the text or the phone', async () => {
    const body = {
      function: 'message-sent',
      key: '',
      data: {
        user_id: '3318',
        message_id: 20451,
        message: 'hola, soy Carla, mi número es +584125550123',
        attachments: [],
        conversation_user_id: '3318',
        conversation_id: '912',
        conversation_status_code: 2,
        conversation_source: 'wa',
      },
    };
    await request(t.url).post('/api/sb-webhook').send(body).expect(200);
    const [line] = logs.matching('will not be answered');
    expect(line).toMatchObject({ level: 'info', conversationId: '912', messageId: '20451' });
    expect(line.msg).toContain('Support Board is not configured');
    expect(JSON.stringify(logs.lines)).not.toMatch(/Carla|5550123/);

    await request(t.url).post('/api/sb-webhook').send(body).expect(200);
    expect(logs.matching('will not be answered')).toHaveLength(1);
  });
});
