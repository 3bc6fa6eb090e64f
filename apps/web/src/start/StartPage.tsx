import { useEffect, useState } from 'react'
import QRCode from 'qrcode'
import { ApiError, api, myBoards, rememberBoard, type CreatedBoard, type TemplateSummary } from '../api.ts'
import { useT } from '../i18n.ts'
import { useCopy } from '../ui/useCopy.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { device } from '../device/device.ts'

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
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [created, setCreated] = useState<CreatedBoard | null>(null)
  const [mine, setMine] = useState(myBoards)
  // [L7] a server with CREATE_TOKEN asks for it: the field shows once it has said so
  const [createToken, setCreateToken] = useState(() => device.get('createToken') ?? '')
  const [needToken, setNeedToken] = useState(() => !!device.get('createToken'))

  useEffect(() => {
    api.templates().then(setTemplates, (e) => setError(String(e.message ?? e)))
  }, [])
  const template = templates.find((x) => x.id === chosen)

  async function create(e: React.FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const b = await api.createBoard(
        { template: chosen, title: title.trim() || (template?.title[t.lang] ?? 'tavla'), anonymous },
        createToken.trim() || undefined,
      )
      if (createToken.trim()) device.set('createToken', createToken.trim())
      rememberBoard(b)
      setMine(myBoards())
      setCreated(b)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : ''
      if (code === 'create_token_required' || code === 'invalid_create_token') {
        setNeedToken(true)
        device.set('createToken', null)
      }
      setError(createErrors(t)[code] ?? (err as Error).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="page start">
      <header className="topbar">
        <h1 className="brand">tavla</h1>
        <p className="tagline">{t.appTagline}</p>
        <LanguageSwitch />
      </header>
      <main>
        {created ? (
          <Created board={created} onAnother={() => setCreated(null)} />
        ) : (
          <form className="card" onSubmit={create} aria-labelledby="start-title">
            <h2 id="start-title">{t.startTitle}</h2>
            <fieldset className="templates">
              <legend>{t.chooseTemplate}</legend>
              {templates.map((tpl) => (
                <label key={tpl.id} className={`template ${tpl.id === chosen ? 'chosen' : ''}`} data-template={tpl.id}>
                  <input type="radio" name="template" value={tpl.id} checked={tpl.id === chosen} onChange={() => setChosen(tpl.id)} />
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
            <label className="check">
              <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t.anonymous}
            </label>
            {needToken && (
              <label className="field">
                <span>{t.createTokenLabel}</span>
                <input name="createToken" type="password" autoComplete="off" value={createToken} onChange={(e) => setCreateToken(e.target.value)} required />
              </label>
            )}
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
                    <li key={i}>
                      <strong>{s.title[t.lang]}</strong> ({s.minutes} {t.minutes}){s.text ? ` – ${s.text[t.lang]}` : ''}
                      {s.questions.length > 0 && (
                        <ul>
                          {s.questions.map((q, j) => (
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
        <section className="card" aria-labelledby="mine-title">
          <h2 id="mine-title">{t.myBoards}</h2>
          {mine.length === 0 ? (
            <p>{t.noBoards}</p>
          ) : (
            <ul className="mine">
              {mine.map((b) => (
                <li key={b.id}>
                  <a href={b.links.facilitator}>{b.title}</a>{' '}
                  <span className="muted">{new Date(b.createdAt).toLocaleString(t.lang === 'sv' ? 'sv-SE' : 'en-GB')}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </main>
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
