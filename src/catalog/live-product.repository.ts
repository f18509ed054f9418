import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { storedColumnsSql, toStoredProduct, type StockStatus, type StoredProduct } from './product-row';

/** Fresh figures for one cached row, from a live look-up. */
export interface PriceStockUpdate {
  wcId: number;
  price: number | null;
  regularPrice: number | null;
  salePrice: number | null;
  stockStatus: StockStatus;
  stockQuantity: number | null;
}

const COLUMNS = storedColumnsSql('products');

/** The product cache as seen by live look-ups: fallback reads, price/stock refresh, removal of gone products. */
@Injectable()
export class LiveProductRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findByWcId(wcId: number): Promise<StoredProduct | null> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${COLUMNS} FROM products WHERE wc_id = $1`,
      [wcId],
    );
    return rows[0] ? toStoredProduct(rows[0]) : null;
  }

  async findBySku(sku: string): Promise<StoredProduct | null> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${COLUMNS} FROM products WHERE sku = $1`,
      [sku],
    );
    return rows[0] ? toStoredProduct(rows[0]) : null;
  }

  async findVariations(parentWcId: number): Promise<StoredProduct[]> {
    const rows = await this.dataSource.query<Record<string, unknown>[]>(
      `SELECT ${COLUMNS} FROM products WHERE parent_wc_id = $1 ORDER BY wc_id`,
      [parentWcId],
    );
    return rows.map(toStoredProduct);
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
