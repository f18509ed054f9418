import { buildHistory } from '../../src/conversation/conversation-history';
import type { SbConversation, SbMessage } from '../../src/support-board/support-board.types';

const CUSTOMER = '3318';
const BOT = '2';

const msg = (id: string, userId: string, text: string, payload: Record<string, unknown> = {}): SbMessage => ({
  id,
  userId,
  text,
  attachments: [],
  payload,
  creationTime: '2025-05-02 14:05:40',
  userType: null,
});

const conversation = (messages: SbMessage[]): SbConversation => ({
  id: '1',
  userId: CUSTOMER,
  source: 'wa',
  extra: null,
  statusCode: '2',
  messages,
});

const turns = (c: SbConversation, burstIds: string[], skip: string[] = []): string[][] =>
  buildHistory({ conversation: c, botUserId: BOT, burstIds, skipIds: new Set(skip) }).map((t) => [
    t.messageId,
    t.role,
  ]);

describe('buildHistory', () => {
  it('keeps roles by sender and drops events, empty system rows and duplicate deliveries', () => {
    const c = conversation([
      msg('10', CUSTOMER, 'hola', { waid: 'wamid.A' }),
      msg('11', CUSTOMER, 'hola', { waid: 'wamid.A' }),
      msg('12', BOT, '¡Hola! ¿En qué te ayudo?'),
      msg('13', '1', '', { event: 'conversation-department-update-2' }),
      msg('14', BOT, '', { 'human-takeover': true }),
      msg('15', '5', 'Soy Ana, del equipo'),
      msg('16', CUSTOMER, '¿precio?', { waid: 'wamid.B' }),
    ]);
    expect(turns(c, ['16'])).toEqual([
      ['10', 'customer'],
      ['12', 'bot'],
      ['15', 'staff'],
      ['16', 'customer'],
    ]);
  });

  it('stops at the burst it answers: a message that arrived after the claim is left to the next reply', () => {
    const c = conversation([msg('20', CUSTOMER, 'hola'), msg('21', CUSTOMER, '¿tienen licuadoras Oster?')]);
    expect(turns(c, ['20'])).toEqual([['20', 'customer']]);
  });

  it('puts our earlier answer before the burst even when Support Board filed it after the burst', () => {
    // "hola" was answered while "licuadoras" was already in; the next reply answers "licuadoras" only.
    const c = conversation([
      msg('20', CUSTOMER, 'hola'),
      msg('21', CUSTOMER, '¿tienen licuadoras Oster?'),
      msg('22', BOT, '¡Hola! ¿Qué producto buscas?'),
    ]);
    const history = turns(c, ['21']);
    expect(history).toEqual([
      ['20', 'customer'],
      ['22', 'bot'],
      ['21', 'customer'],
    ]);
    expect(history.at(-1)).toEqual(['21', 'customer']);
  });

  it('always ends with the customer messages it answers, in order', () => {
    const c = conversation([
      msg('30', CUSTOMER, 'buenas'),
      msg('31', BOT, '¡Hola!'),
      msg('32', CUSTOMER, 'busco una nevera'),
      msg('33', CUSTOMER, 'de menos de 500'),
      msg('34', CUSTOMER, 'y también un microondas'),
    ]);
    expect(turns(c, ['33', '32'])).toEqual([
      ['30', 'customer'],
      ['31', 'bot'],
      ['32', 'customer'],
      ['33', 'customer'],
    ]);
  });
});
