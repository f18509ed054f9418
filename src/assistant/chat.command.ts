import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ProductRepository } from '../catalog/product.repository';
import { AppConfig } from '../config/app-config';
import { normaliseWaid } from '../whatsapp/waid';
import type { ConversationTurn } from './answerer';
import type { AssistantObserver } from './assistant-observer';
import { AssistantService } from './assistant.service';

interface ChatOptions {
  name?: string;
  session?: string;
  phone?: string;
}

const dim = (s: string): string => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

/**
 * `node dist/cli chat`: the assistant in a terminal against the local catalog, with no Support Board — the quickest
 * way for a store owner to try Namwoo. Reads stdin line by line, so it also works with piped input.
 */
@Command({
  name: 'chat',
  description:
    'talk to the assistant in the terminal against the local catalog (shows tool calls and timing)',
})
export class ChatCommand extends CommandRunner {
  constructor(
    private readonly assistant: AssistantService,
    private readonly products: ProductRepository,
    private readonly config: AppConfig,
  ) {
    super();
  }

  @Option({ flags: '--name <name>', description: 'the customer name the assistant sees' })
  parseName(value: string): string {
    return value;
  }

  @Option({
    flags: '--session <id>',
    description:
      'continue a conversation: the same id resumes what the assistant remembered (default: a new one)',
  })
  parseSession(value: string): string {
    return value;
  }

  @Option({
    flags: '--phone <number>',
    description:
      "chat as this WhatsApp number (e.g. +584125550123): order look-ups treat it as the customer's",
  })
  parsePhone(value: string): string {
    return value;
  }

  async run(_args: string[], options: ChatOptions): Promise<void> {
    const out = process.stdout;
    // The dialogue state is stored per conversation id; a chat session is one, so `--session` resumes it.
    const session = options.session ?? randomUUID().slice(0, 8);
    // Its own id per session: order look-ups count failures per conversation.
    const conversationId = `cli:${session}`;
    const interactive = Boolean(process.stdin.isTTY);
    out.write(
      `Namwoo chat · engine: ${this.assistant.engine}${
        this.assistant.engine === 'offline' ? ' (no OPENAI_API_KEY: rule-based assistant)' : ''
      } · session ${session} · /reset starts over, /exit quits\n`,
    );
    if (await this.products.isEmpty()) {
      out.write(
        'The local catalog is empty: every search will come back empty. Run `node dist/cli sync` (WooCommerce) or start once with LOAD_DEMO_CATALOG=true.\n',
      );
    }
    const observer: AssistantObserver = {
      onToolCall: (e) =>
        out.write(dim(`  → ${e.name} ${e.arguments} ${e.ok ? 'ok' : 'failed'} (${e.ms} ms)\n`)),
      onCompletion: (e) =>
        out.write(
          dim(
            `  · model round ${e.round}: ${e.finishReason}, ${e.promptTokens}+${e.completionTokens} tokens (${e.ms} ms)\n`,
          ),
        ),
      // The customer-facing fallback ("no puedo consultar el catálogo") hides the cause; the operator needs it.
      onFailure: (e) =>
        process.stderr.write(
          `namwoo: ${e.reason}${
            /ECONNREFUSED|Connection terminated/.test(e.reason)
              ? ' (is the database, or the Namwoo app that serves the embedded one, still running?)'
              : ''
          }\n`,
        ),
      onGroundingViolation: (e) =>
        out.write(dim(`  ! grounding violation (attempt ${e.attempt}): ${e.snippets.join(', ')}\n`)),
    };
    // In a terminal readline must own the output too, or nothing typed is echoed (the transcript read "tú> bot>").
    const rl = createInterface({
      input: process.stdin,
      output: interactive ? out : undefined,
      terminal: interactive,
      prompt: 'tú> ',
    });
    let history: ConversationTurn[] = [];
    let seq = 0;
    const customerPhone = normaliseWaid(options.phone, this.config.whatsapp.defaultCountryCode);
    const turn = (role: ConversationTurn['role'], text: string): ConversationTurn => ({
      role,
      text,
      attachments: [],
      messageId: `cli-${++seq}`,
      createdAt: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    const prompt = (): void => {
      if (interactive) rl.prompt();
    };
    prompt();
    for await (const line of rl) {
      const text = line.trim();
      if (text === '/exit' || text === '/quit') break;
      if (text === '/reset') {
        history = [];
        await this.assistant.forget(conversationId);
        out.write('(conversation reset)\n');
      } else if (text) {
        if (!interactive) out.write(`tú> ${text}\n`);
        history.push(turn('customer', text));
        const started = Date.now();
        const result = await this.assistant.answer(
          { conversationId, channel: 'wa', customerName: options.name ?? null, customerPhone, history },
          observer,
        );
        out.write(`bot> ${result.text}\n`);
        // On WhatsApp and Instagram this goes out as a photo after the text.
        if (result.image) out.write(`bot> [foto: ${result.image.url}]\n`);
        const usage = result.usage
          ? ` · ${result.usage.promptTokens}+${result.usage.completionTokens} tokens · ${result.usage.toolCalls} tool calls · ~$${result.usage.costUsd.toFixed(5)}`
          : '';
        const flags = `${result.handoff ? ' · handoff to a person' : ''}${
          result.groundingViolations ? ` · ${result.groundingViolations} grounding violation(s) repaired` : ''
        }`;
        out.write(dim(`  [${result.engine} · ${Date.now() - started} ms${usage}${flags}]\n`));
        history.push(turn('bot', result.text));
      }
      prompt();
    }
    rl.close();
  }
}
