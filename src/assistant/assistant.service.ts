import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { guessLanguage } from '../common/text/language';
import { detectHandoffRequest } from './handoff-intent';
import { handoffText } from './reply-templates';
import { Answerer, type AnswerRequest, type AnswerResult } from './answerer';
import { AnswerTraceRecorder } from './answer-trace';
import type { AssistantObserver } from './assistant-observer';
import { OfflineAssistant, pendingCustomerText } from './offline-assistant';
import { LlmTurnError, OpenAiAssistant } from './openai-assistant';
import { OpenAiChatClient } from './openai-chat.client';

/**
 * The Answerer the reply job calls. The one place a hand-off is decided: a customer asking for a person gets the
 * canned hand-off reply; otherwise the OpenAI assistant
 * answers when a key is set, and the offline assistant when there is none or the LLM failed after the SDK's
 * retries, so a customer is never left without a reply.
 */
@Injectable()
export class AssistantService extends Answerer {
  private readonly logger = new Logger(AssistantService.name);

  constructor(
    private readonly client: OpenAiChatClient,
    private readonly openai: OpenAiAssistant,
    private readonly offline: OfflineAssistant,
  ) {
    super();
  }

  get engine(): 'openai' | 'offline' {
    return this.client.configured ? 'openai' : 'offline';
  }

  async answer(request: AnswerRequest, observer?: AssistantObserver): Promise<AnswerResult> {
    const recorder = new AnswerTraceRecorder(observer);
    const { result, fallbackReason } = await this.run(request, recorder);
    return { ...result, trace: recorder.finish(fallbackReason) };
  }

  private async run(
    request: AnswerRequest,
    observer: AssistantObserver,
  ): Promise<{ result: AnswerResult; fallbackReason?: string }> {
    const pending = pendingCustomerText(request);
    if (detectHandoffRequest(pending)) {
      return {
        result: {
          text: handoffText(guessLanguage(pending)),
          engine: 'handoff',
          handoff: true,
          usage: null,
          groundingViolations: 0,
        },
      };
    }
    if (!this.client.configured) return { result: await this.offline.answer(request, observer) };
    try {
      const result = await this.openai.answer(request, observer);
      if (result.text.trim()) return { result };
      this.logger.warn(
        `The model produced no text for conversation ${request.conversationId}; answering offline`,
      );
      return {
        result: { ...(await this.offline.answer(request, observer)), usage: result.usage },
        fallbackReason: 'the model produced no text',
      };
    } catch (e) {
      const failure = e instanceof LlmTurnError ? e.failure : e;
      const reason =
        failure instanceof ExternalServiceError
          ? failure.message
          : `unexpected ${(failure as Error).name}: ${(failure as Error).message}`;
      this.logger.error(
        `LLM OUTAGE: conversation ${request.conversationId} is answered by the offline assistant because ${reason}`,
      );
      const offline = await this.offline.answer(request, observer);
      const result = e instanceof LlmTurnError && e.usage ? { ...offline, usage: e.usage } : offline;
      return { result, fallbackReason: reason };
    }
  }
}
