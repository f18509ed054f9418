import { Module } from '@nestjs/common';

/** The Support Board Web API client. */
@Module({})
export class SupportBoardModule {}
