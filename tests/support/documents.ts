// Debian's tools for reading what the report routes write, installed when missing as our other
// services are (CI machines start with Node and npm only): poppler-utils (pdftotext, pdfinfo,
// pdftoppm), libxml2-utils (xmllint) and LibreOffice Writer without its GUI (soffice --headless, for the .docx). Test
// files run in parallel workers: when apt's lock fails one install, it waits for the other.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDebianPackage } from './redis.ts'

const INSTALL_TIMEOUT_MS = 300_000

async function ensure(bin: string, pkg: string): Promise<void> {
  const t0 = Date.now()
  for (;;) {
    try {
      ensureDebianPackage(bin, pkg)
      if (existsSync(bin)) return
      throw new Error(`${bin} is missing after installing ${pkg}`)
    } catch (err) {
      if (Date.now() - t0 > INSTALL_TIMEOUT_MS) throw err
      for (const until = Date.now() + 5_000; Date.now() < until && !existsSync(bin); ) await new Promise((r) => setTimeout(r, 250))
      if (existsSync(bin)) return
    }
  }
}

export const ensurePoppler = () => ensure('/usr/bin/pdftotext', 'poppler-utils')
// the -nogui package: Writer and the headless converter, without the desktop (about 30 s to install)
export const ensureLibreOffice = () => ensure('/usr/bin/soffice', 'libreoffice-writer-nogui')

// libxml2's xmllint: a second, namespace-aware parser for the archive's METS, Dublin Core and PREMIS
export const ensureXmllint = () => ensure('/usr/bin/xmllint', 'libxml2-utils')

export function run(bin: string, args: string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((res, rej) =>
    execFile(bin, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) =>
      err ? rej(new Error(`${bin} ${args.join(' ')}: ${err.message}\n${stderr}`)) : res(stdout),
    ),
  )
}

/**
 * A .docx converted by LibreOffice headless to plain text. Its own profile directory, so two
 * conversions at once (or a LibreOffice someone has open) do not meet.
 */
export async function docxText(file: string, outDir: string): Promise<string> {
  const profile = mkdtempSync(join(tmpdir(), 'tavla-lo-'))
  await run(
    '/usr/bin/soffice',
    [`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'txt:Text (encoded):UTF8', '--outdir', outDir, file],
    180_000,
  )
  return readFileSync(
    join(
      outDir,
      file
        .split('/')
        .pop()!
        .replace(/\.docx$/, '.txt'),
    ),
    'utf8',
  )
}
