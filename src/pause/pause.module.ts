import { Module } from '@nestjs/common';

/** Human-takeover pauses: entity, service, expiry. */
@Module({})
export class PauseModule {}
