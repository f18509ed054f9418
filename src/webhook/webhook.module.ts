import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** HTTP entry points: `GET /api/health` and (issue #5) `POST /api/sb-webhook`. */
@Module({
  controllers: [HealthController],
})
export class WebhookModule {}
