import type { DataSource } from 'typeorm';
import { DatabaseStartupError } from '../../src/database/database.errors';
import { DatabaseService } from '../../src/database/database.service';

function serviceAnswering(rows: Record<string, { version: string }[]>): DatabaseService {
  const dataSource = {
    query: (sql: string) => Promise.resolve(sql.includes('pg_extension') ? rows.installed : rows.available),
  } as unknown as DataSource;
  return new DatabaseService(dataSource, 'postgres', undefined);
}

describe('DatabaseService.assertPgvector', () => {
  it('stops with an install hint when the server has no pgvector', async () => {
    const check = serviceAnswering({ installed: [], available: [] }).assertPgvector();
    await expect(check).rejects.toBeInstanceOf(DatabaseStartupError);
    await expect(check).rejects.toThrow(/no pgvector extension.*apt install postgresql-<version>-pgvector/);
  });

  it('refuses pgvector older than 0.7', async () => {
    await expect(
      serviceAnswering({ installed: [{ version: '0.5.1' }], available: [] }).assertPgvector(),
    ).rejects.toThrow(/0\.5\.1 is too old/);
  });

  it('accepts an installable or installed pgvector >= 0.7', async () => {
    await expect(
      serviceAnswering({ installed: [], available: [{ version: '0.8.0' }] }).assertPgvector(),
    ).resolves.toBeUndefined();
    await expect(
      serviceAnswering({ installed: [{ version: '0.7.4' }], available: [] }).assertPgvector(),
    ).resolves.toBeUndefined();
  });
});
