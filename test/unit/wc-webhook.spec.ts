import { decideProductWebhook } from '../../src/sync/product-webhook';
import { isValidWcSignature, isWcPing } from '../../src/webhook/wc-webhook-signature';
import { wcSignature, wpJsonEncode } from '../fakes/fake-woocommerce-webhooks';

describe('WooCommerce webhook signature', () => {
  const secret = 'abcDEF0123456789xyz';
  // WordPress escapes slashes and non-ASCII: the signature covers those exact bytes, not a re-serialisation.
  const body = wpJsonEncode({ id: 5, name: 'Nevera Ártica', permalink: 'https://shop.example.com/p/5/' });

  it('accepts the signature of the exact bytes', () => {
    expect(body).toContain('\\u00c1rtica');
    expect(body).toContain('https:\\/\\/');
    expect(isValidWcSignature(Buffer.from(body), wcSignature(body, secret), secret)).toBe(true);
  });

  it('refuses a missing, wrong or re-serialised signature', () => {
    expect(isValidWcSignature(Buffer.from(body), undefined, secret)).toBe(false);
    expect(isValidWcSignature(Buffer.from(body), '', secret)).toBe(false);
    expect(isValidWcSignature(Buffer.from(body), wcSignature(body, 'other-secret'), secret)).toBe(false);
    const reserialised = JSON.stringify(JSON.parse(body));
    expect(isValidWcSignature(Buffer.from(body), wcSignature(reserialised, secret), secret)).toBe(false);
  });

  it("recognises WooCommerce's ping", () => {
    expect(isWcPing({ webhook_id: '12' }, Buffer.from('webhook_id=12'))).toBe(true);
    expect(isWcPing(undefined, Buffer.from('webhook_id=12'))).toBe(true);
    expect(isWcPing({ webhook_id: 'x' }, Buffer.from('webhook_id=x'))).toBe(false);
    expect(isWcPing({ id: 12 }, Buffer.from('{"id":12}'))).toBe(false);
  });
});

describe('which product a webhook refreshes', () => {
  it('the product of a product topic, the parent of a variation, the id of a trashed product', () => {
    expect(decideProductWebhook('product.updated', { id: 7, type: 'simple' })).toEqual({
      action: 'refresh',
      productId: 7,
    });
    expect(decideProductWebhook('product.updated', { id: 71, type: 'variation', parent_id: 7 })).toEqual({
      action: 'refresh',
      productId: 7,
    });
    expect(decideProductWebhook('product.deleted', { id: 9 })).toEqual({ action: 'refresh', productId: 9 });
  });

  it('ignores other topics and bodies without a product id (REST error objects)', () => {
    expect(decideProductWebhook('order.updated', { id: 5821 })).toEqual({
      action: 'ignore',
      reason: 'topic',
    });
    expect(
      decideProductWebhook('product.updated', { code: 'woocommerce_rest_cannot_view', message: 'x' }),
    ).toEqual({ action: 'ignore', reason: 'no_product_id' });
    expect(decideProductWebhook('product.updated', [1])).toEqual({
      action: 'ignore',
      reason: 'no_product_id',
    });
  });
});
