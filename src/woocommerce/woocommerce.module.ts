import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WooCommerceClient } from './woocommerce.client';
import { WooCommerceOrdersClient } from './woocommerce-orders.client';

/** The WooCommerce REST clients: catalog (sync pages, live look-ups) and orders (read-only, for order status). */
@Module({
  providers: [
    {
      provide: WooCommerceClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WooCommerceClient(config),
    },
    {
      provide: WooCommerceOrdersClient,
      inject: [WooCommerceClient, AppConfig],
      useFactory: (wc: WooCommerceClient, config: AppConfig) => new WooCommerceOrdersClient(wc, config),
    },
  ],
  exports: [WooCommerceClient, WooCommerceOrdersClient],
})
export class WooCommerceModule {}
