export { bindStore, schemaStatus, LOCAL_ORIGIN, type Binding, type BindOptions, type SchemaStatus } from './bindStore.ts'
export { bindPresence, type PresenceUser } from './presence.ts'
