import { useEffect, useState } from 'react'
import { createUserId, type Editor } from 'tldraw'
import type { BoardMeta, Role } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { LanguageSwitch } from '../../ui/LanguageSwitch.tsx'
import type { BoardConnection } from '../connection/useBoardConnection.ts'
import { useFacilitation } from '../BoardContext.ts'
import { fatalText } from '../connection/fatalText.ts'
import { FacilitatorTools, TimerView } from '../facilitation/Facilitation.tsx'
import { VotePanel } from '../voting/Voting.tsx'

interface Person {
  clientId: number
  id: string
  name: string
  color: string
  role?: string
}

function usePeople(connection: BoardConnection): Person[] {
  const aw = connection.provider.awareness
  const read = () =>
    [...aw.getStates().entries()]
      .filter(([, s]) => s?.user?.name)
      .map(([clientId, s]) => ({ clientId, ...(s.user as Omit<Person, 'clientId'>) }))
      .sort((a, b) => a.name.localeCompare(b.name))
  const [people, setPeople] = useState(read)
  useEffect(() => {
    const on = () => setPeople(read())
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

  const conn = { connected: t.connected, connecting: t.connecting, reconnecting: t.reconnecting, offline: t.offline }[connection.conn]
  const save = { saved: t.saved, saving: t.saving, unsent: t.notSaved }[connection.save]
  const roleText = role === 'facilitator' ? t.roleFacilitator : role === 'viewer' ? t.roleViewer : t.roleParticipant

  return (
    <header className="boardbar" aria-label="tavla">
      <div className="boardbar-left">
        <a className="brand small" href="/">
          tavla<span className="visually-hidden"> – {t.back}</span>
        </a>
        <h1 className="board-title">{meta.title}</h1>
        <span className="badge">{roleText}</span>
      </div>
      <div className="boardbar-mid">
        <TimerView facilitation={facilitation} />
        <VotePanel editor={editor} />
        <span className={`conn conn-${connection.conn}`} role="status" data-conn={connection.conn}>
          <span className="dot" aria-hidden="true" /> {conn}
        </span>
        <span className={`save save-${connection.save}`} role="status" data-save={connection.save}>
          {save}
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
        {role !== 'viewer' && editor && (
          <button type="button" onClick={() => editor.setCurrentTool('note')} aria-keyshortcuts="N" title={`${t.newNote} (N)`}>
            + {t.newNote}
          </button>
        )}
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
          <FacilitatorTools boardId={meta.id} boardKey={boardKey} facilitation={facilitation} editor={editor} me={me} doc={connection.doc} />
        )}
        <LanguageSwitch />
      </div>
    </header>
  )
}
