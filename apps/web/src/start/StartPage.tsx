import { useEffect, useState } from 'react'
import QRCode from 'qrcode'
import { ApiError, api, myBoards, mySessions, rememberBoard, type CreatedBoard, type CreatedSession, type TemplateSummary } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'
import { useCopy } from '../ui/useCopy.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { device } from '../device/device.ts'
import { ParamList, paramProblem } from './ParamList.tsx'
import { savedName, saveName } from '../board/connection/identity.ts'
import { SessionBuilder, SessionCreated } from './SessionBuilder.tsx'
import { LegalLinks } from '../legal/LegalLinks.tsx'
import { ServerBoards, SignInBar, useMe } from './ServerBoards.tsx'

/** Where the creation code the server asked for is kept in this browser. */

/** The page's own sentence for the server's creation refusals (SPEC [L6]–[L8]). */
const createErrors = (t: ReturnType<typeof useT>): Record<string, string> => ({
  create_token_required: t.createTokenNeeded,
  invalid_create_token: t.createTokenWrong,
  too_many_boards: t.tooManyBoards,
  import_too_large: t.importTooLarge,
})

export function StartPage() {
  const t = useT()
  const [templates, setTemplates] = useState<TemplateSummary[]>([])
  const [chosen, setChosen] = useState('golden-circle')
  const [title, setTitle] = useState('')
  const [anonymous, setAnonymous] = useState(false)
  // The facilitator's name, asked here once (the board they create does not ask again, issue 13)
  const [name, setName] = useState(savedName)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [created, setCreated] = useState<CreatedBoard | null>(null)
  const [mine, setMine] = useState(myBoards)
  // issue 14: one board (the flow above), or a workshop of several exercises built in SessionBuilder
  const [kind, setKind] = useState<'board' | 'session'>('board')
  const [createdSession, setCreatedSession] = useState<CreatedSession | null>(null)
  const [sessions, setSessions] = useState(mySessions)
  // [L7] a server with CREATE_TOKEN asks for it: the field shows once it has said so
  const [createToken, setCreateToken] = useState(() => device.get('createToken') ?? '')
  const [needToken, setNeedToken] = useState(() => !!device.get('createToken'))
  // [O8] sign-in, when the server has it
  const me = useMe()

  useEffect(() => {
    api.templates().then(setTemplates, (e) => setError(errorText(t, e)))
  }, [t])
  const template = templates.find((x) => x.id === chosen)
  // the lists typed for each template (kept when another template is looked at); defaults until then
  const [edits, setEdits] = useState<Record<string, Record<string, string[]>>>({})
  const params = Object.fromEntries((template?.params ?? []).map((p) => [p.id, edits[chosen]?.[p.id] ?? p.default]))
  const setParam = (id: string, value: string[]) => {
    setEdits((e) => ({ ...e, [chosen]: { ...e[chosen], [id]: value } }))
    setError('')
  }

  async function create(e: React.FormEvent) {
    e.preventDefault()
    const problem = (template?.params ?? []).map((p) => paramProblem(t, p, params[p.id] ?? [])).find(Boolean)
    if (problem) {
      setError(problem)
      return
    }
    setBusy(true)
    setError('')
    try {
      // only the lists that differ from the template's own go along
      const changed = Object.fromEntries(
        (template?.params ?? []).flatMap((p) => {
          const v = (params[p.id] ?? []).map((x) => x.trim()).filter(Boolean)
          return JSON.stringify(v) === JSON.stringify(p.default) ? [] : [[p.id, v]]
        }),
      )
      const b = await api.createBoard(
        {
          template: chosen,
          title: title.trim() || (template?.title[t.lang] ?? 'tavla'),
          anonymous,
          ...(Object.keys(changed).length ? { params: changed } : {}),
        },
        createToken.trim() || undefined,
      )
      if (createToken.trim()) device.set('createToken', createToken.trim())
      if (name.trim()) saveName(name.trim())
      rememberBoard(b)
      setMine(myBoards())
      setCreated(b)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : ''
      if (code === 'create_token_required' || code === 'invalid_create_token') {
        setNeedToken(true)
        device.set('createToken', null)
      }
      // [H3] the server's own sentence (Swedish) for a list it did not take
      setError(code === 'invalid_params' ? `${t.paramRefused}: ${(err as Error).message}` : (createErrors(t)[code] ?? errorText(t, err)))
    } finally {
      setBusy(false)
    }
  }

  // the facilitator's name and the creation code, asked the same way by both forms
  const nameField = (
    <label className="field">
      <span>{t.creatorName}</span>
      <input
        name="creatorName"
        value={name}
        onChange={(e) => setName(e.target.value)}
        maxLength={60}
        autoComplete="name"
        aria-describedby="creator-name-hint"
      />
      <span id="creator-name-hint" className="muted">
        {t.creatorNameHint}
      </span>
    </label>
  )
  const tokenField = needToken && (
    <label className="field">
      <span>{t.createTokenLabel}</span>
      <input name="createToken" type="password" autoComplete="off" value={createToken} onChange={(e) => setCreateToken(e.target.value)} required />
    </label>
  )
  const kindChoice = (
    <fieldset className="builder-kind">
      <legend>{t.startKind}</legend>
      {(['board', 'session'] as const).map((k) => (
        <label key={k} className={`builder-kind-option ${kind === k ? 'chosen' : ''}`} data-start-kind={k}>
          <input type="radio" name="startKind" value={k} checked={kind === k} onChange={() => setKind(k)} />
          <span className="template-title">{k === 'board' ? t.startBoard : t.startSession}</span>
          <span className="template-desc">{k === 'board' ? t.startBoardHint : t.startSessionHint}</span>
        </label>
      ))}
    </fieldset>
  )

  return (
    <div className="page start">
      <header className="topbar">
        <h1 className="brand">tavla</h1>
        <p className="tagline">{t.appTagline}</p>
        <LanguageSwitch />
        <SignInBar me={me} />
      </header>
      <main>
        {created ? (
          <Created board={created} onAnother={() => setCreated(null)} />
        ) : createdSession ? (
          <SessionCreated session={createdSession} onAnother={() => setCreatedSession(null)} />
        ) : (
          <div className="card builder-kind-card">{kindChoice}</div>
        )}
        {!created && !createdSession && kind === 'session' && (
          <SessionBuilder
            boards={templates}
            createToken={createToken}
            onTokenRefused={() => {
              setNeedToken(true)
              device.set('createToken', null)
            }}
            onTokenAccepted={() => {
              if (createToken.trim()) device.set('createToken', createToken.trim())
              if (name.trim()) saveName(name.trim())
            }}
            onCreated={(s) => {
              setSessions(mySessions())
              setCreatedSession(s)
            }}
          >
            {nameField}
            {tokenField}
          </SessionBuilder>
        )}
        {!created && !createdSession && kind === 'board' && (
          <form className="card" onSubmit={create} aria-labelledby="start-title">
            <h2 id="start-title">{t.startTitle}</h2>
            <fieldset className="templates">
              <legend>{t.chooseTemplate}</legend>
              {templates.map((tpl) => (
                <label key={tpl.id} className={`template ${tpl.id === chosen ? 'chosen' : ''}`} data-template={tpl.id}>
                  <input type="radio" name="template" value={tpl.id} checked={tpl.id === chosen} onChange={() => setChosen(tpl.id)} />
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own SVG (packages/templates preview.ts escapes every text) */}
                  <span className="preview" aria-hidden="true" dangerouslySetInnerHTML={{ __html: tpl.preview }} />
                  <span className="template-title">{tpl.title[t.lang]}</span>
                  <span className="template-desc">{tpl.description[t.lang]}</span>
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>{t.boardTitle}</span>
              <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} placeholder={t.boardTitlePlaceholder} maxLength={200} />
            </label>
            {nameField}
            {template?.params.map((p) => (
              <ParamList key={`${chosen}-${p.id}`} param={p} value={params[p.id] ?? p.default} onChange={(v) => setParam(p.id, v)} />
            ))}
            <label className="check">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t.anonymous}
            </label>
            {tokenField}
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            <button className="primary" type="submit" disabled={busy || !templates.length}>
              {busy ? t.creating : t.create}
            </button>
            {template && (
              <details className="guide">
                <summary>
                  {t.guide}: {template.title[t.lang]}
                </summary>
                <ol>
                  {template.guide.steps.map((s, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: a template's steps never change order
                    <li key={i}>
                      <strong>{s.title[t.lang]}</strong> ({s.minutes} {t.minutes}){s.text ? ` – ${s.text[t.lang]}` : ''}
                      {s.questions.length > 0 && (
                        <ul>
                          {s.questions.map((q, j) => (
                            // biome-ignore lint/suspicious/noArrayIndexKey: a step's questions never change order
                            <li key={j}>{q[t.lang]}</li>
                          ))}
                        </ul>
                      )}
                    </li>
                  ))}
                </ol>
              </details>
            )}
          </form>
        )}
        <ServerBoards me={me} refresh={created?.id ?? createdSession?.id ?? ''} />
        <section className="card" aria-labelledby="mine-sessions-title">
          <h2 id="mine-sessions-title">{t.mySessions}</h2>
          {sessions.length === 0 ? (
            <p>{t.noSessions}</p>
          ) : (
            <ul className="mine" data-my-sessions>
              {sessions.map((s) => (
                <li key={s.id}>
                  <a href={`/s/${encodeURIComponent(s.id)}?key=${encodeURIComponent(s.keys.facilitator)}`}>{s.title}</a>{' '}
                  <span className="muted">{new Date(s.createdAt).toLocaleString(t.locale)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">{t.myBoards}</h2>
          {mine.length === 0 ? (
            <p>{t.noBoards}</p>
          ) : (
            <ul className="mine">
              {mine.map((b) => (
                <li key={b.id}>
                  <a href={b.links.facilitator}>{b.title}</a> <span className="muted">{new Date(b.createdAt).toLocaleString(t.locale)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
      <footer className="page-footer">
        <LegalLinks />
      </footer>
    </div>
  )
}

function Created({ board, onAnother }: { board: CreatedBoard; onAnother: () => void }) {
  const t = useT()
  const [qr, setQr] = useState('')
  useEffect(() => {
    QRCode.toDataURL(board.links.participant, { margin: 1, width: 240 }).then(setQr)
  }, [board])
  return (
    <section className="card created" aria-labelledby="created-title">
      <h2 id="created-title">
        {t.created}: {board.title}
      </h2>
      <div className="links">
        {(['facilitator', 'participant', 'viewer'] as const).map((role) => (
          <LinkRow
            key={role}
            label={role === 'facilitator' ? t.linkFacilitator : role === 'participant' ? t.linkParticipant : t.linkViewer}
            url={board.links[role]}
            role={role}
          />
        ))}
      </div>
      {qr && (
        <figure className="qr">
          <img src={qr} alt={t.qrHint} width={200} height={200} />
          <figcaption>{t.qrHint}</figcaption>
        </figure>
      )}
      <p className="actions">
        <a className="button primary" href={board.links.facilitator}>
          {t.openBoard}
        </a>
        <button type="button" onClick={onAnother}>
          {t.startTitle}
        </button>
      </p>
    </section>
  )
}

function LinkRow({ label, url, role }: { label: string; url: string; role: string }) {
  const t = useT()
  const id = `link-${role}`
  const { copied, copy } = useCopy(url, id)
  return (
    <div className="link-row">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={url} onFocus={(e) => e.target.select()} data-link={role} />
      <button type="button" onClick={copy}>
        {copied ? t.copied : t.copy}
      </button>
    </div>
  )
}
