import { Body, Controller, Get, Param, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AdminAuthGuard } from './admin-auth.guard';
import { AdminConversationsService } from './admin-conversations.service';
import { AdminExceptionFilter } from './admin-exception.filter';
import { sendHtml, securityHeaders, type AdminRequest } from './admin-http';
import { AdminOverviewService } from './admin-overview.service';
import { AdminProfileService } from './admin-profile.service';
import { conversationPage, conversationsPage } from './views/conversations.view';
import { overviewPage } from './views/overview.view';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v.slice(0, 200) : undefined);
const conversationId = (id: string): string => id.slice(0, 64);

/** Overview and conversations (with pause/resume). */
@Controller('admin')
@UseGuards(AdminAuthGuard)
@UseFilters(AdminExceptionFilter)
export class AdminPagesController {
  constructor(
    private readonly overview: AdminOverviewService,
    private readonly conversations: AdminConversationsService,
    private readonly profile: AdminProfileService,
  ) {}

  @Get()
  async home(@Req() req: AdminRequest, @Res() res: Response): Promise<void> {
    sendHtml(res, 200, overviewPage(await this.overview.overview(), req.adminSession.csrfToken));
  }

  @Get('conversations')
  async list(
    @Req() req: AdminRequest,
    @Res() res: Response,
    @Query() query: Record<string, unknown>,
  ): Promise<void> {
    const filter = { state: str(query.state), channel: str(query.channel), q: str(query.q) };
    const rows = await this.conversations.list(filter);
    sendHtml(res, 200, conversationsPage(rows, filter, req.adminSession.csrfToken));
  }

  @Get('conversations/:id')
  async detail(
    @Req() req: AdminRequest,
    @Res() res: Response,
    @Param('id') id: string,
    @Query('done') done?: string,
  ): Promise<void> {
    const detail = await this.conversations.detail(conversationId(id));
    const notice =
      done === 'paused'
        ? 'The bot is paused here.'
        : done === 'resumed'
          ? 'The bot answers here again.'
          : undefined;
    sendHtml(
      res,
      200,
      conversationPage(detail, req.adminSession.csrfToken, this.profile.current.currency.symbol, notice),
    );
  }

  @Post('conversations/:id/pause')
  async pause(
    @Res() res: Response,
    @Param('id') id: string,
    @Body() body: { minutes?: unknown },
  ): Promise<void> {
    const minutes = Number(body.minutes);
    const valid = Number.isInteger(minutes) && minutes > 0 && minutes <= 100_000;
    await this.conversations.pause(conversationId(id), valid ? minutes : undefined);
    this.back(res, id, 'paused');
  }

  @Post('conversations/:id/resume')
  async resume(@Res() res: Response, @Param('id') id: string): Promise<void> {
    await this.conversations.resume(conversationId(id));
    this.back(res, id, 'resumed');
  }

  private back(res: Response, id: string, done: string): void {
    securityHeaders(res);
    res.redirect(303, `/admin/conversations/${encodeURIComponent(conversationId(id))}?done=${done}`);
  }
}
