import { Command, CommandRunner, Option } from 'nest-commander';
import { PauseService, UNTIL_RESUMED } from './pause.service';

function parseMinutes(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--minutes must be a positive number, got "${value}"`);
  return n;
}

@Command({
  name: 'pause',
  arguments: '<conversationId>',
  description: 'silence the bot in a Support Board conversation (default HUMAN_TAKEOVER_PAUSE_MINUTES)',
})
export class PauseCommand extends CommandRunner {
  constructor(private readonly pauses: PauseService) {
    super();
  }

  async run([conversationId]: string[], options: { minutes?: number }): Promise<void> {
    const until = await this.pauses.pauseManually(conversationId, options.minutes);
    process.stdout.write(`Conversation ${conversationId} paused until ${until.toISOString()}\n`);
  }

  @Option({ flags: '--minutes <n>', description: 'how long the pause lasts' })
  parseMinutes(value: string): number {
    return parseMinutes(value);
  }
}

@Command({
  name: 'resume',
  arguments: '<conversationId>',
  description: 'let the bot answer again in a conversation (lifts its pause now)',
})
export class ResumeCommand extends CommandRunner {
  constructor(private readonly pauses: PauseService) {
    super();
  }

  async run([conversationId]: string[]): Promise<void> {
    const removed = await this.pauses.resume(conversationId);
    process.stdout.write(
      removed
        ? `Conversation ${conversationId} resumed: the bot answers again\n`
        : `Conversation ${conversationId} was not paused\n`,
    );
  }
}

@Command({ name: 'pauses', description: 'list conversations where the bot is paused' })
export class PausesCommand extends CommandRunner {
  constructor(private readonly pauses: PauseService) {
    super();
  }

  async run(): Promise<void> {
    const rows = await this.pauses.listActive();
    if (!rows.length) {
      process.stdout.write('No active pauses.\n');
      return;
    }
    for (const p of rows) {
      const minutes = Math.ceil((p.pausedUntil.getTime() - Date.now()) / 60_000);
      const until =
        p.pausedUntil >= UNTIL_RESUMED
          ? 'until resumed'
          : `until ${p.pausedUntil.toISOString()} (${minutes} min)`;
      process.stdout.write(`${p.conversationId}\t${until}\t${p.reason}\tby ${p.pausedBy ?? '-'}\n`);
    }
  }
}
