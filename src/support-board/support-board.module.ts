import { Module } from '@nestjs/common';
import { SupportBoardDirectory } from './support-board-directory.service';
import { SupportBoardClient } from './support-board.client';

/** The Support Board Web API client and the bot/agent directory. */
@Module({
  providers: [SupportBoardClient, SupportBoardDirectory],
  exports: [SupportBoardClient, SupportBoardDirectory],
})
export class SupportBoardModule {}
