import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, type ErrorCode } from './app-error';
import { currentCorrelationId } from './logging/request-context';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  not_found: HttpStatus.NOT_FOUND,
  payload_too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  conflict: HttpStatus.CONFLICT,
  external_service_failed: HttpStatus.BAD_GATEWAY,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
  internal: HttpStatus.INTERNAL_SERVER_ERROR,
};

/** Maps every error to one JSON shape: `{ error: { code, message }, correlationId }`, logging 4xx once and 5xx loud. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    let status: number = HttpStatus.INTERNAL_SERVER_ERROR;
    let code: string = 'internal';
    let message = 'Internal error';

    if (exception instanceof AppError) {
      status = STATUS[exception.code];
      code = exception.code;
      message = exception.message;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const body = exception.getResponse();
      const raw = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : body;
      message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
      code = status === 413 ? 'payload_too_large' : status < 500 ? 'bad_request' : 'internal';
      if (status === 401) code = 'unauthorized';
      if (status === 404) code = 'not_found';
    } else if (isBodyParserError(exception)) {
      status = exception.status;
      code = status === 413 ? 'payload_too_large' : 'malformed_body';
      message = status === 413 ? 'Request body too large' : 'Malformed JSON body';
    }

    const line = {
      msg: `${req.method} ${req.originalUrl.split('?')[0]} -> ${status} ${code}`,
      status,
      code,
      reason: message,
    };
    if (status >= 500) this.logger.error({ ...line, err: exception });
    else this.logger.warn(line);
    if (!res.headersSent) {
      res.status(status).json({ error: { code, message }, correlationId: currentCorrelationId() });
    }
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { status?: unknown }).status === 'number' &&
    typeof (e as { type?: unknown }).type === 'string'
  );
}
