import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../common/app-error';
import { detectHandoffRequest } from './handoff-intent';
import { handoffText } from './reply-templates';
import { Answerer, type AnswerRequest, type AnswerResult } from './answerer';
import { AnswerTraceRecorder } from './answer-trace';
import { LlmBudget } from './llm-budget.service';
import { AfterHours } from './after-hours';
import type { AssistantObserver } from './assistant-observer';
import { pickFromList } from './dialogue/dialogue-context';
import { EMPTY_DIALOGUE, type DialogueState } from './dialogue/dialogue-state';
import { DialogueStateRepository } from './dialogue/dialogue-state.repository';
import { OfflineAssistant, pendingCustomerText } from './offline-assistant';
import { LlmTurnError, OpenAiAssistant } from './openai-assistant';
import { OpenAiChatClient } from './openai-chat.client';

/**
 * The Answerer the reply job calls. The one place a hand-off is decided: a customer asking for a person gets the
 * canned hand-off reply; otherwise the OpenAI assistant
 * answers when a key is set, and the offline assistant when there is none or the LLM failed after the SDK's
 * retries, so a customer is never left without a reply. Around each turn it loads and saves the conversation's
 * dialogue state, so follow-ups resolve in either engine and after a restart.
 */
@Injectable()
export class AssistantService extends Answerer {
  private readonly logger = new Logger(AssistantService.name);

  constructor(
    private readonly client: OpenAiChatClient,
    private readonly openai: OpenAiAssistant,
    private readonly offline: OfflineAssistant,
    private readonly dialogues: DialogueStateRepository,
    private readonly budget: LlmBudget,
    private readonly afterHours: AfterHours,
  ) {
    super();
  }

  get engine(): 'openai' | 'offline' {
    return this.client.configured ? 'openai' : 'offline';
  }

  async answer(request: AnswerRequest, observer?: AssistantObserver): Promise<AnswerResult> {
    const recorder = new AnswerTraceRecorder(observer);
    const before = await this.load(request.conversationId);
    const { result, state, fallbackReason } = await this.turn(request, before, recorder);
    await this.save(request.conversationId, state);
    // The ledger's cost comes from the per-model price table (LLM_PRICES), whatever engine reported the tokens.
    const usage = result.usage && this.budget.priced(result.usage);
    const adjusted = this.afterHours.adjust(result, state.language ?? this.offline.defaultLanguage);
    return { ...adjusted, usage, trace: recorder.finish(fallbackReason) };
  }

  private async turn(
    request: AnswerRequest,
    before: DialogueState,
    observer: AssistantObserver,
  ): Promise<{ result: AnswerResult; state: DialogueState; fallbackReason?: string }> {
    const pending = pendingCustomerText(request);
    const language = pending ? this.offline.languageOf(pending, before) : before.language;
    if (detectHandoffRequest(pending)) {
      return {
        result: {
          text: handoffText(language ?? this.offline.defaultLanguage),
          engine: 'handoff',
          handoff: true,
          usage: null,
          groundingViolations: 0,
        },
        state: { ...before, language },
      };
    }
    if (!this.client.configured) return this.offline.converse(request, before, observer);
    if (!(await this.budget.allowsLlm())) {
      return {
        ...(await this.offline.converse(request, before, observer)),
        fallbackReason: 'the monthly LLM budget (LLM_MONTHLY_BUDGET_USD) is spent',
      };
    }
    // "el segundo" is resolved here, so the model is told which product the customer means.
    const picked = pickFromList(pending, before);
    const state: DialogueState = { ...before, language, picked: picked ?? before.picked };
    try {
      const answered = await this.openai.converse(request, state, observer);
      if (answered.result.text.trim()) return answered;
      this.logger.warn(
        `The model produced no text for conversation ${request.conversationId}; answering offline`,
      );
      const offline = await this.offline.converse(request, before, observer);
      return {
        ...offline,
        result: { ...offline.result, usage: answered.result.usage },
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
      const offline = await this.offline.converse(request, before, observer);
      return e instanceof LlmTurnError && e.usage
        ? { ...offline, result: { ...offline.result, usage: e.usage }, fallbackReason: reason }
        : { ...offline, fallbackReason: reason };
    }
  }

  /** Starts a conversation over: nothing remembered (the chat CLI's /reset). */
  async forget(conversationId: string): Promise<void> {
    await this.save(conversationId, EMPTY_DIALOGUE);
  }

  /** A state that cannot be read or written costs the customer only the follow-up memory, never the reply. */
  private async load(conversationId: string): Promise<DialogueState> {
    try {
      return await this.dialogues.load(conversationId);
    } catch (e) {
      this.logger.warn(
        `Dialogue state of conversation ${conversationId} could not be read: ${(e as Error).message}`,
      );
      return EMPTY_DIALOGUE;
    }
  }

  private async save(conversationId: string, state: DialogueState): Promise<void> {
    try {
      await this.dialogues.save(conversationId, state);
    } catch (e) {
      this.logger.warn(
        `Dialogue state of conversation ${conversationId} could not be saved: ${(e as Error).message}`,
      );
    }
  }
}
