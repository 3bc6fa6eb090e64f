import { createHash } from 'node:crypto'

/** [S16] A snapshot's fingerprint: the SHA-256 of its stored bytes, lowercase hex. */
export const fingerprint = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

/** [S16] The message both databases' triggers refuse a change to a snapshot with. */
export const IMMUTABLE_SNAPSHOT = 'tavla: a snapshot cannot change once taken (delete it instead)'
