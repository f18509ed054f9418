import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './src/config/app-config';
import { dataSourceOptions } from './src/database/data-source-options';

/**
 * DataSource for the TypeORM CLI (`npm run typeorm -- migration:show`, `migration:create migrations/Name`).
 * Needs DATABASE_URL: the embedded database is only reachable while the app runs it.
 */
const config = loadConfig();
if (!config.database.url) {
  throw new Error('The TypeORM CLI needs DATABASE_URL (the embedded database is served by the app itself).');
}
export default new DataSource(dataSourceOptions(config.database.url, 2));
