import type { EnvironmentVariables } from './env.schema';

/** What fills one body parameter of the re-engagement template, in order (whatsapp-cloud.md §9). */
export interface TemplateParameter {
  source: 'first_name' | 'store_name';
  /** For templates created with named variables (`{{customer_name}}`): the `parameter_name` to send. */
  name: string | null;
}

export type ProductImageMode = 'off' | 'asked' | 'shown';

/** The customer-service window (whatsapp-cloud.md §10) and product photos (§8, support-board.md §7). */
export interface MessagingConfig {
  reengagement: {
    /** Approved WhatsApp template sent when the 24-hour window has closed; unset = only a note for the agents. */
    template: string | undefined;
    language: string;
    parameters: TemplateParameter[];
  };
  /** The window is treated as closed this long before Meta's 24 hours (clocks and queues differ). */
  windowMarginMs: number;
  /** off = never; asked = when the customer asks to see a product; shown = also when one product is shown. */
  productImages: ProductImageMode;
  imageCheckTimeoutMs: number;
}

export function messagingConfig(env: EnvironmentVariables): MessagingConfig {
  return {
    reengagement: {
      template: env.WHATSAPP_REENGAGEMENT_TEMPLATE,
      language: env.WHATSAPP_REENGAGEMENT_LANGUAGE ?? 'es',
      parameters: (env.WHATSAPP_REENGAGEMENT_PARAMETERS ?? '')
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => {
          const [name, source] = p.includes(':') ? p.split(':') : [null, p];
          return { source: source as TemplateParameter['source'], name };
        }),
    },
    windowMarginMs: (env.SERVICE_WINDOW_MARGIN_MINUTES ?? 10) * 60_000,
    productImages: env.PRODUCT_IMAGES ?? 'shown',
    imageCheckTimeoutMs: env.PRODUCT_IMAGE_CHECK_TIMEOUT_MS ?? 4_000,
  };
}
