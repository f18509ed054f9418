import type * as GptTokenizer from 'gpt-tokenizer';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import type { ConversationTurn } from './answerer';

let tokenizer: typeof GptTokenizer | undefined;

/** The tokenizer loads its tables (~150 ms of CPU) on the first count, not when a CLI sync or the app starts. */
function countTokens(text: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tokenizer ??= require('gpt-tokenizer') as typeof GptTokenizer;
  return tokenizer.countTokens(text);
}

const IMAGE_URL = /\.(jpe?g|png|webp|gif)(\?.*)?$/i;
/** OpenAI bills a low-detail image at 85 tokens; a rough stand-in for budgeting (openai.md §2). */
const IMAGE_TOKENS = 85;
/** Per-message framing overhead of the chat format. */
const MESSAGE_OVERHEAD = 4;

export function isImageAttachment(a: { name: string; url: string }): boolean {
  return IMAGE_URL.test(a.url) || IMAGE_URL.test(a.name);
}

function describeAttachments(attachments: ConversationTurn['attachments']): string {
  if (attachments.length === 0) return '';
  const items = attachments.map(
    (a) => `${a.name} (${isImageAttachment(a) ? 'imagen' : 'archivo'}: ${a.url})`,
  );
  return `[Adjuntos del mensaje: ${items.join('; ')}]`;
}

/**
 * History rows → chat messages (openai.md §4): customer → user, our bot → assistant, staff →
 * a system note quoting the agent, so the model knows what the store already said without taking it as the
 * customer's words. Attachments are described in text; images also go as image parts when `vision` is on.
 */
export function mapHistory(history: ConversationTurn[], vision: boolean): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const turn of history) {
    const text = turn.text.trim();
    if (!text && turn.attachments.length === 0) continue;
    const described = [text, describeAttachments(turn.attachments)].filter(Boolean).join('\n');
    switch (turn.role) {
      case 'customer': {
        const images = vision ? turn.attachments.filter(isImageAttachment) : [];
        if (images.length === 0) {
          out.push({ role: 'user', content: described });
        } else {
          const parts: ChatCompletionContentPart[] = [
            { type: 'text', text: described },
            ...images.map((a): ChatCompletionContentPart => ({
              type: 'image_url',
              image_url: { url: a.url, detail: 'low' },
            })),
          ];
          out.push({ role: 'user', content: parts });
        }
        break;
      }
      case 'bot':
        out.push({ role: 'assistant', content: described });
        break;
      case 'staff':
        out.push({
          role: 'system',
          content: `[Mensaje de un empleado de la tienda (staff) al cliente, no del cliente]: ${described}`,
        });
        break;
    }
  }
  return out;
}

export function countMessageTokens(m: ChatCompletionMessageParam): number {
  let n = MESSAGE_OVERHEAD;
  const content = 'content' in m ? m.content : null;
  if (typeof content === 'string') n += countTokens(content);
  else if (Array.isArray(content)) {
    for (const part of content) {
      if (part.type === 'text') n += countTokens(part.text);
      else n += IMAGE_TOKENS;
    }
  }
  if (m.role === 'assistant' && m.tool_calls) n += countTokens(JSON.stringify(m.tool_calls));
  return n;
}

/**
 * Keeps the newest messages that fit `budget` tokens, dropping the oldest first. An assistant message with
 * tool_calls and the tool messages answering it form one unit (a split pair is a 400, openai.md §4), and the last
 * unit (the customer's message being answered) is always kept even when it alone exceeds the budget.
 */
export function trimToBudget(
  messages: ChatCompletionMessageParam[],
  budget: number,
): ChatCompletionMessageParam[] {
  const units: ChatCompletionMessageParam[][] = [];
  for (const m of messages) {
    const last = units[units.length - 1];
    if (m.role === 'tool' && last) last.push(m);
    else units.push([m]);
  }
  const kept: ChatCompletionMessageParam[][] = [];
  let used = 0;
  for (let i = units.length - 1; i >= 0; i--) {
    const cost = units[i].reduce((s, m) => s + countMessageTokens(m), 0);
    if (kept.length > 0 && used + cost > budget) break;
    kept.unshift(units[i]);
    used += cost;
  }
  return kept.flat();
}
