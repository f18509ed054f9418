import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { numericTransformer } from '../database/transformers';

export type StockStatus = 'instock' | 'outofstock' | 'onbackorder';

export interface ProductTerm {
  id: number;
  name: string;
  slug: string;
}

/** A product attribute; for variations `options` holds the one chosen value. */
export interface ProductAttribute {
  name: string;
  options: string[];
  variation: boolean;
}

/**
 * The local copy of one WooCommerce product or variation (`parentWcId` set). Prices are numerics (NULL when
 * WooCommerce sends ""), SKU is NULL when WooCommerce sends "" so the unique index only covers real SKUs.
 */
@Entity({ name: 'products' })
export class Product {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index({ unique: true })
  @Column({ name: 'wc_id', type: 'bigint', transformer: numericTransformer })
  wcId!: number;

  @Index()
  @Column({ name: 'parent_wc_id', type: 'bigint', nullable: true, transformer: numericTransformer })
  parentWcId!: number | null;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text', nullable: true })
  sku!: string | null;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  slug!: string | null;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ name: 'short_description', type: 'text', default: '' })
  shortDescription!: string;

  @Column({ type: 'numeric', precision: 14, scale: 2, nullable: true, transformer: numericTransformer })
  price!: number | null;

  @Column({
    name: 'regular_price',
    type: 'numeric',
    precision: 14,
    scale: 2,
    nullable: true,
    transformer: numericTransformer,
  })
  regularPrice!: number | null;

  @Column({
    name: 'sale_price',
    type: 'numeric',
    precision: 14,
    scale: 2,
    nullable: true,
    transformer: numericTransformer,
  })
  salePrice!: number | null;

  @Column({ name: 'stock_status', type: 'text', default: 'instock' })
  stockStatus!: StockStatus;

  @Column({ name: 'stock_quantity', type: 'integer', nullable: true })
  stockQuantity!: number | null;

  @Column({ name: 'manage_stock', type: 'boolean', default: false })
  manageStock!: boolean;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  categories!: ProductTerm[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  tags!: ProductTerm[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  attributes!: ProductAttribute[];

  @Column({ type: 'text', nullable: true })
  permalink!: string | null;

  @Column({ name: 'image_url', type: 'text', nullable: true })
  imageUrl!: string | null;

  /** The text that was embedded and indexed (name, SKU, categories, tags, attributes, description). */
  @Column({ name: 'search_text', type: 'text', default: '' })
  searchText!: string;

  @Column({ type: 'vector', nullable: true, select: false })
  embedding!: number[] | null;

  @Column({ name: 'embedding_model', type: 'text', nullable: true })
  embeddingModel!: string | null;

  @Column({ name: 'search_vector', type: 'tsvector', nullable: true, select: false })
  searchVector!: string | null;

  /** sha256 of `searchText` + embedding model: decides what needs (re-)embedding. */
  @Column({ name: 'content_hash', type: 'text', nullable: true })
  contentHash!: string | null;

  @Column({ name: 'wc_modified_at', type: 'timestamptz', nullable: true })
  wcModifiedAt!: Date | null;

  @Column({ name: 'synced_at', type: 'timestamptz', default: () => 'now()' })
  syncedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
