export type { BoardStorage, BoardRow, KeyHashes, StoredDoc, SnapshotInfo } from './BoardStorage.ts'
export { SqliteStorage } from './SqliteStorage.ts'
