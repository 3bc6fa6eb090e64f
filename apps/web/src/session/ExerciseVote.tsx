// [SE5] An exercise whose board was empty when it started opens no vote (people write first): the
// facilitator opens the exercise's vote, with its dots and per-note limit, with this one button
// (`vote.start` on the exercise's board, apps/server SPEC [H12]).
import { useState } from 'react'
import type { Exercise } from '@tavla/board'
import { api } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'

export function ExerciseVote({ exercise, sessionKey }: { exercise: Exercise; sessionKey: string }) {
  const t = useT()
  const [said, setSaid] = useState<{ text: string; error?: boolean } | null>(null)
  const vote = exercise.tools.vote
  if (!vote) return null
  const open = () =>
    api.facilitate(exercise.boardId, sessionKey, { action: 'vote.start', dots: vote.dots, ...(vote.perNote ? { perNote: vote.perNote } : {}) }).then(
      () => setSaid({ text: t.voteStarted }),
      (e: unknown) => setSaid({ text: errorText(t, e), error: true }),
    )
  return (
    <div className="exercise-vote">
      <button type="button" onClick={open} data-exercise-vote={exercise.id} title={t.voteReadyHint}>
        {t.voteReady(vote.dots)}
      </button>
      <span role="status" className={said?.error ? 'error' : 'muted'}>
        {said?.text ?? ''}
      </span>
    </div>
  )
}
