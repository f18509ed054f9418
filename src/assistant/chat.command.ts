import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ProductRepository } from '../catalog/product.repository';
import type { ConversationTurn } from './answerer';
import type { AssistantObserver } from './assistant-observer';
import { AssistantService } from './assistant.service';

interface ChatOptions {
  name?: string;
  session?: string;
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

  async run(_args: string[], options: ChatOptions): Promise<void> {
    const out = process.stdout;
    // The dialogue state is stored per conversation id; a chat session is one, so `--session` resumes it.
    const session = options.session ?? randomUUID().slice(0, 8);
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
      onGroundingViolation: (e) =>
        out.write(dim(`  ! grounding violation (attempt ${e.attempt}): ${e.snippets.join(', ')}\n`)),
    };
    const rl = createInterface({ input: process.stdin, terminal: interactive });
    let history: ConversationTurn[] = [];
    let seq = 0;
    const turn = (role: ConversationTurn['role'], text: string): ConversationTurn => ({
      role,
      text,
      attachments: [],
      messageId: `cli-${++seq}`,
      createdAt: new Date().toISOString().slice(0, 19).replace('T', ' '),
    });
    const prompt = (): void => {
      if (interactive) out.write('tú> ');
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
          { conversationId, channel: 'wa', customerName: options.name ?? null, history },
          observer,
        );
        out.write(`bot> ${result.text}\n`);
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
