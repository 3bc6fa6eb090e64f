export type { BoardStorage, BoardRow, KeyHashes, StoredDoc } from './BoardStorage.ts'
export { SqliteStorage } from './SqliteStorage.ts'
