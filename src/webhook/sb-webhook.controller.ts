import { Body, Controller, HttpCode, Logger, Post } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { AppError } from '../common/app-error';
import { checkWebhookBody } from './body-guard';
import { MessageSentBody, SbWebhookBody, StatusUpdatedBody } from './sb-webhook.dto';
import { WebhookIntakeService, type IntakeAction } from './webhook-intake.service';

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of where they differ.
  return a.length === b.length ? timingSafeEqual(a, b) : (timingSafeEqual(b, b), false);
}

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((c) => `${prefix}${c}`),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

function validated<T extends object>(cls: new () => T, body: unknown): T {
  const value = plainToInstance(cls, body);
  const errors = validateSync(value, { forbidUnknownValues: false });
  if (errors.length) throw new AppError('validation_failed', describe(errors).join('; ') || 'invalid body');
  return value;
}

/** `POST /api/sb-webhook`: Support Board's webhook (support-board.md §1, §3). Answers within milliseconds. */
@Controller('sb-webhook')
export class SbWebhookController {
  private readonly logger = new Logger('Webhook');

  constructor(
    private readonly intake: WebhookIntakeService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async receive(@Body() body: unknown): Promise<{ ok: true; action: IntakeAction | 'ignored_function' }> {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new AppError('validation_failed', 'the body must be a JSON object');
    }
    const secret = this.config.supportBoard.webhookSecret;
    // SB sends the secret in plain text as `key` in the body; there is no signature header (support-board.md §1.1).
    if (secret && !sameSecret((body as { key?: unknown }).key, secret)) {
      throw new AppError('unauthorized', 'wrong or missing webhook key');
    }
    const checked = checkWebhookBody(body as Record<string, unknown>);
    if (!checked.ok) throw new AppError('validation_failed', `refused body: ${checked.reason}`);
    const envelope = validated(SbWebhookBody, checked.body);
    if (envelope.function === 'conversation-status-updated') {
      const status = validated(StatusUpdatedBody, checked.body);
      return { ok: true, action: await this.intake.statusUpdated(status.data) };
    }
    if (envelope.function !== 'message-sent') return { ok: true, action: 'ignored_function' };
    const event = validated(MessageSentBody, checked.body);
    return { ok: true, action: await this.intake.messageSent(event.data) };
  }
}
