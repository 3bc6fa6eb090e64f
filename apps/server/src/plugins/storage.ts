import { join } from 'node:path'
import { SqliteStorage, type BoardStorage } from '@tavla/storage'
import type { Config } from '../config.ts'

/** The storage backend the configuration asks for: Postgres with DATABASE_URL, else the SQLite file. */
export async function openStorage(config: Config): Promise<BoardStorage> {
  if (config.databaseUrl) {
    const { PostgresStorage } = (await import('@tavla/storage')) as unknown as { PostgresStorage?: { connect(url: string): Promise<BoardStorage> } }
    if (!PostgresStorage) throw new Error('DATABASE_URL is set, but this build has no Postgres backend.')
    return PostgresStorage.connect(config.databaseUrl)
  }
  return new SqliteStorage(join(config.dataDir, 'tavla.db'))
}
