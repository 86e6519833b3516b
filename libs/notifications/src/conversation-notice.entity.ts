import { Column, Entity, ForeignKey, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ManageTokenEntity } from '@app/appointments';

/**
 * When a conversation's latest "new message" notice goes (or went) out. Claimed when a notice is
 * planned, by a conditional write, so that messages planned at the same time agree on one notice
 * per quiet period; moved when a notice due at night waits for the morning. (The conversation is
 * named by its entity's name: its library imports this one.)
 */
@Entity({ name: 'conversation_notice' })
@ForeignKey('ConversationEntity', ['conversationId'], ['id'], {
  name: 'fk_conversation_notice_conversation',
  onDelete: 'CASCADE',
})
export class ConversationNoticeEntity {
  @PrimaryColumn({
    name: 'conversation_id',
    type: 'uuid',
    primaryKeyConstraintName: 'pk_conversation_notice',
  })
  conversationId: string;

  @Column({ name: 'notice_at', type: 'timestamptz' })
  noticeAt: Date;
}

/**
 * A manage token that a "new message" notice carries (one per notice and chat), with the notice's
 * quiet window: each notice revokes the tokens of the windows before it, so that an appointment
 * has the live tokens of its latest notice only, however long its conversation runs.
 */
@Entity({ name: 'conversation_notice_token' })
@Index('ix_conversation_notice_token_conversation', ['conversationId', 'quietWindow'])
@ForeignKey('ConversationEntity', ['conversationId'], ['id'], {
  name: 'fk_conversation_notice_token_conversation',
  onDelete: 'CASCADE',
})
export class ConversationNoticeTokenEntity {
  @PrimaryColumn({
    name: 'token_hash',
    type: 'char',
    length: 64,
    primaryKeyConstraintName: 'pk_conversation_notice_token',
  })
  tokenHash: string;

  @ManyToOne(() => ManageTokenEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'token_hash',
    foreignKeyConstraintName: 'fk_conversation_notice_token_token',
  })
  token?: ManageTokenEntity;

  @Column({ name: 'conversation_id', type: 'uuid' })
  conversationId: string;

  @Column({ name: 'quiet_window', type: 'integer' })
  quietWindow: number;
}
