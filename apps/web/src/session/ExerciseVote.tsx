// [SE5] An exercise whose board was empty when it started opens no vote (people write first): the
// facilitator opens the exercise's vote, with its dots and per-note limit, with this one button
// (`vote.start` on the exercise's board, apps/server SPEC [H12]). Once the board's facilitation
// state says its vote is open (the page shows that board), the button gives way to saying so.
import { useEffect, useRef, useState } from 'react'
import type { Exercise } from '@tavla/board'
import { api } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'

export function ExerciseVote({
  exercise,
  sessionKey,
  voteOpen,
}: {
  exercise: Exercise
  sessionKey: string
  /** Whether the exercise's board has a vote open now; undefined when this page does not show that board. */
  voteOpen?: boolean
}) {
  const t = useT()
  const [said, setSaid] = useState<{ text: string; error?: boolean } | null>(null)
  const status = useRef<HTMLSpanElement>(null)
  const pressed = useRef(false)
  useEffect(() => {
    if (!voteOpen || !pressed.current) return
    pressed.current = false
    if (!document.activeElement || document.activeElement === document.body) status.current?.focus()
  }, [voteOpen])
  const vote = exercise.tools.vote
  if (!vote) return null
  const open = () => {
    pressed.current = true
    return api.facilitate(exercise.boardId, sessionKey, { action: 'vote.start', dots: vote.dots, ...(vote.perNote ? { perNote: vote.perNote } : {}) }).then(
      () => setSaid({ text: t.voteStarted }),
      (e: unknown) => setSaid({ text: errorText(t, e), error: true }),
    )
  }
  // the status stays mounted, so the change is heard; it takes the focus of the button it replaces
  return (
    <div className="exercise-vote" data-exercise-vote-open={voteOpen ? exercise.id : undefined}>
      {!voteOpen && (
        <button type="button" onClick={open} data-exercise-vote={exercise.id} title={t.voteReadyHint}>
          {t.voteReady(vote.dots)}
        </button>
      )}
      <span role="status" ref={status} tabIndex={-1} className={said?.error && !voteOpen ? 'error' : 'muted'}>
        {voteOpen ? t.voteStarted : (said?.text ?? '')}
      </span>
    </div>
  )
}
