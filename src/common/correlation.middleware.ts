import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { newCorrelationId, withCorrelationId } from './logging/request-context';

const HEADER = 'x-correlation-id';
const logger = new Logger('Http');

/**
 * Gives every HTTP request a correlation id (honouring a sane incoming one), echoes it in the response, and logs
 * one access line when the response is sent (health checks at debug level: load balancers poll them).
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const incoming = req.header(HEADER);
  const id = incoming && /^[\w.-]{1,64}$/.test(incoming) ? incoming : newCorrelationId();
  res.setHeader(HEADER, id);
  const started = performance.now();
  withCorrelationId(id, () => {
    res.on('finish', () => {
      const line = {
        msg: `${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode}`,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (req.originalUrl.split('?')[0].endsWith('/health')) logger.debug(line);
      else logger.log(line);
    });
    next();
  });
}
