import { ExternalServiceError } from '../../src/common/app-error';
import { IntegrationHealth } from '../../src/common/integration-health';

describe('integration health registry', () => {
  it('keeps the last success and the last failure with the operator hint, phone numbers masked', async () => {
    const health = new IntegrationHealth();
    await health.track('woocommerce', () => Promise.resolve('ok'));
    const failure = new ExternalServiceError('woocommerce', 'get product', 'HTTP 401 for +584125550123', {
      retryable: false,
      status: 401,
      hint: 'check WOOCOMMERCE_KEY',
    });
    await expect(health.track('woocommerce', () => Promise.reject(failure))).rejects.toBe(failure);
    const s = health.get('woocommerce');
    expect(s.lastSuccessAt).toBeInstanceOf(Date);
    expect(s.lastError).toContain('check WOOCOMMERCE_KEY');
    expect(s.lastError).not.toContain('4125550123');
    expect(health.get('openai')).toEqual({ lastSuccessAt: null, lastErrorAt: null, lastError: null });
  });

  it('counts a "not found" answer as the system working', async () => {
    const health = new IntegrationHealth();
    const gone = new ExternalServiceError('woocommerce', 'get product', 'HTTP 404', {
      retryable: false,
      status: 404,
    });
    await expect(health.track('woocommerce', () => Promise.reject(gone))).rejects.toBe(gone);
    expect(health.get('woocommerce')).toMatchObject({ lastError: null });
    expect(health.get('woocommerce').lastSuccessAt).toBeInstanceOf(Date);
  });
});
