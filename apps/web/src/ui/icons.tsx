// The symbols the page shows, drawn as inline SVG: emoji and symbol glyphs (👍 ❤️ 💡 ❓ ⏱ ●)
// come from the system's fonts, and a Linux machine without an emoji font shows empty boxes
// (issue 13). The data keeps the emoji (board SPEC [D9]); only the drawing is ours. Every icon is
// decorative (aria-hidden): the button or text around it carries the name.
import type { Reaction } from '@tavla/board'

const svg = {
  width: '1em',
  height: '1em',
  viewBox: '0 0 24 24',
  focusable: false,
  className: 'icon',
} as const

const PATHS: Record<Reaction, React.ReactNode> = {
  '👍': (
    <path
      d="M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.7-7.6A2 2 0 0 0 19 9.3h-5.3l.8-4A2.2 2.2 0 0 0 12.4 3L8 9.6z"
      fill="#f5b700"
      stroke="#8a6200"
      strokeWidth="1.2"
      strokeLinejoin="round"
    />
  ),
  '❤️': (
    <path
      d="M12 21s-7.5-4.6-9.4-9.3C1.2 8.2 3.3 4.5 6.9 4.5c2.1 0 3.7 1.2 5.1 3 1.4-1.8 3-3 5.1-3 3.6 0 5.7 3.7 4.3 7.2C19.5 16.4 12 21 12 21z"
      fill="#e03131"
      stroke="#a51d1d"
      strokeWidth="1.2"
      strokeLinejoin="round"
    />
  ),
  '💡': (
    <>
      <path
        d="M12 2.5a6.8 6.8 0 0 0-4 12.3c.8.6 1.2 1.4 1.2 2.3v.4h5.6v-.4c0-.9.4-1.7 1.2-2.3a6.8 6.8 0 0 0-4-12.3z"
        fill="#ffd43b"
        stroke="#a07800"
        strokeWidth="1.2"
      />
      <path d="M9.3 19.2h5.4M10 21.5h4" stroke="#555" strokeWidth="1.6" strokeLinecap="round" />
    </>
  ),
  '❓': (
    <>
      <circle cx="12" cy="12" r="10" fill="#2f55d4" />
      <path d="M9 9.2a3 3 0 1 1 4.3 2.7c-.8.4-1.3 1-1.3 1.9v.7" fill="none" stroke="#fff" strokeWidth="2.2" strokeLinecap="round" />
      <circle cx="12" cy="17.6" r="1.3" fill="#fff" />
    </>
  ),
}

/** A reaction's icon, the same on every machine. */
export function ReactionIcon({ reaction }: { reaction: Reaction }) {
  return (
    <svg {...svg} aria-hidden="true" data-icon={reaction}>
      {PATHS[reaction]}
    </svg>
  )
}

/** A stopwatch, for the timer. */
export function TimerIcon() {
  return (
    <svg {...svg} aria-hidden="true" data-icon="timer">
      <circle cx="12" cy="13.5" r="8" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M12 13.5V9M9.5 2.5h5M12 2.5v3M18.5 6.5l1.5-1.5" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  )
}

const DOT_CENTERS = [5, 15, 25, 35, 45]

/** A row of voting dots (at most five are drawn). */
export function DotsIcon({ n }: { n: number }) {
  const dots = Math.min(n, 5)
  return (
    <svg {...svg} aria-hidden="true" viewBox={`0 0 ${dots * 10} 10`} width={`${dots * 0.75}em`} height="0.75em" data-icon="dots">
      {DOT_CENTERS.slice(0, dots).map((cx) => (
        <circle key={cx} cx={cx} cy="5" r="3.8" fill="currentColor" />
      ))}
    </svg>
  )
}
