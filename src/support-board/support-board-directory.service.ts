import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { SupportBoardClient } from './support-board.client';

const REFRESH_MS = 10 * 60_000;

/**
 * Who is who in Support Board: the bot user (configured, else `get-bot-id`) and the staff ids (configured plus
 * `get-agents-ids`, refreshed). Staff ids only label log lines: customer vs staff is decided by
 * `conversation_user_id` alone (contract §3).
 */
@Injectable()
export class SupportBoardDirectory implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('SupportBoard');
  private agentIds = new Set<string>();
  private botId: string | undefined;
  /** Support Board's own `bot` user (get-bot-id): it writes close messages, and may differ from ours. */
  private supportBoardBotId: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: SupportBoardClient,
    private readonly config: AppConfig,
  ) {
    this.botId = config.supportBoard.botUserId;
    for (const id of config.supportBoard.agentIds) this.agentIds.add(id);
  }

  get botUserId(): string | undefined {
    return this.botId;
  }

  /**
   * True for Support Board's own bot user when it is not ours: its messages (the close message, contract §1.4
   * and §6.1) are not a human taking over.
   */
  isSupportBoardBot(userId: string): boolean {
    return this.supportBoardBotId !== undefined && userId === this.supportBoardBotId;
  }

  isKnownAgent(userId: string): boolean {
    return this.agentIds.has(userId);
  }

  onApplicationBootstrap(): void {
    if (!this.client.configured) return;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** Bot id for replies: the configured one, else asked from Support Board once. */
  async requireBotUserId(): Promise<string> {
    this.botId ??= await this.client.getBotId();
    return this.botId;
  }

  async refresh(): Promise<void> {
    try {
      this.supportBoardBotId = await this.client.getBotId();
      this.botId ??= this.supportBoardBotId;
      const ids = await this.client.getAgentIds();
      this.agentIds = new Set([...this.config.supportBoard.agentIds, ...ids]);
    } catch (e) {
      this.logger.warn({ msg: 'could not load Support Board agents', reason: (e as Error).message });
    }
  }
}
