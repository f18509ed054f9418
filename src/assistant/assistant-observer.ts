import type { LiveProductDetails, ProductSearchResult } from '../catalog/catalog.types';

/** Hooks for watching a turn as it runs (the `chat` CLI prints them; the reply trace records them). */
export interface AssistantObserver {
  onToolCall?(event: {
    name: string;
    arguments: string;
    ok: boolean;
    ms: number;
    /** What the tool returned: a search's products, or a live look-up's details (null: not found). */
    result?: ProductSearchResult[] | LiveProductDetails | null;
    /** Why the call was rejected or failed. */
    error?: string;
  }): void;
  onCompletion?(event: {
    round: number;
    ms: number;
    finishReason: string;
    promptTokens: number;
    completionTokens: number;
  }): void;
  onGroundingViolation?(event: { snippets: string[]; attempt: number }): void;
  /** Something the operator must fix broke this turn (e.g. the database went away); the customer got a fallback. */
  onFailure?(event: { reason: string }): void;
}
