/**
 * The channels the bot answers on, as Support Board names them in `conversation_source`; conversations from any
 * other source (e-mail, the web chat, Telegram…) are left to humans.
 */
export type Channel = 'wa' | 'ig' | 'fb';

export const BOT_CHANNELS: readonly Channel[] = ['wa', 'ig', 'fb'];

/**
 * Longest text one message may carry: WhatsApp Cloud API text bodies take 4096 characters; Messenger and Instagram
 * 1000 (docs/contracts/whatsapp-cloud.md, docs/contracts/support-board.md). Longer answers are split.
 */
export const CHANNEL_LIMITS: Record<Channel, number> = { wa: 4096, ig: 1000, fb: 1000 };

export function isBotChannel(source: string | null | undefined): source is Channel {
  return typeof source === 'string' && (BOT_CHANNELS as readonly string[]).includes(source);
}
