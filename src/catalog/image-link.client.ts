import { Injectable, Logger } from '@nestjs/common';
import axios, { type AxiosInstance } from 'axios';
import { AppConfig } from '../config/app-config';

/** Whether a product image can be sent as an image message, and why not. */
export type ImageLinkCheck = { usable: true } | { usable: false; reason: string };

/** WhatsApp image messages take JPEG or PNG up to 5 MB (whatsapp-cloud.md §8); Messenger shows both as images. */
const TYPES = new Set(['image/jpeg', 'image/png']);
const MAX_BYTES = 5 * 1024 * 1024;

/** Formats WhatsApp refuses as image messages, known from the link alone (a WebP link ends in 131053, §8). */
const NOT_AN_IMAGE_MESSAGE = /\.(webp|gif|avif|svg|bmp|tiff?|heic)$/i;

/**
 * Checks a product image link before it is offered to a customer. Meta fetches links after accepting the message, so
 * a dead link, a login page or a WebP only fails later, in a status webhook the bot never sees (whatsapp-cloud.md §8
 * recipe): asking first is the only way to answer "no photo" honestly. HEAD first; servers that refuse HEAD get a
 * one-byte ranged GET. The link comes from the store's own catalog, never from a customer.
 *
 * Only a definite answer refuses a photo (an HTTP error, another content type, too large, a format WhatsApp does not
 * take). When the store's host cannot be reached from here at all (DNS, connection, timeout), Namwoo's network is not
 * Meta's: the photo is offered and Meta decides, and the text answer already carries the name and price.
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
    const path = pathOf(url);
    if (NOT_AN_IMAGE_MESSAGE.test(path))
      return this.refused(url, `${path.split('.').pop()} is not JPEG or PNG`);
    // Reserved example domains (RFC 2606) never resolve: nothing to ask (the demo catalog's photos live there).
    if (/^https?:\/\/([^/]+\.)?example\.(com|net|org)([:/]|$)/i.test(url)) return { usable: true };
    let res;
    try {
      res = await this.http.head(url);
      if (res.status === 405 || res.status === 501) {
        res = await this.http.get(url, { headers: { range: 'bytes=0-0' } });
      }
    } catch (e) {
      const reason = axios.isAxiosError(e) ? (e.code ?? e.message) : String(e);
      this.logger.debug({
        msg: 'product image link not reachable from here; offering it anyway',
        host: hostOf(url),
        reason,
      });
      return { usable: true };
    }
    (res.data as { destroy?: () => void } | undefined)?.destroy?.();
    if (res.status >= 300) return this.refused(url, `HTTP ${res.status}`);
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]
      .trim()
      .toLowerCase();
    if (!TYPES.has(type)) return this.refused(url, `content type ${type || 'missing'} (JPEG or PNG needed)`);
    const range = /\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''));
    const size = Number(range ? range[1] : res.status === 206 ? NaN : res.headers['content-length']);
    if (size > MAX_BYTES) return this.refused(url, `${size} bytes (5 MB at most)`);
    return { usable: true };
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

const pathOf = (url: string): string => {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
};
