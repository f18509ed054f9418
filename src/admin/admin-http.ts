import type { Request, Response } from 'express';
import type { AdminSession } from './admin-session.repository';

export const SESSION_COOKIE = 'namwoo_admin';
export const LOGIN_COOKIE = 'namwoo_admin_login';

/** A request that passed the console's guard. */
export interface AdminRequest extends Request {
  adminSession: AdminSession;
}

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/**
 * HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Path=/admin (the webhook never
 * sees it), Secure when the request came over TLS (directly or, with TRUST_PROXY, through the proxy).
 */
export function setCookie(
  req: Request,
  res: Response,
  name: string,
  value: string,
  o: { maxAgeSeconds: number; path?: string },
): void {
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${o.path ?? '/admin'}`,
    `Max-Age=${o.maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (req.secure) parts.push('Secure');
  res.append('Set-Cookie', parts.join('; '));
}

/** Headers on every console response: no framing, no caching of pages that show customers, scripts only ours. */
export function securityHeaders(res: Response): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  );
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
}

export function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function sendHtml(res: Response, status: number, body: { toString(): string }): void {
  securityHeaders(res);
  res.status(status).type('html').send(body.toString());
}
