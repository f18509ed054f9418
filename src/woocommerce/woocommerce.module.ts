import { Module } from '@nestjs/common';

/** The WooCommerce REST client (sync pages, live product and variation look-ups). */
@Module({})
export class WooCommerceModule {}
