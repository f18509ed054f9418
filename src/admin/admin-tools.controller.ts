import { Body, Controller, Get, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { StoreProfile } from '../assistant/store-profile';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminCatalogService } from './admin-catalog.service';
import { AdminExceptionFilter } from './admin-exception.filter';
import { sendHtml, securityHeaders, type AdminRequest } from './admin-http';
import { AdminPlaygroundService } from './admin-playground.service';
import { AdminProfileService, type ProfileForm } from './admin-profile.service';
import { catalogPage } from './views/catalog.view';
import { playgroundPage } from './views/playground.view';
import { profilePage } from './views/profile.view';

/** Catalog (search playground, sync), the assistant playground and the store profile. */
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminExceptionFilter)
export class AdminToolsController {
  constructor(
    private readonly catalog: AdminCatalogService,
    private readonly playground: AdminPlaygroundService,
    private readonly profile: AdminProfileService,
  ) {}

  private get symbol(): string {
    return this.profile.current.currency.symbol;
  }

  @Get('catalog')
  async catalogPage(
    @Req() req: AdminRequest,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const q = typeof query.q === 'string' ? query.q.trim().slice(0, 200) : '';
    const inStock = query.stock === '1';
    const [result, runs] = await Promise.all([
      q ? this.catalog.playground(q, inStock) : Promise.resolve(null),
      this.catalog.runs(),
    ]);
    const sync = this.catalog.syncState();
    const configured = this.catalog.woocommerceConfigured;
    sendHtml(
      res,
      200,
      catalogPage({
        q,
        inStock,
        result,
        sync,
        configured,
        runs,
        csrf: req.adminSession.csrfToken,
        symbol: this.symbol,
      }),
    );
  }

  @Post('catalog/sync')
  syncNow(@Res() res: Response): void {
    this.catalog.startSync();
    securityHeaders(res);
    res.redirect(303, '/admin/catalog');
  }

  @Get('catalog/sync/status')
  syncStatus(@Res() res: Response): void {
    const s = this.catalog.syncState();
    const p = s.progress;
    securityHeaders(res);
    res.json({
      running: s.running,
      done: p?.done ?? 0,
      total: p?.total ?? 0,
      text: p
        ? `${p.phase === 'fetch' ? 'Fetching pages' : 'Embedding'}: ${p.done} / ${p.total}`
        : 'Starting…',
      last: s.last,
      error: s.error,
    });
  }

  @Get('playground')
  playgroundPage(@Req() req: AdminRequest, @Res() res: Response): void {
    const entries = this.playground.transcript(req.adminSession.tokenHash);
    sendHtml(
      res,
      200,
      playgroundPage(entries, this.playground.engine, req.adminSession.csrfToken, this.symbol),
    );
  }

  @Post('playground')
  async say(
    @Req() req: AdminRequest,
    @Res() res: Response,
    @Body() body: { message?: unknown },
  ): Promise<void> {
    const message = typeof body.message === 'string' ? body.message.trim() : '';
    if (message) await this.playground.say(req.adminSession.tokenHash, message);
    securityHeaders(res);
    res.redirect(303, '/admin/playground');
  }

  @Post('playground/reset')
  reset(@Req() req: AdminRequest, @Res() res: Response): void {
    this.playground.reset(req.adminSession.tokenHash);
    securityHeaders(res);
    res.redirect(303, '/admin/playground');
  }

  @Get('profile')
  profilePage(@Req() req: AdminRequest, @Res() res: Response, @Query('saved') saved?: string): void {
    const page = profilePage({
      profile: this.profile.current,
      file: this.profile.file,
      csrf: req.adminSession.csrfToken,
      saved: saved === '1',
    });
    sendHtml(res, 200, page);
  }

  @Post('profile')
  saveProfile(@Req() req: AdminRequest, @Res() res: Response, @Body() body: ProfileForm): void {
    const raw = this.profile.fromForm(body);
    const outcome = this.profile.save(raw);
    if (outcome.ok) {
      securityHeaders(res);
      return res.redirect(303, '/admin/profile?saved=1');
    }
    const page = profilePage({
      profile: raw as Partial<StoreProfile>,
      file: this.profile.file,
      csrf: req.adminSession.csrfToken,
      problems: outcome.problems,
    });
    sendHtml(res, 422, page);
  }
}
