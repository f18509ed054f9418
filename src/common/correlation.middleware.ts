import type { NextFunction, Request, Response } from 'express';
import { newCorrelationId, withCorrelationId } from './logging/request-context';

const HEADER = 'x-correlation-id';

/** Gives every HTTP request a correlation id (honouring a sane incoming one) and echoes it in the response. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(HEADER);
  const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newCorrelationId();
  res.setHeader(HEADER, id);
  withCorrelationId(id, next);
}
