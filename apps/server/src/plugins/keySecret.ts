// [K1] The server secret board keys and identities are derived under: KEY_SECRET, or a file in
// the data folder made on first start. It belongs in every backup of the data folder: without it
// the links still open their boards (the server keeps a hash of each key) but cannot be shown again.
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, type Config } from '../config.ts'

export const KEY_SECRET_FILE = 'key-secret'

export function loadKeySecret(config: Pick<Config, 'keySecret' | 'dataDir'>): Buffer {
  if (config.keySecret) return Buffer.from(config.keySecret, 'utf8')
  const path = join(config.dataDir, KEY_SECRET_FILE)
  const read = (): Buffer => {
    const s = readFileSync(path, 'utf8').trim()
    if (s.length < 32) throw new ConfigError(`${path} must hold at least 32 characters; it holds ${s.length}. Restore it from a backup or set KEY_SECRET.`)
    return Buffer.from(s, 'utf8')
  }
  try {
    return read()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
  mkdirSync(config.dataDir, { recursive: true })
  try {
    // 'wx': two processes starting at once on one folder: one writes, the other reads it
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(path, 0o600)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
  return read()
}
