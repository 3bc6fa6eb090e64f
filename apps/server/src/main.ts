// Entry point: configuration from the environment → buildApp → listen. The only place that exits.
import { ConfigError, loadConfig } from './config.ts'
import { buildApp } from './app.ts'

let config: ReturnType<typeof loadConfig>
try {
  config = loadConfig()
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`tavla: configuration error: ${err.message}`)
    process.exit(2)
  }
  throw err
}

const { app } = await buildApp({ config })
try {
  await app.listen({ port: config.port, host: config.host })
} catch (err) {
  console.error(`tavla: cannot listen on ${config.host}:${config.port}: ${(err as Error).message}`)
  process.exit(1)
}
const addr = app.server.address()
const port = typeof addr === 'object' && addr ? addr.port : config.port
const shown = config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`
console.log(`tavla is running: open ${shown} (boards are stored in ${config.dataDir})`)

let stopping = false
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down: writing every open board first')
    app
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        console.error('tavla: shutdown failed', err)
        process.exit(1)
      })
  })
}
