import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type PauseReason = 'agent_reply' | 'customer_request' | 'manual';

/** The bot stays silent in a conversation while `pausedUntil` is in the future (human takeover). */
@Entity({ name: 'conversation_pauses' })
export class ConversationPause {
  @PrimaryColumn({ name: 'conversation_id', type: 'text' })
  conversationId!: string;

  @Column({ name: 'paused_until', type: 'timestamptz' })
  pausedUntil!: Date;

  /** Support Board user id of the staff member, `customer`, or `cli`. */
  @Column({ name: 'paused_by', type: 'text', nullable: true })
  pausedBy!: string | null;

  @Column({ type: 'text' })
  reason!: PauseReason;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
