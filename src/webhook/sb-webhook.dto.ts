import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** Support Board sends the same id as "3318" or 3318 (support-board.md §1.2, observed): always a string here. */
const toId = ({ value }: { value: unknown }): unknown =>
  typeof value === 'number' && Number.isSafeInteger(value)
    ? String(value)
    : typeof value === 'string'
      ? value.trim()
      : value;

/**
 * Support Board's ids are MySQL auto-increment integers (support-board.md §1.2, §2.4): digits only. Anything else is
 * not from Support Board, and a non-numeric message id would break the numeric ordering of the burst it joins.
 */
const ID = /^\d{1,20}$/;

export class MessageSentData {
  @Transform(toId)
  @IsString()
  @Matches(ID)
  user_id!: string;

  @Transform(toId)
  @IsString()
  @Matches(ID)
  message_id!: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? String(value) : value))
  @IsString()
  message?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  attachments?: unknown[];

  @Transform(toId)
  @IsString()
  @Matches(ID)
  conversation_user_id!: string;

  @Transform(toId)
  @IsString()
  @Matches(ID)
  conversation_id!: string;

  @IsOptional()
  conversation_status_code?: unknown;

  /** Channel code; null or "" for the web widget. */
  @IsOptional()
  @IsString()
  @MaxLength(16)
  conversation_source?: string | null;
}

export class SbWebhookBody {
  @IsString()
  @IsNotEmpty()
  function!: string;

  @IsOptional()
  key?: unknown;

  /**
   * Only `message-sent` and `conversation-status-updated` are validated further; others are acknowledged and
   * ignored, whatever their data (`message-deleted` sends a bare id, support-board.md §6.2).
   */
  @IsOptional()
  data?: unknown;
}

export class MessageSentBody {
  @IsIn(['message-sent'])
  function!: 'message-sent';

  @ValidateNested()
  @Type(() => MessageSentData)
  @IsObject()
  data!: MessageSentData;
}

/**
 * `conversation-status-updated` (support-board.md §6.1): just the conversation and the code, strings or numbers
 * depending on who changed it; both become strings here.
 */
export class StatusUpdatedData {
  @Transform(toId)
  @IsString()
  @Matches(ID)
  conversation_id!: string;

  @Transform(toId)
  @IsString()
  @Matches(/^\d{1,2}$/)
  status_code!: string;
}

export class StatusUpdatedBody {
  @IsIn(['conversation-status-updated'])
  function!: 'conversation-status-updated';

  @ValidateNested()
  @Type(() => StatusUpdatedData)
  @IsObject()
  data!: StatusUpdatedData;
}
