import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import type { AnswerUsage } from './answerer';
import { priced } from './llm-pricing';
import { LlmSpendRepository } from './llm-spend.repository';

export interface BudgetStatus {
  limitUsd: number;
  spentUsd: number;
  reached: boolean;
  /** The month counted: calendar months in UTC, like OpenAI's own billing. */
  monthStart: Date;
  /** When the LLM answers again by itself (the next month), unless the budget is raised before. */
  resumesAt: Date;
}

/**
 * The monthly LLM spend cap (LLM_MONTHLY_BUDGET_USD). The month's estimated cost comes from the usage ledger on
 * every turn, so the LLM is back as soon as a new UTC month starts or the app runs with a higher budget. The first
 * turn refused in a month is logged once (per process) for the operator; the console's overview shows the state.
 */
@Injectable()
export class LlmBudget {
  private readonly logger = new Logger('LlmBudget');
  private warned: string | null = null;

  constructor(
    private readonly spend: LlmSpendRepository,
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** The usage with its cost from the price table (LLM_PRICES, else OPENAI_PRICE_*_PER_MTOK). */
  priced(usage: AnswerUsage): AnswerUsage {
    return priced(usage, this.config.openai);
  }

  /** Null when no budget is set. */
  async status(): Promise<BudgetStatus | null> {
    const limitUsd = this.config.openai.monthlyBudgetUsd;
    if (limitUsd === null) return null;
    const now = this.clock.now();
    const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const resumesAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const spentUsd = await this.spend.costSince(monthStart);
    return { limitUsd, spentUsd, reached: spentUsd >= limitUsd, monthStart, resumesAt };
  }

  /**
   * False once the month's cost reached the budget. A ledger that cannot be read does not silence the LLM: the
   * cap is about cost, and the turn itself will need the database anyway.
   */
  async allowsLlm(): Promise<boolean> {
    let s: BudgetStatus | null;
    try {
      s = await this.status();
    } catch (e) {
      this.logger.warn({
        msg: 'LLM spend could not be read; the budget is not applied to this turn',
        reason: (e as Error).message,
      });
      return true;
    }
    if (!s?.reached) return true;
    const key = `${s.monthStart.toISOString()}/${s.limitUsd}`;
    if (this.warned !== key) {
      this.warned = key;
      this.logger.error({
        msg: `LLM BUDGET REACHED: $${s.spentUsd.toFixed(4)} of LLM_MONTHLY_BUDGET_USD=$${s.limitUsd} spent this month (UTC); replies come from the offline assistant until ${s.resumesAt.toISOString()} or until the budget is raised`,
      });
    }
    return false;
  }
}
