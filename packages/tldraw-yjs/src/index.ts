export { bindStore, schemaStatus, LOCAL_ORIGIN, type Binding, type BindOptions, type SchemaStatus } from './bindStore.ts'
export { bindPresence, type PresenceUser } from './presence.ts'
export { isPlaceholder, PLACEHOLDER_META } from './placeholder.ts'
export { RecordsKV, isEntry, type KVEntry, type KVChange } from './RecordsKV.ts'
