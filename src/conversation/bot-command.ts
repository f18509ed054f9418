/**
 * The short commands an agent writes in a Support Board conversation to steer the bot (docs/conversation.md,
 * "Giving the conversation back"): `#bot` gives the conversation back to the bot, `#humano` (or `#human`) keeps
 * it with the people until someone writes `#bot` or archives the conversation. The whole message must be the
 * command, so a sentence to the customer that happens to contain "#bot" is just a message.
 */
export type BotCommand = 'resume' | 'hold';

const COMMAND = /^#\s*(bot|humano|human)[\s.!]*$/i;

export function parseBotCommand(text: string): BotCommand | null {
  const m = COMMAND.exec(text.trim());
  if (!m) return null;
  return m[1].toLowerCase() === 'bot' ? 'resume' : 'hold';
}
