import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { AdminSessionRepository, type AdminSession } from './admin-session.repository';

/** Failed logins allowed per client address in one window, then 429 until the window ends. */
const MAX_FAILURES = 5;
const FAILURE_WINDOW_MS = 15 * 60_000;
export const PASSWORD_FILE = 'admin-password';
const MAX_TRACKED_ADDRESSES = 10_000;

const sha256 = (s: string): Buffer => createHash('sha256').update(s).digest();
const token = (): string => randomBytes(32).toString('base64url');

export type LoginOutcome =
  | { kind: 'ok'; token: string; session: AdminSession }
  | { kind: 'refused' }
  | { kind: 'limited'; retryAfterSeconds: number };

/**
 * Decides who may use the console: one password (ADMIN_PASSWORD, or on the embedded demo database a generated one
 * kept in DATA_DIR/admin-password, so `npm start` alone gives a newcomer a way in without printing a secret to the
 * log), sessions with a CSRF token each, and a per-address limit on failed logins.
 */
@Injectable()
export class AdminAuthService implements OnModuleInit {
  private readonly logger = new Logger('Console');
  private passwordHash: Buffer | null = null;
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly config: AppConfig,
    private readonly sessions: AdminSessionRepository,
  ) {}

  get enabled(): boolean {
    return this.passwordHash !== null;
  }

  onModuleInit(): void {
    const password = this.config.admin.password ?? this.demoPassword();
    this.passwordHash = password ? sha256(password) : null;
    if (!password) {
      this.logger.log(
        'Store console off: set ADMIN_PASSWORD (8+ characters) to open it at /admin (see README, "Store console")',
      );
    }
  }

  /** Embedded demo database only: a generated password in a file only this user can read. */
  private demoPassword(): string | undefined {
    const { url, dataDir } = this.config.database;
    if (url || dataDir === ':memory:') return undefined;
    const file = resolve(join(dataDir, PASSWORD_FILE));
    try {
      if (!existsSync(file)) {
        mkdirSync(dataDir, { recursive: true });
        writeFileSync(file, `${randomBytes(12).toString('base64url')}\n`, { mode: 0o600 });
      }
      this.logger.log(
        `Store console at /admin: the password is in ${file} (set ADMIN_PASSWORD to choose your own)`,
      );
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      this.logger.warn(
        `Store console off: could not keep a generated password in ${file}: ${(e as Error).message}`,
      );
      return undefined;
    }
  }

  async login(password: string, clientAddress: string): Promise<LoginOutcome> {
    const now = Date.now();
    if (this.failures.size > MAX_TRACKED_ADDRESSES) this.forgetOldFailures(now);
    const f = this.failures.get(clientAddress);
    if (f && now - f.since < FAILURE_WINDOW_MS && f.count >= MAX_FAILURES) {
      return { kind: 'limited', retryAfterSeconds: Math.ceil((f.since + FAILURE_WINDOW_MS - now) / 1000) };
    }
    // Hashing both sides gives equal lengths, so the comparison takes the same time whatever was typed.
    if (!this.passwordHash || !timingSafeEqual(sha256(password), this.passwordHash)) {
      const fresh = !f || now - f.since >= FAILURE_WINDOW_MS;
      this.failures.set(
        clientAddress,
        fresh ? { count: 1, since: now } : { count: f.count + 1, since: f.since },
      );
      this.logger.warn({ msg: 'console login refused', attempt: fresh ? 1 : f.count + 1 });
      return { kind: 'refused' };
    }
    this.failures.delete(clientAddress);
    const raw = token();
    const session: AdminSession = {
      tokenHash: sha256(raw).toString('hex'),
      csrfToken: token(),
      expiresAt: new Date(now + this.config.admin.sessionHours * 3_600_000),
    };
    await this.sessions.removeExpired();
    await this.sessions.create(session);
    this.logger.log('console login');
    return { kind: 'ok', token: raw, session };
  }

  /** Keeps the failure table bounded when many addresses try (each entry matters only for its window). */
  private forgetOldFailures(now: number): void {
    for (const [address, f] of this.failures) {
      if (now - f.since >= FAILURE_WINDOW_MS) this.failures.delete(address);
    }
  }

  async sessionFor(rawToken: string | undefined): Promise<AdminSession | null> {
    if (!this.enabled || !rawToken) return null;
    return this.sessions.findLive(sha256(rawToken).toString('hex'));
  }

  async logout(session: AdminSession): Promise<void> {
    await this.sessions.remove(session.tokenHash);
  }

  /** Constant-time check of a form's CSRF token against the session's. */
  static sameToken(a: string | undefined, b: string): boolean {
    return typeof a === 'string' && timingSafeEqual(sha256(a), sha256(b));
  }

  static newToken(): string {
    return token();
  }
}
