// A session's live state on this page: the agenda read from the session document ([D17], written
// by the server alone), and presence across the session from the session room's awareness
// ([SE11]: every page says which exercise it shows beside its `user`).
import { useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readSession, sessionOf, type SessionState } from '@tavla/board'
import type { BoardConnection } from '../board/connection/useBoardConnection.ts'

/** `readSession` of the doc, read again on every change; `fallback` (the HTTP answer, [SE3]) until the doc holds one. */
export function useSessionState(doc: Y.Doc | null, fallback: SessionState | null): SessionState | null {
  const [live, setLive] = useState<SessionState | null>(null)
  useEffect(() => {
    if (!doc) return
    const map = sessionOf(doc)
    const on = () => setLive(map.size ? readSession(map) : null)
    map.observe(on)
    on()
    return () => map.unobserve(on)
  }, [doc])
  return live ?? fallback
}

export interface SessionPerson {
  clientId: number
  name: string
  color: string
  /** The exercise this person's page shows. */
  exercise: string | null
  self: boolean
}

type Awareness = BoardConnection['provider']['awareness']

const peopleOf = (aw: Awareness): SessionPerson[] =>
  [...aw.getStates().entries()]
    .filter(([, s]) => typeof s?.user?.name === 'string')
    .map(([clientId, s]) => ({
      clientId,
      name: s.user.name as string,
      color: typeof s.user.color === 'string' ? s.user.color : '#888',
      exercise: typeof s.exercise === 'string' ? s.exercise : null,
      self: clientId === aw.clientID,
    }))
    .sort((a, b) => a.name.localeCompare(b.name))

/**
 * Says who this page is and which exercise it shows ([SE11]), and lists everyone in the session.
 * `me` null (a page with no connection yet) says nothing.
 */
export function useSessionPresence(aw: Awareness | null, me: { name: string; color: string } | null, exercise: string | null): SessionPerson[] {
  const [people, setPeople] = useState<SessionPerson[]>([])
  const name = me?.name
  const color = me?.color
  useEffect(() => {
    if (!aw || name === undefined) return
    aw.setLocalStateField('user', { name, color })
    aw.setLocalStateField('exercise', exercise)
  }, [aw, name, color, exercise])
  useEffect(() => {
    if (!aw) return
    const on = () => setPeople(peopleOf(aw))
    aw.on('change', on)
    on()
    return () => aw.off('change', on)
  }, [aw])
  return people
}
