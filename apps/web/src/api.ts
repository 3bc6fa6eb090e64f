// The server's HTTP API (apps/server/SPEC.md) as the page uses it.
export type Localized = { sv: string; en: string }
export type Role = 'facilitator' | 'participant' | 'viewer'

export interface TemplateSummary {
  id: string
  title: Localized
  description: Localized
  preview: string
  guide: { steps: { title: Localized; minutes: number; text?: Localized; questions: Localized[] }[] }
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

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, init)
  if (!res.ok) {
    const body = await res.json().catch(() => ({}))
    throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T)
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

export const api = {
  templates: () => call<{ templates: TemplateSummary[] }>('/api/templates').then((r) => r.templates),
  createBoard: (body: { template: string; title: string; anonymous?: boolean }) => call<CreatedBoard>('/api/boards', json(body)),
  board: (id: string, key: string) => call<BoardMeta>(`/api/boards/${encodeURIComponent(id)}?key=${encodeURIComponent(key)}`),
  config: () => call<{ tldrawLicenseKey?: string }>('/config.json'),
  facilitate: (id: string, key: string, body: Record<string, unknown>) => call<{ facilitation: Record<string, unknown> }>(`/api/boards/${id}/facilitation?key=${encodeURIComponent(key)}`, json(body)),
  snapshot: (id: string, key: string, name?: string) => call<{ id: string; name: string }>(`/api/boards/${id}/snapshots?key=${encodeURIComponent(key)}`, json(name ? { name } : {})),
  stateVector: (id: string, key: string) => call<{ sv: string }>(`/api/boards/${id}/state-vector?key=${encodeURIComponent(key)}`),
}

/** Boards this browser created, with their links, for coming back (kept in localStorage). */
const MINE = 'tavla.myBoards'
export function myBoards(): CreatedBoard[] {
  try {
    return JSON.parse(localStorage.getItem(MINE) ?? '[]') as CreatedBoard[]
  } catch {
    return []
  }
}
export function rememberBoard(b: CreatedBoard): void {
  localStorage.setItem(MINE, JSON.stringify([b, ...myBoards().filter((x) => x.id !== b.id)].slice(0, 50)))
}
