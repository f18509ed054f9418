import { parseBotCommand } from '../../src/conversation/bot-command';
import { archivedSinceStoreSpoke, judgeControlEvent } from '../../src/conversation/bot-control-verdict';
import type { SbConversation, SbMessage } from '../../src/support-board/support-board.types';

const BOT = '2';
const msg = (id: number, userId: string, text: string, payload: Record<string, unknown> = {}): SbMessage => ({
  id: String(id),
  userId,
  text,
  attachments: [],
  payload,
  creationTime: '2026-11-25 20:00:00',
  userType: null,
});
const conversation = (statusCode: string, messages: SbMessage[]): SbConversation => ({
  id: '7702',
  userId: '4410',
  source: 'wa',
  extra: null,
  statusCode,
  messages,
});
const archive = { kind: 'status', conversationId: '7702', statusCode: '3' } as const;

describe('agent commands', () => {
  it.each([
    ['#bot', 'resume'],
    [' #BOT ', 'resume'],
    ['#bot.', 'resume'],
    ['#humano', 'hold'],
    ['#Human!', 'hold'],
    ['#bot gracias', null],
    ['escribe #bot para volver', null],
    ['bot', null],
  ])('%j → %s', (text, expected) => expect(parseBotCommand(text)).toBe(expected));
});

describe('checking a status or command event with Support Board', () => {
  it('believes an archive Support Board shows, and not one it does not', () => {
    expect(judgeControlEvent(archive, conversation('3', []), BOT)).toEqual({ genuine: true });
    expect(judgeControlEvent(archive, conversation('1', [msg(1, '5', 'hola')]), BOT)).toMatchObject({
      genuine: false,
    });
  });

  it('keeps an archive the customer reopened at once (status 2), unless the store spoke after it', () => {
    const archived = [
      msg(1, '5', 'listo, te atendí'),
      msg(2, '5', '', { event: 'conversation-status-update-3' }),
      msg(3, '4410', 'una cosa más'),
    ];
    expect(judgeControlEvent(archive, conversation('2', archived), BOT)).toEqual({ genuine: true });
    expect(
      judgeControlEvent(archive, conversation('1', [...archived, msg(4, '5', 'dime')]), BOT),
    ).toMatchObject({ genuine: false });
  });

  it('sees an archive as the store’s latest act only until the store (bot included) speaks again', () => {
    const archived = [msg(1, '5', 'listo'), msg(2, '5', '', { event: 'conversation-status-update-3' })];
    const close = msg(3, BOT, 'Conversación cerrada', { type: 'close-message' });
    expect(archivedSinceStoreSpoke(conversation('2', [...archived, close, msg(4, '4410', 'hola')]))).toBe(
      true,
    );
    expect(
      archivedSinceStoreSpoke(
        conversation('2', [...archived, msg(4, '4410', 'un asesor'), msg(5, BOT, 'Te comunico…')]),
      ),
    ).toBe(false);
    expect(archivedSinceStoreSpoke(conversation('2', [msg(1, '4410', 'hola')]))).toBe(false);
  });

  it('takes a command only from staff, as Support Board stored it', () => {
    const e = {
      kind: 'command',
      command: 'resume',
      conversationId: '7702',
      sbMessageId: '9',
      senderId: '5',
      text: '#bot',
    } as const;
    expect(judgeControlEvent(e, conversation('1', [msg(9, '5', '#bot')]), BOT)).toEqual({ genuine: true });
    expect(judgeControlEvent(e, conversation('1', []), BOT)).toMatchObject({ genuine: false });
    expect(judgeControlEvent(e, conversation('1', [msg(9, '6', '#bot')]), BOT)).toMatchObject({
      genuine: false,
    });
    expect(judgeControlEvent(e, conversation('1', [msg(9, '5', '#humano')]), BOT)).toMatchObject({
      genuine: false,
    });
    const fromCustomer = { ...e, senderId: '4410' };
    expect(judgeControlEvent(fromCustomer, conversation('2', [msg(9, '4410', '#bot')]), BOT)).toMatchObject({
      genuine: false,
    });
  });
});
