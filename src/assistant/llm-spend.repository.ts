import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * Reads the usage ledger: the estimated LLM cost recorded with every reply (`replies.cost_usd`, written by the
 * reply pipeline). Turns the console's playground and `cli chat` run are not recorded there, so they do not count.
 */
@Injectable()
export class LlmSpendRepository {
  constructor(private readonly dataSource: DataSource) {}

  async costSince(start: Date): Promise<number> {
    const [row] = await this.dataSource.query<{ cost: string | number | null }[]>(
      `SELECT coalesce(sum(cost_usd), 0) AS cost FROM replies WHERE created_at >= $1`,
      [start],
    );
    return Number(row?.cost ?? 0);
  }
}
