import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SqliteStorage } from './SqliteStorage.ts'
import { storageContract } from './contract.ts'

const file = join(mkdtempSync(join(tmpdir(), 'tavla-sqlite-')), 'tavla.db')
storageContract('sqlite file', async () => new SqliteStorage(file), { reopen: async () => new SqliteStorage(file) })
