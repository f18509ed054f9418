import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AdminAccessDenied } from './admin-auth.guard';
import { sendHtml } from './admin-http';
import { html } from './views/html';
import { page } from './views/layout';

/**
 * Console errors are pages, not JSON: an unauthenticated page view goes to the login form, an unauthenticated or
 * forged action is refused (401/403) without doing anything, and any other fault shows a short error page.
 */
@Catch()
export class AdminExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  catch(e: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    if (e instanceof AdminAccessDenied) {
      if (e.reason === 'disabled') {
        sendHtml(res, 404, page({ title: 'Console off' }, offPage()));
      } else if (e.reason === 'no_session' && (req.method === 'GET' || req.method === 'HEAD')) {
        res.setHeader('Cache-Control', 'no-store');
        res.redirect(303, '/admin/login');
      } else if (e.reason === 'no_session') {
        sendHtml(res, 401, page({ title: 'Log in first' }, message('Log in first', 'Your session ended.')));
      } else {
        sendHtml(
          res,
          403,
          page(
            { title: 'Refused' },
            message('Refused', 'The form was stale or forged; reload the page and try again.'),
          ),
        );
      }
      return;
    }
    const status = e instanceof HttpException ? e.getStatus() : 500;
    if (status >= 500) this.logger.error({ msg: 'console page failed', path: req.path, err: e });
    sendHtml(
      res,
      status,
      page(
        { title: 'Error' },
        message(
          status === 404 ? 'Not found' : 'Something went wrong',
          status === 404 ? 'No such page.' : 'The error is in the log.',
        ),
      ),
    );
  }
}

const message = (title: string, text: string) =>
  html`<div class="login card">
    <h1>${title}</h1>
    <p>${text}</p>
    <p><a href="/admin">Back to the console</a></p>
  </div>`;

const offPage = () =>
  html`<div class="login card">
    <h1>The store console is off</h1>
    <p>
      Set <code>ADMIN_PASSWORD</code> (at least 8 characters) in the environment or <code>.env</code> and
      restart Namwoo, then log in here.
    </p>
  </div>`;
