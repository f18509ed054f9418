import { parseTextToolCall, parseToolCall, TOOL_DEFINITIONS } from '../../src/assistant/assistant-tools';

describe('assistant tools', () => {
  it('declares strict schemas: no extra properties, every property required', () => {
    for (const tool of TOOL_DEFINITIONS) {
      const params = tool.function.parameters as {
        additionalProperties: boolean;
        required: string[];
        properties: object;
      };
      expect(tool.function.strict).toBe(true);
      expect(params.additionalProperties).toBe(false);
      expect([...params.required].sort()).toEqual(Object.keys(params.properties).sort());
    }
  });

  it.each([
    [
      'search_local_products',
      '{"query_text":"licuadora","filter_stock":null}',
      {
        tool: 'search',
        queryText: 'licuadora',
        filterStock: true,
        filters: { minPrice: null, maxPrice: null, sort: null },
      },
    ],
    [
      'search_local_products',
      '{"query_text":" nevera ","filter_stock":false}',
      {
        tool: 'search',
        queryText: 'nevera',
        filterStock: false,
        filters: { minPrice: null, maxPrice: null, sort: null },
      },
    ],
    [
      'search_local_products',
      '{"query_text":"televisor","filter_stock":true,"min_price":null,"max_price":500,"sort":"price_asc"}',
      {
        tool: 'search',
        queryText: 'televisor',
        filterStock: true,
        filters: { minPrice: null, maxPrice: 500, sort: 'price_asc' },
      },
    ],
    [
      'get_live_product_details',
      '{"product_identifier":1207,"identifier_type":"wc_product_id"}',
      { tool: 'live', identifier: '1207', identifierType: 'wc_product_id' },
    ],
    [
      'get_live_product_details',
      '{"product_identifier":"OST-600","identifier_type":"sku"}',
      { tool: 'live', identifier: 'OST-600', identifierType: 'sku' },
    ],
  ])('accepts %s %s', (name, args, expected) => {
    expect(parseToolCall(name, args)).toEqual(expected);
  });

  it.each([
    ['search_local_products', '{"query_text": "licuad', /not valid JSON/],
    ['search_local_products', '{"query_text":""}', /query_text/],
    ['search_local_products', '{"query_text":"x","filter_stock":"yes"}', /filter_stock/],
    ['search_local_products', '{"query_text":"x","max_price":"500"}', /max_price/],
    ['search_local_products', '{"query_text":"x","min_price":-1}', /min_price/],
    ['search_local_products', '{"query_text":"x","sort":"cheapest"}', /sort/],
    [
      'get_live_product_details',
      '{"product_identifier":"OST-600","identifier_type":"name"}',
      /identifier_type/,
    ],
    [
      'get_live_product_details',
      '{"product_identifier":"OST-600","identifier_type":"wc_product_id"}',
      /is a number/,
    ],
    ['delete_everything', '{}', /unknown tool/],
    ['search_local_products', '[1,2]', /JSON object/],
  ])('turns a bad call into an error the model can read: %s %s', (name, args, message) => {
    const parsed = parseToolCall(name, args);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('recognises a tool call a local model wrote as text, and nothing else', () => {
    expect(
      parseTextToolCall(
        '```json\n{"name":"search_local_products","arguments":{"query_text":"tv","filter_stock":true}}\n```',
      ),
    ).toEqual({
      name: 'search_local_products',
      arguments: '{"query_text":"tv","filter_stock":true}',
    });
    expect(
      parseTextToolCall(
        '{"name":"get_live_product_details","parameters":{"product_identifier":"A1","identifier_type":"sku"}}',
      )?.name,
    ).toBe('get_live_product_details');
    expect(parseTextToolCall('La licuadora cuesta $45.00')).toBeNull();
    expect(parseTextToolCall('{"name":"rm_rf","arguments":{}}')).toBeNull();
  });
});
