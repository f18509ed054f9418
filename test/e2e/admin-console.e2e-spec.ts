import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoCatalog } from '../../src/catalog/demo/load-demo-catalog';
import { FakeSupportBoard, SB_BOT_ID } from '../fakes/fake-support-board';
import { FakeWhatsApp } from '../fakes/fake-whatsapp';
import { FakeWooCommerce } from '../fakes/fake-woocommerce';
import { fakeChannelsEnv, settled, until } from '../support/e2e';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The store console driven in headless Chromium (Debian's `chromium`; `.ci/run` installs it), against the whole
 * app with fake Support Board, WhatsApp and WooCommerce. The tests run in order, as a store owner would: refused
 * without a password, log in, sync, watch a conversation, pause and resume it, try the bot, edit the profile.
 * Each page's screenshot is saved (see SHOTS); the committed ones in docs/console/ are shown in the README.
 */
const PASSWORD = 'console-test-password';
const SECRET = 'whk-console-secret';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Each run writes the pages to test-results/console/; UPDATE_SCREENSHOTS=1 refreshes the committed docs/console/.
const SHOTS = join(
  __dirname,
  '..',
  '..',
  ...(process.env.UPDATE_SCREENSHOTS === '1' ? ['docs', 'console'] : ['test-results', 'console']),
);

describe('store console in a real browser', () => {
  let dir: string;
  let sb: FakeSupportBoard;
  let wa: FakeWhatsApp;
  let woo: FakeWooCommerce;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let conversationId: string;
  let profilePath: string;

  const shot = async (name: string): Promise<void> => {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  };
  const botMessages = () => sb.messagesFrom(conversationId, SB_BOT_ID);
  const settle = (id: string) => settled(() => t.dataSource, id);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-console-'));
    mkdirSync(SHOTS, { recursive: true });
    profilePath = join(dir, 'store-profile.json');
    copyFileSync(join(__dirname, '..', '..', 'config', 'store-profile.json'), profilePath);
    sb = await new FakeSupportBoard(SECRET).start();
    wa = await new FakeWhatsApp().start();
    woo = await new FakeWooCommerce(demoCatalog(), { latencyMs: 40 }).start();
    t = await startTestApp({
      ...woo.env,
      ADMIN_PASSWORD: PASSWORD,
      STORE_PROFILE_PATH: profilePath,
      ...fakeChannelsEnv(sb, wa, SECRET),
      WHATSAPP_PHONE_NUMBER_ID: '999000',
      REPLY_QUIET_WINDOW_MS: '200',
      SYNC_INTERVAL_MINUTES: '0',
    });
    sb.webhookUrl = `${t.url}/api/sb-webhook`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sb?.stop();
    await wa?.stop();
    await woo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every console page and action without a session', async () => {
    const pages = [
      '/admin',
      '/admin/conversations',
      '/admin/conversations/1',
      '/admin/catalog?q=nevera',
      '/admin/catalog/sync/status',
      '/admin/playground',
      '/admin/profile',
    ];
    for (const path of pages) {
      const res = await fetch(`${t.url}${path}`, { redirect: 'manual' });
      expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/admin/login']);
    }
    const actions = [
      '/admin/logout',
      '/admin/conversations/1/pause',
      '/admin/conversations/1/resume',
      '/admin/catalog/sync',
      '/admin/playground',
      '/admin/playground/reset',
      '/admin/profile',
    ];
    for (const path of actions) {
      const res = await fetch(`${t.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'storeName=Hacked&message=hola&minutes=5',
      });
      expect([path, res.status]).toEqual([path, 401]);
    }
    expect(JSON.parse(readFileSync(profilePath, 'utf8'))).toMatchObject({ storeName: 'Tecno Hogar Caracas' });
    expect(await t.dataSource.query(`SELECT * FROM conversation_pauses`)).toEqual([]);
  });

  it('refuses a wrong password and lets the right one in', async () => {
    await page.goto(`${t.url}/admin`);
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    await shot('login');
    await page.fill('#password', 'not-the-password');
    await page.click('button[type=submit]');
    expect(await page.textContent('[role=alert]')).toContain('Wrong password');
    await page.fill('#password', PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL(`${t.url}/admin`);
    const cookie = (await page.context().cookies()).find((c) => c.name === 'namwoo_admin')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/admin' });
  });

  it('refuses an action whose CSRF token is missing, even with a valid session', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'namwoo_admin')!;
    const res = await fetch(`${t.url}/admin/conversations/77/pause`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        cookie: `namwoo_admin=${cookie.value}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'minutes=5',
    });
    expect(res.status).toBe(403);
    expect(await t.dataSource.query(`SELECT * FROM conversation_pauses`)).toEqual([]);
  });

  it('syncs the catalog from the store with "Sync now" and lists the run', async () => {
    await page.goto(`${t.url}/admin/catalog`);
    await page.click('button:has-text("Sync now")');
    await page.waitForSelector('[data-sync-result]', { timeout: 60_000 });
    expect(await page.textContent('[data-sync-result]')).toMatch(
      /full succeeded .* 133 fetched, 133 created/,
    );
    expect(await page.textContent('[data-sync-runs] tbody tr')).toContain('succeeded');
  });

  it('shows a search with its results, prices, stock and each lane’s rank', async () => {
    await page.fill('input[name=q]', 'nevera samsung');
    await page.click('button:has-text("Search")');
    const rows = await page.locator('[data-search-results] tbody tr').allTextContents();
    expect(rows[0]).toMatch(/Samsung/);
    expect(rows[0]).toMatch(/\$\d/);
    expect(await page.textContent('main')).toContain('same meaning: nevera = refrigerador');
    await shot('catalog');
  });

  it('shows a conversation the bot answered, with the search it ran, and counts it on the overview', async () => {
    ({ conversationId } = sb.addCustomer({ channel: 'wa', name: 'Carla', phone: '+584125550123' }));
    await sb.customerSays(conversationId, '¿tienen licuadoras?', { waid: 'wamid.C-1' });
    await until('the bot reply', () => botMessages().length === 1);
    await settle(conversationId);

    await page.goto(`${t.url}/admin`);
    expect(await page.textContent('[data-stat=replies-24h]')).toBe('1');
    expect(await page.textContent('[data-stat=offline]')).toBe('100 %');
    expect(await page.textContent('main')).toContain('Support Board');
    await shot('overview');

    await page.goto(`${t.url}/admin/conversations`);
    const row = page.locator(`tr[data-conversation="${conversationId}"]`);
    expect(await row.textContent()).toMatch(/WhatsApp[\s\S]*Carla · \+•+123[\s\S]*licuadoras[\s\S]*answered/);
    expect(await page.textContent('main')).not.toContain('4125550123');
    await shot('conversations');

    await row.locator('a').click();
    expect(await page.textContent('[data-role=customer]')).toContain('¿tienen licuadoras?');
    // WhatsApp's *bold* is shown bold.
    expect(await page.textContent('[data-role=bot]')).toContain(botMessages()[0].message.replace(/\*/g, ''));
    const trace = (await page.textContent('[data-trace]'))!.replace(/\s+/g, ' ');
    expect(trace).toMatch(/search “licuadoras?”/);
    expect(trace).toMatch(/filter_stock = true/);
    expect(trace).toContain('Licuadora Oster');
    expect(trace).toMatch(/offline · \d+ ms/);
    await shot('conversation');
  });

  it('pauses the bot from the console so the next customer message gets no reply, then resumes it', async () => {
    await page.click('button:has-text("Pause the bot")');
    expect(await page.textContent('[role=status]')).toContain('paused');
    await sb.customerSays(conversationId, '¿y cuánto cuesta la nevera?', { waid: 'wamid.C-2' });
    await settle(conversationId);
    expect(botMessages()).toHaveLength(1);
    expect(await page.textContent('h1')).toContain('paused');
    expect(await t.dataSource.query(`SELECT paused_by, reason FROM conversation_pauses`)).toEqual([
      { paused_by: 'console', reason: 'manual' },
    ]);

    await page.click('button:has-text("Resume the bot")');
    expect(await page.textContent('[role=status]')).toContain('answers here again');
    await sb.customerSays(conversationId, 'hola, ¿tienen licuadoras oster?', { waid: 'wamid.C-3' });
    await until('a reply after resuming', () => botMessages().length === 2);
  });

  it('answers in the playground with the tool calls shown, and resets', async () => {
    await page.goto(`${t.url}/admin/playground`);
    await page.fill('input[name=message]', 'precio de la nevera samsung');
    await page.click('button:has-text("Send")');
    const bot = await page.locator('[data-role=bot]').last().textContent();
    expect(bot).toMatch(/Samsung[\s\S]*\$\d/);
    expect(await page.locator('[data-trace]').last().textContent()).toMatch(/search “[^”]*nevera samsung/);
    await shot('playground');
    await page.click('button:has-text("Reset the conversation")');
    expect(await page.locator('[data-role=bot]').count()).toBe(0);
  });

  it('edits the store profile; the next answer uses it without a restart', async () => {
    await page.goto(`${t.url}/admin/profile`);
    await page.fill('#hours', '');
    await page.click('button:has-text("Save the profile")');
    expect(await page.textContent('[role=alert]')).toContain('"hours" must be a non-empty text');

    await page.fill('#hours', 'Lunes a viernes de 8:00 a. m. a 4:00 p. m. (horario de diciembre)');
    await page.click('button:has-text("Save the profile")');
    expect(await page.textContent('[role=status]')).toContain('Saved');
    expect(JSON.parse(readFileSync(profilePath, 'utf8'))).toMatchObject({
      hours: 'Lunes a viernes de 8:00 a. m. a 4:00 p. m. (horario de diciembre)',
      storeName: 'Tecno Hogar Caracas',
    });
    await shot('profile');

    await page.goto(`${t.url}/admin/playground`);
    await page.fill('input[name=message]', '¿cuál es el horario?');
    await page.click('button:has-text("Send")');
    expect(await page.locator('[data-role=bot]').last().textContent()).toContain('horario de diciembre');
  });

  it('logs out: the old session no longer opens the console', async () => {
    const cookie = (await page.context().cookies()).find((c) => c.name === 'namwoo_admin')!;
    await page.goto(`${t.url}/admin`);
    await page.click('button:has-text("Log out")');
    expect(new URL(page.url()).pathname).toBe('/admin/login');
    const res = await fetch(`${t.url}/admin`, {
      redirect: 'manual',
      headers: { cookie: `namwoo_admin=${cookie.value}` },
    });
    expect(res.status).toBe(303);
  });

  it('limits failed logins from one address', async () => {
    const attempt = async (): Promise<number> => {
      const form = await fetch(`${t.url}/admin/login`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1];
      const cookie = form.headers.get('set-cookie')!.split(';')[0];
      const res = await fetch(`${t.url}/admin/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}&password=guess`,
      });
      return res.status;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await attempt());
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
