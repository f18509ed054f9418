import { Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { AppConfig } from '../config/app-config';
import { ExternalServiceError } from '../common/app-error';
import { maskPhone, redact } from '../common/logging/redact';
import { integrationHealth } from '../common/integration-health';

/** Meta error codes the reply job branches on (whatsapp-cloud.md §4.2). */
export const WA_OUTSIDE_WINDOW = 131047;
const BACK_OFF = new Set([4, 80007, 130429, 131056, 131000]);
const AUTH = new Set([0, 190]);

/** A refused send, with Meta's `error.code` to branch on; the message carries Meta's redacted reason. */
export class WhatsAppSendError extends ExternalServiceError {
  override name = 'WhatsAppSendError';
  constructor(
    readonly metaCode: number | undefined,
    message: string,
    options: { retryable: boolean; status?: number; hint?: string },
  ) {
    super('whatsapp', 'send', message, { ...options, vendorCode: metaCode });
  }

  get outsideWindow(): boolean {
    return this.metaCode === WA_OUTSIDE_WINDOW;
  }
}

export interface WhatsAppText {
  phoneNumberId: string;
  to: string;
  body: string;
}

export interface WhatsAppTemplate {
  phoneNumberId: string;
  to: string;
  name: string;
  languageCode: string;
  /** Body parameters in order; `name` only for templates with named variables (whatsapp-cloud.md §9). */
  bodyParameters?: { text: string; name: string | null }[];
}

export interface WhatsAppImage {
  phoneNumberId: string;
  to: string;
  /** Public http(s) link to a JPEG or PNG of at most 5 MB (whatsapp-cloud.md §8). */
  link: string;
  caption: string;
}

/** Template codes that mean our configuration is wrong (whatsapp-cloud.md §9): the operator must act. */
const TEMPLATE_CONFIG = new Set([132000, 132001, 132005, 132007, 132012, 132015, 132016]);
/** The caption limit (whatsapp-cloud.md §5). */
const CAPTION_MAX = 1024;

/** The WhatsApp Cloud API (`POST /{version}/{phone-number-id}/messages`, Bearer token). Returns the wamid. */
@Injectable()
export class WhatsAppClient {
  private readonly logger = new Logger('WhatsApp');
  private readonly http: AxiosInstance;

  constructor(private readonly config: AppConfig) {
    this.http = axios.create({ timeout: config.whatsapp.timeoutMs, validateStatus: () => true });
  }

  get configured(): boolean {
    return Boolean(this.config.whatsapp.token);
  }

  sendText(m: WhatsAppText): Promise<string> {
    return this.send(m.phoneNumberId, m.to, {
      recipient_type: 'individual',
      type: 'text',
      text: { preview_url: false, body: m.body },
    });
  }

  /** Templates are the one message allowed once the window has closed; they do not reopen it (§9, §10). */
  sendTemplate(m: WhatsAppTemplate): Promise<string> {
    const parameters = (m.bodyParameters ?? []).map((p) => ({
      type: 'text',
      text: p.text,
      ...(p.name ? { parameter_name: p.name } : {}),
    }));
    return this.send(m.phoneNumberId, m.to, {
      type: 'template',
      template: {
        name: m.name,
        language: { code: m.languageCode },
        ...(parameters.length ? { components: [{ type: 'body', parameters }] } : {}),
      },
    });
  }

  /** An image by link; Meta fetches it after answering, so a bad link usually fails later, unseen (§8). */
  sendImage(m: WhatsAppImage): Promise<string> {
    return this.send(m.phoneNumberId, m.to, {
      recipient_type: 'individual',
      type: 'image',
      image: { link: m.link, caption: m.caption.slice(0, CAPTION_MAX) },
    });
  }

  private send(phoneNumberId: string, to: string, message: Record<string, unknown>): Promise<string> {
    return integrationHealth.track('whatsapp', () => this.post(phoneNumberId, to, message));
  }

  private async post(phoneNumberId: string, to: string, message: Record<string, unknown>): Promise<string> {
    const { graphApiUrl, apiVersion, token } = this.config.whatsapp;
    if (!token) {
      throw new WhatsAppSendError(undefined, 'WHATSAPP_CLOUD_API_TOKEN is not set', {
        retryable: false,
        hint: 'set WHATSAPP_CLOUD_API_TOKEN to answer on WhatsApp',
      });
    }
    const url = `${graphApiUrl}/${apiVersion}/${encodeURIComponent(phoneNumberId)}/messages`;
    let res;
    try {
      res = await this.http.post<unknown>(
        url,
        { messaging_product: 'whatsapp', to, ...message },
        { headers: { authorization: `Bearer ${token}` } },
      );
    } catch (e) {
      throw new WhatsAppSendError(undefined, axios.isAxiosError(e) ? (e.code ?? e.message) : String(e), {
        retryable: true,
        hint: 'check WHATSAPP_GRAPH_API_URL and the network',
      });
    }
    const body = (res.data && typeof res.data === 'object' ? res.data : {}) as {
      messaging_product?: string;
      messages?: { id?: string }[];
      error?: { code?: number; message?: string; error_data?: { details?: string } };
    };
    const wamid = body.messages?.[0]?.id;
    if (res.status < 300 && body.messaging_product === 'whatsapp' && wamid) return wamid;

    const err = body.error;
    // Meta's error body is the only place with the reason (whatsapp-cloud.md §4.1): log it, redacted.
    this.logger.warn({
      msg: 'WhatsApp Cloud API refused a message',
      to: maskPhone(to),
      status: res.status,
      error: redact(err ?? (typeof res.data === 'string' ? res.data.slice(0, 200) : res.data)),
    });
    const code = err?.code;
    const reason = `${err?.message ?? `HTTP ${res.status}`}${err?.error_data?.details ? ` (${err.error_data.details})` : ''}`;
    if (code === undefined) {
      return Promise.reject(
        new WhatsAppSendError(undefined, reason, {
          retryable: res.status >= 500 || res.status === 429,
          status: res.status,
        }),
      );
    }
    if (AUTH.has(code)) {
      throw new WhatsAppSendError(code, reason, {
        retryable: false,
        status: res.status,
        hint: 'renew WHATSAPP_CLOUD_API_TOKEN (expired or invalid access token)',
      });
    }
    if (code === WA_OUTSIDE_WINDOW) {
      throw new WhatsAppSendError(code, reason, {
        retryable: false,
        status: res.status,
        hint: 'more than 24 h since the customer wrote; only a template or an agent can reach them',
      });
    }
    throw new WhatsAppSendError(code, reason, {
      retryable: BACK_OFF.has(code),
      status: res.status,
      hint: TEMPLATE_CONFIG.has(code)
        ? 'check WHATSAPP_REENGAGEMENT_TEMPLATE, its language and WHATSAPP_REENGAGEMENT_PARAMETERS against the approved template'
        : code === 10 || (code >= 200 && code < 300)
          ? 'check the app permissions for this number'
          : undefined,
    });
  }
}
