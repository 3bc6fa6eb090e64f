export type { BoardStorage, BoardRow, KeyHashes, StoredDoc, SnapshotInfo, NewSnapshot, AuditEntry, TrashEntry, TrashPerson } from './BoardStorage.ts'
export { SqliteStorage } from './SqliteStorage.ts'
export { PostgresStorage, type PostgresOptions } from './PostgresStorage.ts'
