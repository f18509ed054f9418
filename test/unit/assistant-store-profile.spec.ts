import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseStoreProfile, loadStoreProfile } from '../../src/assistant/store-profile';
import { buildSystemPrompt } from '../../src/assistant/system-prompt';

describe('store profile', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'namwoo-profile-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the shipped example when started from another folder', () => {
    expect(loadStoreProfile(undefined, dir).storeName).toBe('Tecno Hogar Caracas');
  });

  it('reads STORE_PROFILE_PATH and composes it into the system prompt', () => {
    const file = join(dir, 'mi-tienda.json');
    writeFileSync(
      file,
      JSON.stringify({
        storeName: 'Mundo Celular Valencia',
        tone: 'formal, de usted',
        languages: ['es'],
        address: 'Av. Bolívar Norte, Valencia',
        hours: 'Lunes a viernes 8 a 5',
        delivery: 'Solo retiro en tienda',
        paymentMethods: ['Zelle', 'Pago móvil'],
        warranty: '3 meses',
        faq: [{ question: '¿Reparan pantallas?', answer: 'No, solo vendemos equipos nuevos.' }],
      }),
    );
    const profile = loadStoreProfile('mi-tienda.json', dir);
    expect(profile.currency).toEqual({ code: 'USD', symbol: '$' });
    const prompt = buildSystemPrompt(profile, 'Carla');
    for (const expected of [
      'Mundo Celular Valencia',
      'formal, de usted',
      'Av. Bolívar Norte',
      'Zelle; Pago móvil',
      '¿Reparan pantallas?',
      'Carla',
    ]) {
      expect(prompt).toContain(expected);
    }
    expect(prompt).toMatch(/NUNCA inventes productos, precios, existencias, descuentos/);
    expect(prompt).toContain('*un asterisco*');
  });

  it('refuses a broken profile listing every problem', () => {
    const file = join(dir, 'roto.json');
    writeFileSync(file, JSON.stringify({ storeName: '', languages: 'es', paymentMethods: ['Zelle'] }));
    expect(() => loadStoreProfile(file)).toThrow(
      /"storeName" must be a non-empty text[\s\S]*"languages" must be/,
    );
    expect(() => loadStoreProfile(join(dir, 'nope.json'))).toThrow(/STORE_PROFILE_PATH/);
  });
});

describe('which store profile the assistant speaks for', () => {
  it('uses the demo profile only when WooCommerce is not configured (the demo catalog)', () => {
    const demo = chooseStoreProfile({ storeProfilePath: undefined, woocommerceConfigured: false });
    expect(demo.profile).toMatchObject({ source: 'demo', storeName: 'Tecno Hogar Caracas' });
    expect(demo.warning).toBeNull();
  });

  it('without WooCommerce settings but with a catalog synced from a store: no demo facts, a warning', () => {
    const { profile, warning } = chooseStoreProfile({
      storeProfilePath: undefined,
      woocommerceConfigured: false,
      catalogFromStore: true,
    });
    expect(profile).toMatchObject({ source: 'none', storeName: null, paymentMethods: [] });
    expect(warning).toContain('synced from a WooCommerce store');
    expect(warning).toContain('STORE_PROFILE_PATH');
  });

  it('with WooCommerce and no profile: no store facts at all, and a warning naming STORE_PROFILE_PATH', () => {
    const { profile, warning } = chooseStoreProfile({
      storeProfilePath: undefined,
      woocommerceConfigured: true,
    });
    expect(profile).toMatchObject({ source: 'none', storeName: null, address: null, paymentMethods: [] });
    expect(warning).toContain('STORE_PROFILE_PATH');
    const prompt = buildSystemPrompt(profile, null);
    for (const demoFact of ['Tecno Hogar', 'Sambil', 'Zelle', 'Binance', 'MRW']) {
      expect(prompt).not.toContain(demoFact);
    }
    expect(prompt).toContain('no menciones ningún nombre de tienda');
  });
});
