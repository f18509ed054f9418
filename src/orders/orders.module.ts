import { Module } from '@nestjs/common';
import { WooCommerceModule } from '../woocommerce/woocommerce.module';
import { OrderLookupRepository } from './order-lookup.repository';
import { OrderStatusService } from './order-status.service';

/** Order status for customers ("¿dónde está mi pedido?"): identity rules over WooCommerce's orders. */
@Module({
  imports: [WooCommerceModule],
  providers: [OrderStatusService, OrderLookupRepository],
  exports: [OrderStatusService],
})
export class OrdersModule {}
