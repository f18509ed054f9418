import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service';

/** Durable background jobs over the database (pg-boss): reply jobs, agent notes. */
@Module({
  providers: [JobQueue],
  exports: [JobQueue],
})
export class JobsModule {}
