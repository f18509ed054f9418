import { redactText, rememberPersonalNames } from '../../src/common/logging/redact';
import { findLeaks } from '../support/log-capture';

const seeded = { names: ['Carla'], phones: ['+584125550123'], emails: ['carla.3300@correo.example.com'] };

describe('the log leak check run after every test file', () => {
  it.each([
    '{"msg":"sent to +58 412-555-0123"}',
    '{"msg":"sent","to":"(0412) 555 0123"}',
    '{"msg":"user 0412.555.0123"}',
    '{"msg":"wa.me/584125550123"}',
    '{"msg":"from CARLA.3300@correo.example.com"}',
    '{"msg":"customer Carla wrote"}',
    '{"msg":"customer","first_name":"carla"}',
  ])('finds seeded personal data in %s', (line) => {
    expect(findLeaks([line], seeded)).not.toEqual([]);
  });

  it.each([
    '{"msg":"sent to +********0123"}',
    '{"msg":"Carlos and Carlota are other people"}',
    '{"msg":"conversation 5120, message 20451, 2026-11-25 16:45:35"}',
  ])('does not flag lines without it: %s', (line) => {
    expect(findLeaks([line], seeded)).toEqual([]);
  });

  it('passes every seeded value once the logger has redacted it', () => {
    rememberPersonalNames('Carla');
    const line = redactText(
      'Carla <carla.3300@correo.example.com> at +58 412-555-0123 / (0412) 555 0123 / 584125550123',
    );
    expect(findLeaks([line], seeded)).toEqual([]);
  });
});
