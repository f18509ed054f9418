import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ProductAttribute, StockStatus } from './product.entity';

/** A cached product or variation row as live details need it. */
export interface CachedProductRow {
  wc_id: string;
  parent_wc_id: string | null;
  type: string;
  sku: string | null;
  name: string;
  price: string | null;
  regular_price: string | null;
  sale_price: string | null;
  stock_status: StockStatus;
  stock_quantity: number | null;
  permalink: string | null;
  attributes: ProductAttribute[];
  synced_at: Date;
}

/** Fresh figures for one cached row, from a live look-up. */
export interface PriceStockUpdate {
  wcId: number;
  price: number | null;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
}

const COLUMNS = `wc_id, parent_wc_id, type, sku, name, price, regular_price, sale_price, stock_status,
  stock_quantity, permalink, attributes, synced_at`;

/** The product cache as seen by live look-ups: fallback reads, price/stock refresh, removal of gone products. */
@Injectable()
export class LiveProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByWcId(wcId: number): Promise<CachedProductRow | null> {
    const rows = await this.dataSource.query<CachedProductRow[]>(
      `SELECT ${COLUMNS} FROM products WHERE wc_id = $1`,
      [wcId],
    );
    return rows[0] ?? null;
  }

  async findBySku(sku: string): Promise<CachedProductRow | null> {
    const rows = await this.dataSource.query<CachedProductRow[]>(
      `SELECT ${COLUMNS} FROM products WHERE sku = $1`,
      [sku],
    );
    return rows[0] ?? null;
  }

  async findVariations(parentWcId: number): Promise<CachedProductRow[]> {
    return this.dataSource.query<CachedProductRow[]>(
      `SELECT ${COLUMNS} FROM products WHERE parent_wc_id = $1 ORDER BY wc_id`,
      [parentWcId],
    );
  }

  /** Updates price and stock of the rows that are cached; rows not synced yet are left to the sync. */
  async refreshPriceStock(updates: PriceStockUpdate[]): Promise<number> {
    if (!updates.length) return 0;
    const result = await this.dataSource.query<[unknown[], number]>(
      `UPDATE products p
          SET price = u.price, regular_price = u.regular_price, sale_price = u.sale_price,
              stock_status = u.stock_status, stock_quantity = u.stock_quantity, updated_at = now()
         FROM jsonb_to_recordset($1::jsonb)
              AS u(wc_id bigint, price numeric, regular_price numeric, sale_price numeric,
                   stock_status text, stock_quantity int)
        WHERE p.wc_id = u.wc_id`,
      [
        JSON.stringify(
          updates.map((u) => ({
            wc_id: u.wcId,
            price: u.price,
            regular_price: u.regularPrice,
            sale_price: u.salePrice,
            stock_status: u.stockStatus,
            stock_quantity: u.stockQuantity,
          })),
        ),
      ],
    );
    return result[1];
  }

  /** Removes a product that left the store, with its variations. */
  async removeProduct(wcId: number): Promise<void> {
    await this.dataSource.query(`DELETE FROM products WHERE wc_id = $1 OR parent_wc_id = $1`, [wcId]);
  }
}
