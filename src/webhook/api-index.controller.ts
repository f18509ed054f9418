import { Controller, Get } from '@nestjs/common';

export interface ApiIndex {
  name: string;
  description: string;
  endpoints: { method: 'GET' | 'POST'; path: string; description: string }[];
  docs: string;
}

const INDEX: ApiIndex = {
  name: 'namwoo',
  description: 'Shop assistant backend: WooCommerce catalog search and LLM answers through Support Board',
  endpoints: [
    { method: 'GET', path: '/api', description: 'this index' },
    {
      method: 'GET',
      path: '/api/health',
      description: '200 with the database state when it answers, 503 otherwise (for load balancers)',
    },
    {
      method: 'POST',
      path: '/api/sb-webhook',
      description:
        'Support Board webhook (message-sent); the secret key travels in the body (SUPPORT_BOARD_WEBHOOK_SECRET)',
    },
  ],
  docs: 'README.md and docs/ in the Namwoo repository',
};

/** `GET /api`: the address the app announces at start answers with what it serves instead of a 404. */
@Controller()
export class ApiIndexController {
  @Get()
  index(): ApiIndex {
    return INDEX;
  }
}
