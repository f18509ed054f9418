import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ConversationIntake } from '../conversation/conversation-intake.service';
import { DatabaseMonitor } from '../database/database-monitor';
import { DatabaseService } from '../database/database.service';

const startedAt = Date.now();

@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseService,
    private readonly monitor: DatabaseMonitor,
    private readonly intake: ConversationIntake,
  ) {}

  /** 200 with the database's state when it answers within 2 s, 503 otherwise (load balancers take it out). */
  @Get()
  async health(@Res({ passthrough: true }) res: Response): Promise<Record<string, unknown>> {
    const uptimeSeconds = Math.round((Date.now() - startedAt) / 1000);
    // Webhook events kept on disk because the database did not answer in time (recorded once it does).
    const webhookSpool = { pending: this.intake.spooled };
    try {
      const latencyMs = await this.database.ping();
      return {
        status: 'ok',
        uptimeSeconds,
        database: { status: 'up', kind: this.database.kind, latencyMs },
        webhookSpool,
      };
    } catch (e) {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      const reason = e instanceof Error ? e.message : String(e);
      return {
        status: 'error',
        uptimeSeconds,
        database: {
          status: 'down',
          kind: this.database.kind,
          reason,
          since: this.monitor.downSinceDate?.toISOString() ?? null,
        },
        webhookSpool,
      };
    }
  }
}
