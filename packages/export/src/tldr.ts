import * as Y from 'yjs'
import {
  authorsOf,
  backgroundOf,
  commentAuthorsOf,
  commentProblem,
  commentsOf,
  isNoteId,
  readCommentAuthor,
  readThemes,
  themeOfMap,
  THEME_ID,
  type CommentAuthor,
  type CommentValue,
  type Theme,
  facilitationOf,
  metaOf,
  migrateRecords,
  parseReactionKey,
  reactionsOf,
  readRecords,
  recordProblem,
  recordScope,
  recordsOf,
  serializedSchema,
  type BoardSeed,
  type NoteAuthor,
  type StoredRecord,
  type Zone,
} from '@tavla/board'

/**
 * The tldraw file format (`.tldr`): `{ tldrawFileFormatVersion: 1, schema, records }`, strict at
 * the top level, so what tavla needs to rebuild the board (title, template, zones, which records
 * are the template layer) rides in the document record's `meta.tavla`.
 */
export interface TldrFile {
  tldrawFileFormatVersion: 1
  schema: unknown
  records: StoredRecord[]
}

interface TavlaMeta {
  formatVersion: number
  title: string
  template: string
  zones: Zone[]
  background: string[]
  /** What the session decided beside the notes: reactions ([D9] keys) and the last closed vote. */
  session?: SessionOutcome
}

/** A board's reactions and the result of its last closed vote, carried through a file or a restore. */
export interface SessionOutcome {
  reactions: string[]
  /** [D11] The server's author record of the notes, so a restored board keeps who wrote what. */
  authors?: Record<string, NoteAuthor>
  vote?: Record<string, unknown>
  results?: Record<string, number>
  /** [D19] The board's themes, [D20] which note is in which, [D22] comments, [D23] who wrote them (never for an anonymous board). */
  themes?: Theme[]
  themeOf?: Record<string, string>
  comments?: Record<string, CommentValue>
  commentAuthors?: Record<string, CommentAuthor>
}

function outcomeOf(doc: Y.Doc): SessionOutcome {
  const f = facilitationOf(doc)
  const vote = f.get('vote') as Record<string, unknown> | undefined
  const closed = vote?.status === 'closed'
  const notes = new Set(readRecords(recordsOf(doc)).keys())
  const authors = Object.fromEntries([...authorsOf(doc).entries()].filter(([id]) => notes.has(id)))
  const themes = readThemes(doc)
  const themeOf: Record<string, string> = {}
  for (const [n, t] of themeOfMap(doc).entries()) if (isNoteId(n) && typeof t === 'string' && THEME_ID.test(t)) themeOf[n] = t
  const comments: Record<string, CommentValue> = {}
  for (const [k, v] of commentsOf(doc).entries()) if (!commentProblem(k, v)) comments[k] = v as CommentValue
  const anonymous = metaOf(doc).get('anonymous') === true
  const commentAuthors = anonymous
    ? {}
    : Object.fromEntries(
        [...commentAuthorsOf(doc).entries()].flatMap(([k, v]) => {
          const a = readCommentAuthor(v)
          return a && k in comments ? [[k, a] as const] : []
        }),
      )
  return {
    reactions: [...reactionsOf(doc).keys()].filter((k) => parseReactionKey(k)),
    ...(Object.keys(authors).length ? { authors } : {}),
    ...(themes.length ? { themes } : {}),
    ...(Object.keys(themeOf).length ? { themeOf } : {}),
    ...(Object.keys(comments).length ? { comments } : {}),
    ...(Object.keys(commentAuthors).length ? { commentAuthors } : {}),
    ...(closed ? { vote: { ...vote }, results: { ...((f.get('results') as Record<string, number> | undefined) ?? {}) } } : {}),
  }
}

/** Only what a board may hold: well-formed reaction keys, a closed vote, whole numbers of dots. */
function cleanOutcome(raw: unknown): SessionOutcome {
  const o = (raw ?? {}) as Partial<SessionOutcome>
  const reactions = Array.isArray(o.reactions) ? o.reactions.filter((k): k is string => typeof k === 'string' && !!parseReactionKey(k)).slice(0, 100_000) : []
  const vote = o.vote && typeof o.vote === 'object' && (o.vote as { status?: unknown }).status === 'closed' ? o.vote : undefined
  const results: Record<string, number> = {}
  if (vote && o.results && typeof o.results === 'object') {
    for (const [id, n] of Object.entries(o.results)) if (Number.isInteger(n) && n > 0 && n < 1_000_000) results[id] = n
  }
  const authors: Record<string, NoteAuthor> = {}
  if (o.authors && typeof o.authors === 'object') {
    for (const [id, a] of Object.entries(o.authors).slice(0, 100_000)) {
      const at = (a as NoteAuthor | null)?.at
      if (!id.startsWith('shape:') || !a || typeof a !== 'object' || !Number.isFinite(at)) continue
      const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined)
      const aid = text((a as NoteAuthor).id)
      const name = text((a as NoteAuthor).name)
      authors[id] = { at: at as number, ...(aid ? { id: aid } : {}), ...(name ? { name } : {}) }
    }
  }
  const withAuthors = { ...(Object.keys(authors).length ? { authors } : {}), ...cleanThemesAndComments(o) }
  return vote ? { reactions, vote, results, ...withAuthors } : { reactions, ...withAuthors }
}

export function toTldrFile(doc: Y.Doc): TldrFile {
  const meta = metaOf(doc)
  const background = readRecords(backgroundOf(doc))
  const records = readRecords(recordsOf(doc))
  const tavla: TavlaMeta = {
    formatVersion: Number(meta.get('formatVersion') ?? 1),
    title: String(meta.get('title') ?? ''),
    template: String(meta.get('template') ?? 'blank'),
    zones: (meta.get('zones') as Zone[] | undefined) ?? [],
    background: [...background.keys()],
    session: outcomeOf(doc),
  }
  const all = [...background.values(), ...records.values()].map((r) => {
    if (r.typeName !== 'document') return r
    const m = (r.meta as Record<string, unknown> | undefined) ?? {}
    return { ...r, meta: { ...m, tavla } }
  })
  return { tldrawFileFormatVersion: 1, schema: meta.get('schema'), records: all }
}

export class ImportError extends Error {}

/**
 * A board seed (and the participants' records) from a `.tldr` file: ours round-trips exactly;
 * a plain tldraw file becomes a board whose document and pages are the template layer. Records
 * are brought to this server's tldraw version; one that is still not valid fails the import
 * with its id and field ([D8]), unless `dropInvalid` (our own snapshots: keep what can be kept).
 */
export function fromTldrFile(
  file: unknown,
  fallbackTitle: string,
  opts: { dropInvalid?: boolean } = {},
): { seed: BoardSeed; records: StoredRecord[]; session: SessionOutcome } {
  const f = file as Partial<TldrFile> | null
  if (!f || typeof f !== 'object' || f.tldrawFileFormatVersion !== 1 || !Array.isArray(f.records) || !f.schema || typeof f.schema !== 'object') {
    throw new ImportError('This is not a tldraw file: it needs tldrawFileFormatVersion 1, a schema and a list of records.')
  }
  const records = f.records.filter((r): r is StoredRecord => !!r && typeof r === 'object' && typeof r.id === 'string' && typeof r.typeName === 'string')
  if (records.length !== f.records.length) throw new ImportError('Some records in the file have no id or typeName.')
  // [D2] a tldraw file carries the page's session records (camera, instance, …): they are not the board's
  const shared = records.filter((r) => recordScope(r.typeName) !== 'session' && recordScope(r.typeName) !== 'presence')
  const migrated = migrateRecords(shared, f.schema)
  if ('problem' in migrated) throw new ImportError(`This tldraw file cannot be read here: ${migrated.problem}.`)
  const scoped = migrated.records.filter((r) => {
    const problem = recordProblem(r)
    if (problem && !opts.dropInvalid) throw new ImportError(`A record in the file is not valid: ${problem}.`)
    return !problem
  })
  const docRecord = scoped.find((r) => r.typeName === 'document')
  const tavla = ((docRecord?.meta as Record<string, unknown> | undefined)?.tavla ?? undefined) as Partial<TavlaMeta> | undefined
  const bgIds = new Set(tavla?.background ?? scoped.filter((r) => r.typeName === 'document' || r.typeName === 'page').map((r) => r.id))
  const strip = (r: StoredRecord): StoredRecord => {
    if (r.typeName !== 'document') return r
    const { tavla: _drop, ...meta } = (r.meta as Record<string, unknown>) ?? {}
    return { ...r, meta }
  }
  return {
    seed: {
      title: (tavla?.title || fallbackTitle).slice(0, 200),
      template: tavla?.template ?? 'blank',
      schema: serializedSchema,
      zones: Array.isArray(tavla?.zones) ? tavla.zones : [],
      background: scoped.filter((r) => bgIds.has(r.id)).map(strip),
    },
    records: scoped.filter((r) => !bgIds.has(r.id)),
    session: cleanOutcome(tavla?.session),
  }
}

const LIMIT = 100_000

/** [D19]–[D23] Only well-formed themes, memberships, comments and comment authors from a file. */
function cleanThemesAndComments(o: Partial<SessionOutcome>): Partial<SessionOutcome> {
  const out: Partial<SessionOutcome> = {}
  if (Array.isArray(o.themes)) {
    const doc = new Y.Doc()
    const map = doc.getMap('themes')
    for (const t of o.themes.slice(0, LIMIT)) if (t && typeof t === 'object' && typeof (t as Theme).id === 'string') map.set((t as Theme).id, t)
    const themes = readThemes(doc)
    doc.destroy()
    if (themes.length) out.themes = themes
  }
  if (o.themeOf && typeof o.themeOf === 'object') {
    const themeOf: Record<string, string> = {}
    for (const [n, t] of Object.entries(o.themeOf as Record<string, unknown>).slice(0, LIMIT))
      if (isNoteId(n) && typeof t === 'string' && THEME_ID.test(t)) themeOf[n] = t
    if (Object.keys(themeOf).length) out.themeOf = themeOf
  }
  if (o.comments && typeof o.comments === 'object') {
    const comments: Record<string, CommentValue> = {}
    for (const [k, v] of Object.entries(o.comments).slice(0, LIMIT))
      if (!commentProblem(k, v)) comments[k] = { text: (v as CommentValue).text, at: (v as CommentValue).at }
    if (Object.keys(comments).length) out.comments = comments
    if (o.commentAuthors && typeof o.commentAuthors === 'object') {
      const authors: Record<string, CommentAuthor> = {}
      for (const [k, v] of Object.entries(o.commentAuthors).slice(0, LIMIT)) {
        const a = readCommentAuthor(v)
        // owner tags are of the board they were made on: a new board's identities are new
        if (a && k in comments && (a.id === undefined || a.id.length <= 200) && (a.name === undefined || a.name.length <= 200))
          authors[k] = { ...(a.id ? { id: a.id } : {}), ...(a.name ? { name: a.name } : {}), at: a.at }
      }
      if (Object.keys(authors).length) out.commentAuthors = authors
    }
  }
  return out
}
