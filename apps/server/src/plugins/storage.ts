import { join } from 'node:path'
import { PostgresStorage, SqliteStorage, type BoardStorage } from '@tavla/storage'
import type { Config } from '../config.ts'

/** The storage backend the configuration asks for: Postgres with DATABASE_URL, else the SQLite file. */
export async function openStorage(config: Config): Promise<BoardStorage> {
  if (config.databaseUrl) return PostgresStorage.connect(config.databaseUrl)
  return new SqliteStorage(join(config.dataDir, 'tavla.db'))
}
