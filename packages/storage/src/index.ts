export type {
  BoardStorage,
  BoardRow,
  KeyHashes,
  StoredDoc,
  SnapshotInfo,
  NewSnapshot,
  AuditEntry,
  TrashEntry,
  TrashPerson,
  Account,
  NewAccount,
  BoardRole,
  BoardAccount,
} from './BoardStorage.ts'
export { SqliteStorage } from './SqliteStorage.ts'
export { PostgresStorage, type PostgresOptions } from './PostgresStorage.ts'
