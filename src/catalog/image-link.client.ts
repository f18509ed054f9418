import { Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { AppConfig } from '../config/app-config';

/** Whether a product image can be sent as an image message, and why not. */
export type ImageLinkCheck = { usable: true } | { usable: false; reason: string };

/** WhatsApp image messages take JPEG or PNG up to 5 MB (whatsapp-cloud.md §8); Messenger shows both as images. */
const TYPES = new Set(['image/jpeg', 'image/png']);
const MAX_BYTES = 5 * 1024 * 1024;

/**
 * Checks a product image link before it is offered to a customer. Meta fetches links after accepting the message, so
 * a dead link, a login page or a WebP only fails later, in a status webhook the bot never sees (whatsapp-cloud.md §8
 * recipe): asking first is the only way to answer "no photo" honestly. HEAD first; servers that refuse HEAD get a
 * one-byte ranged GET. The link comes from the store's own catalog, never from a customer.
 */
@Injectable()
export class ImageLinkClient {
  private readonly logger = new Logger('ProductImage');
  private readonly http: AxiosInstance;

  constructor(config: AppConfig) {
    this.http = axios.create({
      timeout: config.messaging.imageCheckTimeoutMs,
      validateStatus: () => true,
      maxRedirects: 3,
      responseType: 'stream',
    });
  }

  async check(url: string): Promise<ImageLinkCheck> {
    if (!/^https?:\/\//i.test(url)) return { usable: false, reason: 'not an http(s) link' };
    // Reserved example domains (RFC 2606) never resolve: the demo catalog's photos live there.
    if (/^https?:\/\/([^/]+\.)?example\.(com|net|org)([:/]|$)/i.test(url)) {
      return { usable: false, reason: 'an example.com placeholder' };
    }
    try {
      let res = await this.http.head(url);
      if (res.status === 405 || res.status === 501) {
        res = await this.http.get(url, { headers: { range: 'bytes=0-0' } });
      }
      (res.data as { destroy?: () => void } | undefined)?.destroy?.();
      if (res.status >= 300) return this.refused(url, `HTTP ${res.status}`);
      const type = String(res.headers['content-type'] ?? '')
        .split(';')[0]
        .trim()
        .toLowerCase();
      if (!TYPES.has(type))
        return this.refused(url, `content type ${type || 'missing'} (JPEG or PNG needed)`);
      const range = /\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
      const size = Number(range ? range[1] : res.status === 206 ? NaN : res.headers['content-length']);
      if (size > MAX_BYTES) return this.refused(url, `${size} bytes (5 MB at most)`);
      return { usable: true };
    } catch (e) {
      const reason = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      return this.refused(url, reason);
    }
  }

  private refused(url: string, reason: string): ImageLinkCheck {
    this.logger.warn({
      msg: 'product image cannot be sent; answering with text only',
      host: hostOf(url),
      reason,
    });
    return { usable: false, reason };
  }
}

const hostOf = (url: string): string => {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
};
