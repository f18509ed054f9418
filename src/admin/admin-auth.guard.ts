import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AdminAuthService } from './admin-auth.service';
import { readCookie, SESSION_COOKIE, type AdminRequest } from './admin-http';

/** Thrown by the guard; the console's filter turns it into a redirect to the login page or a refusal. */
export class AdminAccessDenied extends Error {
  constructor(readonly reason: 'disabled' | 'no_session' | 'bad_csrf') {
    super(`console access denied: ${reason}`);
  }
}

const SAFE = new Set(['GET', 'HEAD']);

/**
 * Every console page and action needs a live session; every request that changes something also needs the
 * session's CSRF token (form field `_csrf` or header `x-csrf-token`), on top of the SameSite=Strict cookie.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly auth: AdminAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    if (!this.auth.enabled) throw new AdminAccessDenied('disabled');
    const session = await this.auth.sessionFor(readCookie(req, SESSION_COOKIE));
    if (!session) throw new AdminAccessDenied('no_session');
    if (!SAFE.has(req.method)) {
      const body = req.body as Record<string, unknown> | undefined;
      const sent = typeof body?._csrf === 'string' ? body._csrf : req.header('x-csrf-token');
      if (!AdminAuthService.sameToken(sent, session.csrfToken)) throw new AdminAccessDenied('bad_csrf');
    }
    (req as AdminRequest).adminSession = session;
    return true;
  }
}
