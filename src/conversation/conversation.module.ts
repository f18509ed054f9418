import { Module } from '@nestjs/common';

/** The reply job: gather the burst, check the pause, build context, run the assistant, deliver. */
@Module({})
export class ConversationModule {}
