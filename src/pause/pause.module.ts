import { Module } from '@nestjs/common';
import { PauseRepository } from './pause.repository';
import { PauseService } from './pause.service';

/** Human-takeover pauses: entity, service, expiry (a pause whose deadline passed is ignored, so it lifts itself). */
@Module({
  providers: [PauseRepository, PauseService],
  exports: [PauseService],
})
export class PauseModule {}
