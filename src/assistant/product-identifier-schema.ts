/** The arguments of a tool about one product (live details, its photo): strict-mode schema, parsed in assistant-tools. */
export const PRODUCT_IDENTIFIER_PARAMETERS = {
  type: 'object',
  additionalProperties: false,
  required: ['product_identifier', 'identifier_type'],
  properties: {
    product_identifier: {
      type: 'string',
      description: 'The SKU or the wc_product_id from a search result.',
    },
    identifier_type: { type: 'string', enum: ['sku', 'wc_product_id'] },
  },
};
