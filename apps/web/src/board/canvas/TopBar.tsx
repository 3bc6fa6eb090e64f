// The board's top bar (issue 13 item 9): one row at any width and at 200 % zoom. What does not
// fit goes into "Mer"; what comes and goes (a vote, the attention banner, private mode's count,
// the offline explanation) floats under the bar over the canvas, so the canvas never moves.
import { useEffect, useState } from 'react'
import { createUserId, type Editor } from 'tldraw'
import type { BoardMeta, Role } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx'
import { LegalLinks } from '../../legal/LegalLinks.tsx'
import type { BoardConnection } from '../connection/useBoardConnection.ts'
import { useFacilitation } from '../BoardContext.ts'
import { fatalText } from '../connection/fatalText.ts'
import { FacilitatorTools, TimerView } from '../facilitation/Facilitation.tsx'
import { AttentionBanner, PrivateCount } from '../facilitation/Attention.tsx'
import { VotePanel, VoterCount } from '../voting/Voting.tsx'

interface Person {
  clientId: number
  id: string
  name: string
  color: string
  role?: string
}

const peopleOf = (aw: BoardConnection['provider']['awareness']): Person[] =>
  [...aw.getStates().entries()]
    .filter(([, s]) => s?.user?.name)
    .map(([clientId, s]) => ({ clientId, ...(s.user as Omit<Person, 'clientId'>) }))
    .sort((a, b) => a.name.localeCompare(b.name))

function usePeople(connection: BoardConnection): Person[] {
  const aw = connection.provider.awareness
  const [people, setPeople] = useState(() => peopleOf(aw))
  useEffect(() => {
    const on = () => setPeople(peopleOf(aw))
    aw.on('change', on)
    return () => aw.off('change', on)
  }, [aw])
  return people
}

export function TopBar({
  meta,
  boardKey,
  connection,
  editor,
  me,
  role,
  listOpen,
  onToggleList,
}: {
  meta: BoardMeta
  boardKey: string
  connection: BoardConnection
  editor: Editor | null
  me: { id: string; name: string }
  role: Role
  listOpen?: boolean
  onToggleList?: () => void
}) {
  const t = useT()
  const people = usePeople(connection)
  const [following, setFollowing] = useState<string | null>(null)
  const facilitation = useFacilitation(connection.doc)
  useEffect(() => {
    if (editor) editor.user.updateUserPreferences({ locale: t.lang })
  }, [t.lang, editor])

  const connected = connection.conn === 'connected'
  const conn = { connected: t.connected, connecting: t.connecting, reconnecting: t.reconnecting, offline: t.statusOfflineShort }[connection.conn]
  const save = { saved: t.saved, saving: t.saving, unsent: t.notSaved }[connection.save]
  // One state at a time: while the connection is away that is all there is to say (what is not
  // sent yet waits on this device); once connected, whether everything is saved.
  const statusText = connected ? save : conn
  const roleText = role === 'facilitator' ? t.roleFacilitator : role === 'viewer' ? t.roleViewer : t.roleParticipant
  const newNote = role !== 'viewer' && editor && (
    <button type="button" onClick={() => editor.setCurrentTool('note')} aria-keyshortcuts="N" title={`${t.newNote} (N)`}>
      + {t.newNote}
    </button>
  )

  return (
    <header className="boardbar" data-boardbar>
      <div className="boardbar-left">
        <a className="brand small" href="/">
          tavla<span className="visually-hidden"> – {t.back}</span>
        </a>
        <h1 className="board-title" title={meta.title}>
          {meta.title}
        </h1>
        <span className="badge boardbar-wide">{roleText}</span>
      </div>
      <div className="boardbar-mid">
        <TimerView facilitation={facilitation} />
        <span
          className={`conn conn-${connection.conn} ${connected ? `save-${connection.save}` : ''}`}
          role="status"
          data-conn={connection.conn}
          data-save={connected ? connection.save : undefined}
          data-status
          title={connection.conn === 'offline' ? t.statusOffline : statusText}
        >
          <span className="dot" aria-hidden="true" /> <span className="conn-text">{statusText}</span>
          {connection.conn === 'offline' && <span className="visually-hidden">{t.statusOffline.slice(t.statusOfflineShort.length)}</span>}
        </span>
        {connection.fatal && (
          <span className="error" role="alert">
            {fatalText(t, connection.fatal)}
          </span>
        )}
      </div>
      <div className="boardbar-right">
        {onToggleList && (
          <button
            type="button"
            className="list-toggle"
            aria-pressed={!!listOpen}
            aria-controls={listOpen ? 'listview' : undefined}
            onClick={onToggleList}
            data-list-toggle
          >
            {t.listView}
          </button>
        )}
        {newNote && <span className="boardbar-wide">{newNote}</span>}
        <details className="people">
          <summary>
            {t.whoIsHere} ({people.length})
          </summary>
          <ul aria-label={t.whoIsHere}>
            {people.map((p) => (
              <li key={p.clientId} data-person={p.name}>
                <span className="swatch" style={{ background: p.color }} aria-hidden="true" /> {p.name}
                {p.id === me.id ? ` (${t.you})` : ''}
                {p.id !== me.id && editor && (
                  <button
                    type="button"
                    onClick={() => {
                      if (following === p.id) {
                        editor.stopFollowingUser()
                        setFollowing(null)
                      } else {
                        editor.startFollowingUser(createUserId(p.id))
                        setFollowing(p.id)
                      }
                    }}
                  >
                    {following === p.id ? t.stopFollowing : t.follow}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </details>
        {role === 'facilitator' && (
          <FacilitatorTools
            boardId={meta.id}
            boardKey={boardKey}
            facilitation={facilitation}
            editor={editor}
            me={me}
            doc={connection.doc}
            template={meta.template}
          />
        )}
        <details className="more" data-more>
          <summary>{t.more}</summary>
          <div className="more-panel">
            <p>
              {t.youAre}: <span className="badge">{roleText}</span>
            </p>
            {newNote && <p className="boardbar-narrow">{newNote}</p>}
            <LanguageSwitch />
            <LegalLinks newTab />
          </div>
        </details>
      </div>
      <div className="boardbar-float">
        <VotePanel editor={editor} />
        {connection.conn === 'offline' && (
          <p className="float-note" aria-hidden="true" data-offline-note>
            {t.statusOffline}
          </p>
        )}
        {/* [H22] "N av M har röstat" stays in sight while the vote is open, tools open or not */}
        {role === 'facilitator' && facilitation.vote?.status === 'open' && <VoterCount boardId={meta.id} boardKey={boardKey} voteId={facilitation.vote.id} />}
        {role === 'facilitator' && <PrivateCount boardId={meta.id} boardKey={boardKey} facilitation={facilitation} />}
        {editor && <AttentionBanner editor={editor} doc={connection.doc} role={role} />}
      </div>
    </header>
  )
}
