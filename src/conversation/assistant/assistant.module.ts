import { Module } from '@nestjs/common';
import { Answerer } from '../answerer';
import { PlaceholderAnswerer } from './placeholder-answerer';

/** The assistant that answers customers (issue #6 replaces the placeholder binding). */
@Module({
  providers: [{ provide: Answerer, useClass: PlaceholderAnswerer }],
  exports: [Answerer],
})
export class AssistantModule {}
