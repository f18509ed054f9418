/** Hooks for watching a turn as it runs (the `chat` CLI prints them); the reply job passes none. */
export interface AssistantObserver {
  onToolCall?(event: { name: string; arguments: string; ok: boolean; ms: number }): void;
  onCompletion?(event: {
    round: number;
    ms: number;
    finishReason: string;
    promptTokens: number;
    completionTokens: number;
  }): void;
  onGroundingViolation?(event: { snippets: string[]; attempt: number }): void;
}
