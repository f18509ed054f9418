import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface AdminSession {
  tokenHash: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Console logins. Stored in the database so every instance behind a proxy knows them and logout ends them. */
@Injectable()
export class AdminSessionRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(s: AdminSession): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO admin_sessions (token_hash, csrf_token, expires_at) VALUES ($1, $2, $3)`,
      [s.tokenHash, s.csrfToken, s.expiresAt],
    );
  }

  async findLive(tokenHash: string): Promise<AdminSession | null> {
    const rows = await this.dataSource.query<{ csrf_token: string; expires_at: Date }[]>(
      `SELECT csrf_token, expires_at FROM admin_sessions WHERE token_hash = $1 AND expires_at > now()`,
      [tokenHash],
    );
    return rows[0]
      ? { tokenHash, csrfToken: rows[0].csrf_token, expiresAt: new Date(rows[0].expires_at) }
      : null;
  }

  async remove(tokenHash: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM admin_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  async removeExpired(): Promise<void> {
    await this.dataSource.query(`DELETE FROM admin_sessions WHERE expires_at <= now()`);
  }
}
