import { setLang, useT, type Lang } from '../i18n.ts'

export function LanguageSwitch({ onChange }: { onChange?: (lang: Lang) => void }) {
  const t = useT()
  return (
    <label className="lang">
      <span className="visually-hidden">{t.language}</span>
      <select
        value={t.lang}
        onChange={(e) => {
          setLang(e.target.value as Lang)
          onChange?.(e.target.value as Lang)
        }}
      >
        <option value="sv">Svenska</option>
        <option value="en">English</option>
      </select>
    </label>
  )
}
