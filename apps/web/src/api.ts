// The server's HTTP API (apps/server/SPEC.md) as the page uses it.
import type { AgendaAction, SessionState } from '@tavla/board'
import { device, forgetBoardOnDevice } from './device/device.ts'

/** [H5] the page's runtime settings. */
export interface PageConfig {
  tldrawLicenseKey?: string
  operatorName?: string
  accessibilityContact?: string
  retentionDays?: number
  historyKeep?: number
}

export type Localized = { sv: string; en: string }
export type Role = 'facilitator' | 'participant' | 'viewer'

export interface TemplateSummary {
  id: string
  title: Localized
  description: Localized
  preview: string
  guide: { steps: { title: Localized; minutes: number; text?: Localized; questions: Localized[] }[] }
  /** The template's list parameters (the areas of a grid, the actors of a ring), with their defaults. */
  params: TemplateParam[]
}
export interface TemplateParam {
  id: string
  label: Localized
  type: 'list'
  default: string[]
  min: number
  max: number
}
export interface CreatedBoard {
  id: string
  title: string
  template: string
  createdAt: string
  keys: Record<Role, string>
  links: Record<Role, string>
}
export interface BoardMeta {
  id: string
  title: string
  template: string
  createdAt: string
  role?: Role
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/** The response, or an ApiError carrying the server's code and its sentence for a person. */
async function send(path: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(path, init)
  if (!res.ok) {
    const body = await res.json().catch(() => ({}))
    throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
  }
  return res
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await send(path, init)
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T)
}

/** The key in a header rather than the URL, so it stays out of logs and the browser's history. */
const bearer = (key: string, init: RequestInit = {}): RequestInit => ({
  ...init,
  headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` },
})
const board = (id: string) => `/api/boards/${encodeURIComponent(id)}`

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

export const api = {
  templates: () => call<{ templates: TemplateSummary[] }>('/api/templates').then((r) => r.templates),
  /** [L7] with the server's CREATE_TOKEN when it asks for one (401 create_token_required). */
  createBoard: (body: { template: string; title: string; anonymous?: boolean; params?: Record<string, string[]> }, createToken?: string) =>
    call<CreatedBoard>('/api/boards', createToken ? bearer(createToken, json(body)) : json(body)),
  board: (id: string, key: string) => call<BoardMeta>(`/api/boards/${encodeURIComponent(id)}?key=${encodeURIComponent(key)}`),
  config: () => call<PageConfig>('/config.json'),
  facilitate: (id: string, key: string, body: Record<string, unknown>) =>
    call<{ facilitation: Record<string, unknown> }>(`/api/boards/${id}/facilitation?key=${encodeURIComponent(key)}`, json(body)),
  snapshot: (id: string, key: string, name?: string) =>
    call<{ id: string; name: string }>(`/api/boards/${id}/snapshots?key=${encodeURIComponent(key)}`, json(name ? { name } : {})),
  stateVector: (id: string, key: string) => call<{ sv: string }>(`/api/boards/${id}/state-vector?key=${encodeURIComponent(key)}`),
  // Session administration (SPEC [H9] [H13] [H14] [H15]), all with the facilitator key.
  snapshots: (id: string, key: string) => call<{ snapshots: SnapshotInfo[] }>(`${board(id)}/snapshots`, bearer(key)).then((r) => r.snapshots),
  /** One snapshot as a file (md report, csv, or the tldraw json). */
  /** The live board as a file ([H8]: md report, csv, or the tldraw json). */
  boardFile: (id: string, key: string, format: 'md' | 'csv' | 'json', lang: 'sv' | 'en') =>
    send(`${board(id)}/export?format=${format}&lang=${lang}`, bearer(key)).then((r) => r.blob()),
  snapshotFile: (id: string, key: string, sid: string, format: 'md' | 'csv' | 'json' | 'pdf' | 'archive', lang: 'sv' | 'en') =>
    send(`${board(id)}/snapshots/${encodeURIComponent(sid)}/export?format=${format}&lang=${lang}`, bearer(key)).then((r) => r.blob()),
  /** [H20] */
  deleteSnapshot: (id: string, key: string, sid: string) => call<void>(`${board(id)}/snapshots/${encodeURIComponent(sid)}`, bearer(key, { method: 'DELETE' })),
  restoreSnapshot: (id: string, key: string, sid: string) =>
    call<CreatedBoard>(`${board(id)}/snapshots/${encodeURIComponent(sid)}/restore`, bearer(key, { method: 'POST' })),
  /** [H18] The snapshot onto the live board (same links); `before` is the board as it was. */
  restoreInPlace: (id: string, key: string, sid: string) =>
    call<{ before: SnapshotInfo }>(`${board(id)}/snapshots/${encodeURIComponent(sid)}/restore?mode=in-place`, bearer(key, { method: 'POST' })),
  /** [T2] [T3] The trash of deleted notes, and putting one back. */
  trash: (id: string, key: string) => call<{ entries: TrashEntry[] }>(`${board(id)}/trash`, bearer(key)).then((r) => r.entries),
  restoreFromTrash: (id: string, key: string, noteId: string) =>
    call<{ restored: boolean; note: TrashEntry }>(`${board(id)}/trash/${encodeURIComponent(noteId)}/restore`, bearer(key, { method: 'POST' })),
  newParticipantKey: (id: string, key: string) =>
    call<{ key: string; link: string; disconnected: number }>(`${board(id)}/keys/participant`, bearer(key, { method: 'POST' })),
  /** [H13] Every current link of the board (null where an old board's link cannot be shown), and replacing one role's key. */
  /** [H24] how many notes wait in private parts while private mode is on */
  privateNotes: (id: string, key: string) => call<{ active: boolean; hidden: number; people: number }>(`${board(id)}/private`, bearer(key)),
  voters: (id: string, key: string) => call<{ vote: string | null; voters: number; present: number; parts: number }>(`${board(id)}/voters`, bearer(key)),
  links: (id: string, key: string) => call<{ links: Record<Role, string | null>; missing: Role[]; message?: string }>(`${board(id)}/links`, bearer(key)),
  replaceKey: (id: string, key: string, role: Role) =>
    call<{ role: Role; key: string; link: string; disconnected: number }>(`${board(id)}/keys/${role}`, bearer(key, { method: 'POST' })),
  /** [H19] The identity the server signs for this person on this board. */
  identity: (id: string, key: string, body: { name?: string; org?: string; identity?: string }) =>
    call<{ identity: string; id: string; name?: string; org?: string }>(`${board(id)}/identity`, bearer(key, json(body))),
  audit: (id: string, key: string) => call<{ entries: AuditEntry[] }>(`${board(id)}/audit`, bearer(key)).then((r) => r.entries),
  // Sessions (SPEC [SE3]–[SE5]): any key of the session reads it, the facilitator's changes it.
  session: (id: string, key: string) => call<SessionMeta>(`/api/sessions/${encodeURIComponent(id)}`, bearer(key)),
  /** [SE4] One agenda action. */
  agenda: (id: string, key: string, action: AgendaActionBody) =>
    call<{ session: SessionState }>(`/api/sessions/${encodeURIComponent(id)}/agenda`, bearer(key, json(action))),
  /** [SE5] Everyone to `to`, else to the exercise after the current one. */
  advance: (id: string, key: string, to?: string) =>
    call<{ session: SessionState }>(`/api/sessions/${encodeURIComponent(id)}/advance`, bearer(key, json(to ? { to } : {}))),
  deleteBoard: (id: string, key: string) => call<void>(board(id), bearer(key, { method: 'DELETE' })),
  /** [SE2] The server's session templates, every default filled in. */
  sessionTemplates: () => call<{ templates: SessionTemplate[] }>('/api/session-templates').then((r) => r.templates),
  /** [SE1] A session from the builder's agenda; [L7] with the server's CREATE_TOKEN when it asks for one. */
  createSession: (body: CreateSessionBody, createToken?: string) =>
    call<CreatedSession>('/api/sessions', createToken ? bearer(createToken, json(body)) : json(body)),
}

/** An exercise's tools as a session template or the builder writes them (board SPEC [D17]). */
export interface ExerciseToolsSpec {
  private?: boolean
  vote?: { dots: number; perNote?: number } | null
  edit?: 'participants' | 'facilitator'
}
/** [SE2] One exercise of a session template (the server's have every default filled in). */
export interface SessionTemplateExercise {
  kind?: 'template' | 'plain'
  /** The board template (absent or `blank` for a plain exercise). */
  template?: string
  title?: Localized
  params?: Record<string, string[]>
  minutes?: number
  prompt?: Localized
  tools?: ExerciseToolsSpec
}
/** [SE2] A session template: the server's, or one a facilitator saved (same format, packages/templates sessionSchema.ts). */
export interface SessionTemplate {
  schemaVersion?: 1
  id: string
  title: Localized
  description: Localized
  meetings: { title: Localized; exercises: SessionTemplateExercise[] }[]
}
/** [SE1] What the builder sends for one exercise. */
export interface ExerciseSpec {
  kind: 'template' | 'plain'
  template?: string
  title: string
  params?: Record<string, string[]>
  minutes: number
  prompt?: string
  tools: { private: boolean; vote: { dots: number; perNote?: number } | null; edit: 'participants' | 'facilitator' }
}
export interface MeetingSpec {
  title: string
  date: string | null
  exercises: ExerciseSpec[]
}
export interface CreateSessionBody {
  title: string
  meetings: MeetingSpec[]
  lang: 'sv' | 'en'
  anonymous?: boolean
  template?: string
}
/** [SE1] A new session: its links are `<base>/s/<id>?key=<key>`. */
export interface CreatedSession {
  id: string
  title: string
  createdAt: string
  keys: Record<Role, string>
  links: Record<Role, string>
  session?: unknown
}

/** [SE3] A session as any of its keys reads it. */
export interface SessionMeta {
  id: string
  title: string
  createdAt: string
  role: Role
  session: SessionState
}
/** An agenda action as the page sends it ([SE4]; the page adds no exercises or meetings, the start page's builder does). */
export type AgendaActionBody = Exclude<AgendaAction, { action: 'exercise.add' | 'meeting.add' }>

export interface SnapshotInfo {
  id: string
  name: string
  createdAt: string
  auto: boolean
  bytes: number
  /** [V5] The fingerprint: SHA-256 of the snapshot's stored bytes, 64 hex digits. */
  sha256: string
}
export interface TrashPerson {
  id?: string
  name?: string
  role?: string
}
export interface TrashEntry {
  noteId: string
  text: string
  color?: string
  author?: TrashPerson
  deletedBy?: TrashPerson
  deletedAt: string
  createdAt?: string
}
export interface AuditEntry {
  at: string
  action: string
  detail: Record<string, unknown>
}

/** Boards this browser created, with their links, for coming back (kept on the device, device.ts). */
export function myBoards(): CreatedBoard[] {
  const kept = device.json<CreatedBoard[]>('myBoards', [])
  return Array.isArray(kept) ? kept : []
}
export function rememberBoard(b: CreatedBoard): void {
  device.set('myBoards', JSON.stringify([b, ...myBoards().filter((x) => x.id !== b.id)].slice(0, 50)))
}
/** Forgets a deleted board on this device: its entry in "my boards" and everything else it kept (device.ts). */
export function forgetBoard(id: string): void {
  device.set('myBoards', JSON.stringify(myBoards().filter((x) => x.id !== id)))
  // every per-board key (link key, role, identity, reactor id, notes made here) and the local copies
  forgetBoardOnDevice(id)
}

/** Sessions this browser created, with their links, for coming back (kept on the device, device.ts). */
export function mySessions(): CreatedSession[] {
  const kept = device.json<CreatedSession[]>('mySessions', [])
  return Array.isArray(kept) ? kept : []
}
export function rememberSession(s: CreatedSession): void {
  const { id, title, createdAt, keys, links } = s
  device.set('mySessions', JSON.stringify([{ id, title, createdAt, keys, links }, ...mySessions().filter((x) => x.id !== id)].slice(0, 50)))
}
/** The facilitator's own session templates, kept in this browser ("Spara som egen mall"). */
export function myTemplates(): SessionTemplate[] {
  const kept = device.json<SessionTemplate[]>('sessionTemplates', [])
  return Array.isArray(kept) ? kept : []
}
/** Keeps one (replacing one of the same id); false when the browser refuses to store it. */
export function keepTemplate(tpl: SessionTemplate): boolean {
  return device.set('sessionTemplates', JSON.stringify([tpl, ...myTemplates().filter((x) => x.id !== tpl.id)].slice(0, 50)))
}
export function dropTemplate(id: string): void {
  device.set('sessionTemplates', JSON.stringify(myTemplates().filter((x) => x.id !== id)))
}
