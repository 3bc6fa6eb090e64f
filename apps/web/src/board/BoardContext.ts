import { createContext, useContext, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { facilitationOf, readFacilitation, type FacilitationState } from '@tavla/board'

export interface BoardContextValue {
  doc: Y.Doc
  privateDoc: Y.Doc | null
  role: 'facilitator' | 'participant' | 'viewer'
}
export const BoardContext = createContext<BoardContextValue | null>(null)
export const useBoard = () => useContext(BoardContext)!

/** [D18] A session's exercise that is closed: participants read it, the facilitator still changes it. */
export const closedFor = (f: FacilitationState, role: BoardContextValue['role']): boolean => f.closed === true && role === 'participant'

/** Whether this role may change the board now: not a viewer, not locked ([R1]), not closed to it ([D18]). */
export const mayWrite = (f: FacilitationState, role: BoardContextValue['role']): boolean => role !== 'viewer' && f.locked !== true && !closedFor(f, role)

/** The facilitation state (read as [D12] says), re-rendering when the server changes it. */
export function useFacilitation(doc: Y.Doc): FacilitationState {
  const [value, setValue] = useState(() => readFacilitation(facilitationOf(doc)))
  useEffect(() => {
    const f = facilitationOf(doc)
    const on = () => setValue(readFacilitation(f))
    f.observe(on)
    on()
    return () => f.unobserve(on)
  }, [doc])
  return value
}

/** This person's dots for a vote, from their private part. */
export function useMyDots(privateDoc: Y.Doc | null, voteId: string | undefined): string[] {
  const [dots, setDots] = useState(() => myDots(privateDoc, voteId))
  useEffect(() => {
    setDots(myDots(privateDoc, voteId))
    if (!privateDoc) return
    const m = privateDoc.getMap('votes')
    const on = () => setDots(myDots(privateDoc, voteId))
    m.observe(on)
    return () => m.unobserve(on)
  }, [privateDoc, voteId])
  return dots
}
const myDots = (privateDoc: Y.Doc | null, voteId: string | undefined): string[] =>
  privateDoc && voteId ? ((privateDoc.getMap('votes').get(voteId) as string[] | undefined) ?? []) : []
