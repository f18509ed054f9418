import { Body, Controller, Get, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminAuthService } from './admin-auth.service';
import { AdminExceptionFilter } from './admin-exception.filter';
import {
  clientAddress,
  LOGIN_COOKIE,
  readCookie,
  securityHeaders,
  sendHtml,
  SESSION_COOKIE,
  setCookie,
  type AdminRequest,
} from './admin-http';
import { ADMIN_CSS, ADMIN_JS } from './views/assets';
import { loginPage } from './views/login.view';
import { page } from './views/layout';
import { html } from './views/html';

/** Log in, log out, and the console's two static assets (the only routes without a session). */
@Controller('admin')
@UseFilters(AdminExceptionFilter)
export class AdminAuthController {
  constructor(private readonly auth: AdminAuthService) {}

  @Get('assets/admin.css')
  css(@Res() res: Response): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/css').setHeader('Cache-Control', 'max-age=300').send(ADMIN_CSS);
  }

  @Get('assets/admin.js')
  js(@Res() res: Response): void {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('application/javascript').setHeader('Cache-Control', 'max-age=300').send(ADMIN_JS);
  }

  @Get('login')
  async loginForm(@Req() req: Request, @Res() res: Response): Promise<void> {
    if (!this.auth.enabled) return this.off(res);
    if (await this.auth.sessionFor(readCookie(req, SESSION_COOKIE))) return res.redirect(303, '/admin');
    this.renderLogin(req, res, 200);
  }

  @Post('login')
  async login(
    @Req() req: Request,
    @Res() res: Response,
    @Body() body: { password?: unknown; _csrf?: unknown },
  ): Promise<void> {
    if (!this.auth.enabled) return this.off(res);
    // Login CSRF: the form's token must match the cookie set with the form (another site can set neither).
    const expected = readCookie(req, LOGIN_COOKIE);
    if (
      !expected ||
      !AdminAuthService.sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, expected)
    ) {
      return this.renderLogin(req, res, 403, 'The login form expired. Please try again.');
    }
    const outcome = await this.auth.login(
      typeof body.password === 'string' ? body.password : '',
      clientAddress(req),
    );
    if (outcome.kind === 'limited') {
      res.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      const minutes = Math.ceil(outcome.retryAfterSeconds / 60);
      return this.renderLogin(req, res, 429, `Too many failed attempts. Try again in ${minutes} min.`);
    }
    if (outcome.kind === 'refused') return this.renderLogin(req, res, 401, 'Wrong password.');
    const maxAge = Math.round((outcome.session.expiresAt.getTime() - Date.now()) / 1000);
    setCookie(req, res, SESSION_COOKIE, outcome.token, { maxAgeSeconds: maxAge });
    setCookie(req, res, LOGIN_COOKIE, '', { maxAgeSeconds: 0, path: '/admin/login' });
    securityHeaders(res);
    res.redirect(303, '/admin');
  }

  @Post('logout')
  @UseGuards(AdminAuthGuard)
  async logout(@Req() req: AdminRequest, @Res() res: Response): Promise<void> {
    await this.auth.logout(req.adminSession);
    setCookie(req, res, SESSION_COOKIE, '', { maxAgeSeconds: 0 });
    securityHeaders(res);
    res.redirect(303, '/admin/login');
  }

  private renderLogin(req: Request, res: Response, status: number, error?: string): void {
    const csrf = AdminAuthService.newToken();
    setCookie(req, res, LOGIN_COOKIE, csrf, { maxAgeSeconds: 3600, path: '/admin/login' });
    sendHtml(res, status, loginPage(csrf, error));
  }

  private off(res: Response): void {
    sendHtml(
      res,
      404,
      page(
        { title: 'Console off' },
        html`<div class="login card">
          <h1>The store console is off</h1>
          <p>Set <code>ADMIN_PASSWORD</code> (at least 8 characters) and restart Namwoo, then log in here.</p>
        </div>`,
      ),
    );
  }
}
