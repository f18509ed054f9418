import { Injectable } from '@nestjs/common';
import type { AnswerResult, ConversationTurn } from '../assistant/answerer';
import { AssistantService } from '../assistant/assistant.service';

export interface PlaygroundEntry {
  turn: ConversationTurn;
  /** Set on the bot's turns. */
  result?: AnswerResult;
  ms?: number;
}

/** Turns kept per playground conversation, and playground conversations kept in memory (oldest dropped). */
const MAX_TURNS = 40;
const MAX_SESSIONS = 100;

/**
 * The console's playground: the store owner writes as a customer and the same AssistantService the reply job uses
 * answers (same engine, tools, catalog and profile), with no Support Board involved. One conversation per login.
 */
@Injectable()
export class AdminPlaygroundService {
  private readonly conversations = new Map<string, PlaygroundEntry[]>();
  private seq = 0;

  constructor(private readonly assistant: AssistantService) {}

  get engine(): 'openai' | 'offline' {
    return this.assistant.engine;
  }

  transcript(sessionKey: string): PlaygroundEntry[] {
    return this.conversations.get(sessionKey) ?? [];
  }

  async say(sessionKey: string, text: string): Promise<PlaygroundEntry> {
    const entries = [...this.transcript(sessionKey), { turn: this.turn('customer', text.slice(0, 2000)) }];
    const started = Date.now();
    const result = await this.assistant.answer({
      conversationId: `console-${sessionKey.slice(0, 8)}`,
      channel: 'wa',
      customerName: null,
      history: entries.map((e) => e.turn),
    });
    const reply: PlaygroundEntry = { turn: this.turn('bot', result.text), result, ms: Date.now() - started };
    entries.push(reply);
    this.conversations.delete(sessionKey);
    this.conversations.set(sessionKey, entries.slice(-MAX_TURNS));
    while (this.conversations.size > MAX_SESSIONS) {
      this.conversations.delete(this.conversations.keys().next().value as string);
    }
    return reply;
  }

  reset(sessionKey: string): void {
    this.conversations.delete(sessionKey);
  }

  private turn(role: ConversationTurn['role'], text: string): ConversationTurn {
    return {
      role,
      text,
      attachments: [],
      messageId: `console-${++this.seq}`,
      createdAt: new Date().toISOString().slice(0, 19).replace('T', ' '),
    };
  }
}
