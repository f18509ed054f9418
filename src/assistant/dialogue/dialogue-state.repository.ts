import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readDialogueState, EMPTY_DIALOGUE, type DialogueState } from './dialogue-state';

/** Loads and saves each conversation's dialogue state (one jsonb row per conversation id). */
@Injectable()
export class DialogueStateRepository {
  constructor(private readonly db: DataSource) {}

  async load(conversationId: string): Promise<DialogueState> {
    const rows: { state: unknown }[] = await this.db.query(
      `SELECT state FROM dialogue_states WHERE conversation_id = $1`,
      [conversationId],
    );
    return rows.length ? readDialogueState(rows[0].state) : EMPTY_DIALOGUE;
  }

  async save(conversationId: string, state: DialogueState): Promise<void> {
    await this.db.query(
      `INSERT INTO dialogue_states (conversation_id, state, updated_at)
       VALUES ($1, $2::jsonb, now())
       ON CONFLICT (conversation_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [conversationId, JSON.stringify(state)],
    );
  }
}
