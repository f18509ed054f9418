import { Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { WooCommerceClient } from './woocommerce.client';

/** The WooCommerce REST client (sync pages, live product and variation look-ups). */
@Module({
  providers: [
    {
      provide: WooCommerceClient,
      inject: [AppConfig],
      useFactory: (config: AppConfig) => new WooCommerceClient(config),
    },
  ],
  exports: [WooCommerceClient],
})
export class WooCommerceModule {}
