import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { ConversationPause, PauseReason } from './pause.types';
import { PauseRepository } from './pause.repository';

/** The deadline of a pause that lasts until someone resumes the bot (`#humano`). */
export const UNTIL_RESUMED = new Date('9999-12-31T00:00:00Z');

/** Decides when the bot stays silent in a conversation because a human is (or was asked to be) in charge. */
@Injectable()
export class PauseService {
  private readonly logger = new Logger('Pause');

  constructor(
    private readonly pauses: PauseRepository,
    private readonly config: AppConfig,
  ) {}

  /** A staff message or a customer's request for a person: pause for HUMAN_TAKEOVER_PAUSE_MINUTES (extends). */
  async pauseForTakeover(conversationId: string, pausedBy: string, reason: PauseReason): Promise<Date> {
    const minutes = this.config.conversation.humanTakeoverPauseMinutes;
    const until = await this.pauses.extendUntil(
      conversationId,
      new Date(Date.now() + minutes * 60_000),
      pausedBy,
      reason,
    );
    this.logger.log({ msg: 'bot paused for this conversation', conversationId, reason, pausedBy, until });
    return until;
  }

  /** `pausedBy` says which door the operator used (`cli`, `console`), as `node dist/cli pauses` lists it. */
  async pauseManually(conversationId: string, minutes?: number, pausedBy = 'cli'): Promise<Date> {
    const until = new Date(
      Date.now() + (minutes ?? this.config.conversation.humanTakeoverPauseMinutes) * 60_000,
    );
    await this.pauses.setUntil(conversationId, until, pausedBy, 'manual');
    this.logger.log({ msg: 'bot paused by the operator', conversationId, until });
    return until;
  }

  /**
   * An agent's `#humano`: silent until someone gives the conversation back (`#bot`, an archive, the CLI or the
   * console). Stored as a manual pause with a deadline no one will reach, so every reader of pauses keeps working.
   */
  async holdUntilResumed(conversationId: string, pausedBy: string): Promise<void> {
    await this.pauses.setUntil(conversationId, UNTIL_RESUMED, pausedBy, 'manual');
    this.logger.log({ msg: 'bot paused until resumed (#humano)', conversationId, pausedBy });
  }

  /** Lifts the pause because the agents gave the conversation back (`why`: "#bot command", "status 3 event"). */
  async resumeFor(conversationId: string, why: string): Promise<boolean> {
    const removed = await this.pauses.remove(conversationId);
    this.logger.log({ msg: `bot resumed: ${why}`, conversationId, wasPaused: removed });
    return removed;
  }

  async resume(conversationId: string): Promise<boolean> {
    const removed = await this.pauses.remove(conversationId);
    this.logger.log({ msg: 'bot resumed by the operator', conversationId, wasPaused: removed });
    return removed;
  }

  /**
   * True when the bot must not answer. Fails closed: when the database cannot say, the error propagates and the
   * caller sends nothing (a silent bot is recoverable; talking over an agent is not).
   */
  async isPaused(conversationId: string): Promise<boolean> {
    return (await this.pauses.findActive(conversationId)) !== null;
  }

  listActive(): Promise<ConversationPause[]> {
    return this.pauses.listActive();
  }
}
