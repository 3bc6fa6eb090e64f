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
