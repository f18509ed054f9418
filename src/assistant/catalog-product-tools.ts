import { Injectable } from '@nestjs/common';
import { CatalogSearchService } from '../catalog/catalog-search.service';
import type {
  LiveProductDetails,
  ProductIdentifierType,
  ProductSearchResult,
} from '../catalog/catalog.types';
import { LiveProductService } from '../catalog/live-product.service';
import { ProductTools } from './product-tools';

/** How many products one search hands the model: enough to choose from, few enough to keep the prompt small. */
const SEARCH_LIMIT = 8;

/** The LLM tools over the catalog services (hybrid search on the local copy; live details from WooCommerce). */
@Injectable()
export class CatalogProductTools extends ProductTools {
  constructor(
    private readonly catalog: CatalogSearchService,
    private readonly live: LiveProductService,
  ) {
    super();
  }

  searchLocalProducts(queryText: string, filterStock: boolean): Promise<ProductSearchResult[]> {
    return this.catalog.search(queryText, { inStockOnly: filterStock, limit: SEARCH_LIMIT });
  }

  getLiveProductDetails(
    identifier: string,
    identifierType: ProductIdentifierType,
  ): Promise<LiveProductDetails | null> {
    return this.live.get(identifier, identifierType);
  }
}
