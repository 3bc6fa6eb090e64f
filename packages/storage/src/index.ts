export type { BoardStorage, BoardRow, KeyHashes, StoredDoc, SnapshotInfo, AuditEntry } from './BoardStorage.ts'
export { SqliteStorage } from './SqliteStorage.ts'
