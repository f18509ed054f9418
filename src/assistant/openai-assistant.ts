import { Inject, Injectable, Logger } from '@nestjs/common';
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { loadSynonymFile } from '../catalog/synonyms';
import { AppConfig } from '../config/app-config';
import type { AnswerRequest, AnswerResult, AnswerUsage } from './answerer';
import { ProductTools } from './product-tools';
import type { AssistantObserver } from './assistant-observer';
import { parseTextToolCall, runToolCall, TOOL_DEFINITIONS } from './assistant-tools';
import { countMessageTokens, mapHistory, trimToBudget } from './conversation-context';
import { collectFacts, findGroundingViolations, type GroundingViolation } from './grounding';
import { OfflineAssistant, pendingCustomerText } from './offline-assistant';
import { OpenAiChatClient } from './openai-chat.client';
import { guessLanguage } from '../common/text/language';
import { toWhatsAppText } from './reply-templates';
import { STORE_PROFILE, type StoreProfile } from './store-profile';
import { buildSystemPrompt } from './system-prompt';
import { dialogueContextMessage, stateAfterModelTurn } from './dialogue/dialogue-context';
import { absorbOutcome, cutToLastSentence, repairInstruction, type Turn } from './openai-turn';
import { EMPTY_DIALOGUE, type DialogueState } from './dialogue/dialogue-state';

const MAX_COMPLETION_TOKENS = 600;

/** The LLM failed mid-turn; carries the tokens already spent so the reply record still accounts for them. */
export class LlmTurnError extends Error {
  override name = 'LlmTurnError';
  constructor(
    readonly failure: unknown,
    readonly usage: AnswerUsage | null,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/**
 * The OpenAI function-calling loop (openai.md §4): tools on every round, several rounds bounded by
 * OPENAI_MAX_TOOL_ROUNDS, then the grounding guard. Errors from the API propagate (the caller falls back to the
 * offline assistant); everything else ends in an answer.
 */
@Injectable()
export class OpenAiAssistant {
  private readonly logger = new Logger(OpenAiAssistant.name);

  constructor(
    private readonly client: OpenAiChatClient,
    private readonly tools: ProductTools,
    private readonly offline: OfflineAssistant,
    private readonly config: AppConfig,
    @Inject(STORE_PROFILE) private readonly profile: StoreProfile,
  ) {
    this.synonymGroups = loadSynonymFile(config.conversation.synonymsPath).groups;
  }

  /** The catalog's synonym list: lets the grounding guard tie "the fridge" to a "Nevera …". */
  private readonly synonymGroups: string[][];

  async answer(request: AnswerRequest, observer?: AssistantObserver): Promise<AnswerResult> {
    return (await this.converse(request, EMPTY_DIALOGUE, observer)).result;
  }

  /** A turn with the conversation's dialogue state given to the model as context, and the state after it. */
  async converse(
    request: AnswerRequest,
    state: DialogueState,
    observer?: AssistantObserver,
  ): Promise<{ result: AnswerResult; state: DialogueState }> {
    const system: ChatCompletionMessageParam = {
      role: 'system',
      content: buildSystemPrompt(this.profile, request.customerName),
    };
    const memory = dialogueContextMessage(state);
    const context: ChatCompletionMessageParam[] = memory ? [{ role: 'system', content: memory }] : [];
    const budget = Math.max(
      200,
      this.config.openai.contextTokenBudget -
        [system, ...context].reduce((n, m) => n + countMessageTokens(m), 0),
    );
    const history = trimToBudget(mapHistory(request.history, this.config.openai.vision), budget);
    const turn: Turn = {
      request,
      // The memory goes right before the customer's latest turn, where the model weighs it most.
      messages: [system, ...history.slice(0, -1), ...context, ...history.slice(-1)],
      usage: { model: this.client.model, promptTokens: 0, completionTokens: 0, toolCalls: 0, costUsd: 0 },
      toolPayloads: [],
      search: [],
      live: null,
      lastQuery: null,
      handoff: false,
      image: null,
      round: 0,
      observer,
    };
    try {
      const draft = await this.runToolLoop(turn);
      const { text, violations } = await this.guard(turn, draft);
      const result: AnswerResult = {
        text,
        engine: 'openai',
        handoff: turn.handoff,
        usage: this.priced(turn),
        groundingViolations: violations,
        ...(turn.image ? { image: turn.image } : {}),
      };
      return { result, state: stateAfterModelTurn(state, turn) };
    } catch (e) {
      throw new LlmTurnError(
        e,
        turn.usage.promptTokens + turn.usage.completionTokens > 0 ? this.priced(turn) : null,
      );
    }
  }

  private priced(turn: Turn): AnswerUsage {
    const u = turn.usage;
    const { priceInputPerMTok, priceOutputPerMTok } = this.config.openai;
    return {
      ...u,
      costUsd: (u.promptTokens * priceInputPerMTok + u.completionTokens * priceOutputPerMTok) / 1_000_000,
    };
  }

  private async complete(turn: Turn, toolChoice: 'auto' | 'none') {
    const started = Date.now();
    const { completion, requestId } = await this.client.complete({
      messages: turn.messages,
      // Tools on every call, including the repair call: a second round (search, then live details) needs them,
      // and the history already holds tool calls that must refer to declared tools (openai.md §4).
      tools: TOOL_DEFINITIONS,
      tool_choice: toolChoice,
      temperature: 0.3,
      max_completion_tokens: MAX_COMPLETION_TOKENS,
    });
    const choice = completion.choices[0];
    const prompt = completion.usage?.prompt_tokens ?? 0;
    const output = completion.usage?.completion_tokens ?? 0;
    turn.usage.promptTokens += prompt;
    turn.usage.completionTokens += output;
    if (completion.model) turn.usage.model = completion.model;
    turn.observer?.onCompletion?.({
      round: turn.round,
      ms: Date.now() - started,
      finishReason: choice?.finish_reason ?? 'none',
      promptTokens: prompt,
      completionTokens: output,
    });
    this.logger.debug(
      `chat completion round ${turn.round} finish=${choice?.finish_reason} request_id=${requestId ?? '-'}`,
    );
    return choice;
  }

  /** Returns the model's final text, or null when it produced none (round cap, filter, empty). */
  private async runToolLoop(turn: Turn): Promise<string | null> {
    const maxRounds = this.config.openai.maxToolRounds;
    for (turn.round = 0; ; turn.round++) {
      const choice = await this.complete(turn, 'auto');
      if (!choice) return null;
      const calls = (choice.message.tool_calls ?? [])
        .filter((c): c is ChatCompletionMessageFunctionToolCall => c.type === 'function')
        // Some compatible servers leave ids empty; a tool message must name the call it answers (openai.md §4).
        .map((c, i) => (c.id ? c : { ...c, id: `call_r${turn.round}_${i}` }));
      const textCall = calls.length === 0 ? parseTextToolCall(choice.message.content ?? '') : null;
      if (textCall) {
        calls.push({ id: `call_r${turn.round}_text`, type: 'function', function: textCall });
        choice.message.content = null;
      }
      if (calls.length === 0) {
        const content = choice.message.content?.trim() ?? '';
        if (choice.finish_reason === 'length') return cutToLastSentence(content) || null;
        if (choice.finish_reason === 'content_filter') return null;
        return content || null;
      }
      if (turn.round >= maxRounds) {
        this.logger.warn(
          `Conversation ${turn.request.conversationId}: the model still wanted tools after ${maxRounds} rounds; answering from the tool results`,
        );
        return null;
      }
      turn.messages.push({ role: 'assistant', content: choice.message.content ?? null, tool_calls: calls });
      for (const call of calls) {
        const started = Date.now();
        const outcome = await runToolCall(
          this.tools,
          call.function.name,
          call.function.arguments,
          turn.request,
          this.profile,
        );
        turn.usage.toolCalls += 1;
        turn.observer?.onToolCall?.({
          name: call.function.name,
          arguments: call.function.arguments,
          ok: outcome.ok,
          ms: Date.now() - started,
          result: outcome.ok ? (outcome.search ?? outcome.live) : undefined,
          error: outcome.ok ? undefined : outcome.payload.message,
        });
        if (!outcome.ok) {
          this.logger.warn(`Tool ${call.function.name} call rejected: ${outcome.payload.message}`);
          if (outcome.payload.error === 'tool_failed')
            turn.observer?.onFailure?.({
              reason: `${call.function.name} failed: ${outcome.payload.message}`,
            });
        } else absorbOutcome(turn, call.function.arguments, outcome);
        turn.messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(outcome.payload) });
      }
    }
  }

  private violationsOf(turn: Turn, text: string): GroundingViolation[] {
    return findGroundingViolations(text, collectFacts(turn.toolPayloads, this.profile, this.synonymGroups));
  }

  private report(turn: Turn, violations: GroundingViolation[], attempt: number): void {
    const snippets = violations.map((v) => `${v.kind} "${v.snippet}"`);
    this.logger.warn(
      `Grounding violation in conversation ${turn.request.conversationId} (attempt ${attempt}): ${snippets.join(', ')} not in this turn's tool results or the store profile`,
    );
    turn.observer?.onGroundingViolation?.({ snippets: violations.map((v) => v.snippet), attempt });
  }

  /**
   * The grounding guard: a draft whose prices, stock or percentages are not backed gets one regeneration naming the
   * violations; if that still fails (or there was no usable draft), the answer is templated from the tool results.
   */
  private async guard(turn: Turn, draft: string | null): Promise<{ text: string; violations: number }> {
    let count = 0;
    if (draft !== null) {
      const first = toWhatsAppText(draft);
      const violations = this.violationsOf(turn, first);
      if (violations.length === 0) return { text: first, violations: 0 };
      count += violations.length;
      this.report(turn, violations, 1);
      turn.messages.push(
        { role: 'assistant', content: draft },
        { role: 'system', content: repairInstruction(violations) },
      );
      turn.round += 1;
      // The customer already waits on a grounded answer from the tool results: a failing repair call only
      // means the template is used, not an outage.
      const choice = await this.complete(turn, 'none').catch((e: Error) => {
        this.logger.warn(`Grounding repair call failed, answering from the tool results: ${e.message}`);
        return undefined;
      });
      const retry = choice?.message.tool_calls?.length ? '' : toWhatsAppText(choice?.message.content ?? '');
      if (retry && choice?.finish_reason !== 'length') {
        const again = this.violationsOf(turn, retry);
        if (again.length === 0) return { text: retry, violations: count };
        count += again.length;
        this.report(turn, again, 2);
      }
    }
    return { text: await this.fallback(turn), violations: count };
  }

  private async fallback(turn: Turn): Promise<string> {
    const lang = guessLanguage(
      pendingCustomerText(turn.request),
      this.profile.languages[0] === 'en' ? 'en' : 'es',
    );
    const templated = this.offline.templated(turn.search, turn.live, lang);
    if (templated) return templated;
    return (await this.offline.answer(turn.request, turn.observer)).text;
  }
}
