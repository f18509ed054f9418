/** A database problem at start-up that the operator must fix; its message says what to do. */
export class DatabaseStartupError extends Error {
  override name = 'DatabaseStartupError';
}

export const PGVECTOR_INSTALL_HINT =
  'Install pgvector >= 0.7 on the database server (Debian/Ubuntu: apt install postgresql-<version>-pgvector; ' +
  'macOS: brew install pgvector; or build it from https://github.com/pgvector/pgvector), then restart Namwoo: ' +
  "its migration runs CREATE EXTENSION vector (needs a superuser, or ask your provider to enable 'vector'). " +
  'Or unset DATABASE_URL to use the embedded database.';
