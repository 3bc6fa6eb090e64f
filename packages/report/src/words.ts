// Every word the report prints, Swedish first (the default), English on request.
import type { Reaction } from '@tavla/board'
import type { Lang } from '@tavla/export'

export interface Words {
  kind: string
  sessionKind: string
  taken: string
  snapshot: string
  facilitator: string
  facilitatorUnknown: string
  participants: string
  participantsCounted: string
  organisations: string
  organisationsText: (orgs: { org: string; count: number }[], without: number) => string
  anonymity: string
  anonymous: string
  named: string
  template: string
  contents: string
  meeting: string
  noDate: string
  questions: string
  picture: (notes: number, zones: number, themes: number) => string
  notesByZone: string
  outside: string
  none: string
  theme: (name: string) => string
  noTheme: string
  themes: string
  themeLine: (name: string, notes: number, zone: string | undefined) => string
  acrossZones: string
  votes: (n: number) => string
  voteRanking: string
  noVotes: string
  voteTheme: (name: string) => string
  comment: (author: string | undefined) => string
  reactions: Record<Reaction, string>
  decisions: string
  whoTakesItOn: string
  noOneYet: string
  summary: string
  noSummary: string
  page: (n: number, of: number) => string
  notes: (n: number) => string
}

export const WORDS: Record<Lang, Words> = {
  sv: {
    kind: 'Beslutsunderlag från workshop',
    sessionKind: 'Beslutsunderlag från workshopserie',
    taken: 'Underlag från',
    snapshot: 'Ögonblicksbild',
    facilitator: 'Processledare',
    facilitatorUnknown: 'inte angiven',
    participants: 'Antal deltagare',
    participantsCounted: 'personer (identiteter från servern) som skrev en lapp, röstade eller skrev privat',
    organisations: 'Organisationer',
    organisationsText: (orgs, without) =>
      [...orgs.map((o) => `${o.org} ${o.count}`), ...(without ? [`ingen organisation angiven ${without}`] : [])].join(', ') +
      ' (som deltagarna angav när de gick med)',
    anonymity: 'Anonymitet',
    anonymous: 'Anonym tavla: inga namn sparas eller visas.',
    named: 'Inte anonym: namnet på den som skrev står vid lappen.',
    template: 'Mall',
    contents: 'Övningar',
    meeting: 'Möte',
    noDate: 'inget datum',
    questions: 'Frågor',
    picture: (n, z, t) =>
      `Bild av tavlan: ${n === 1 ? '1 lapp' : `${n} lappar`} i ${z === 1 ? '1 zon' : `${z} zoner`}${t ? `, ${t === 1 ? '1 tema' : `${t} teman`}` : ''}. Texten står i listorna nedan.`,
    notesByZone: 'Lappar per zon',
    outside: 'Utanför zonerna',
    none: 'Inga lappar.',
    theme: (name) => `Tema: ${name}`,
    noTheme: 'Utan tema',
    themes: 'Teman',
    themeLine: (name, n, zone) => `${name}: ${n === 1 ? '1 lapp' : `${n} lappar`}${zone ? ` (${zone})` : ''}`,
    acrossZones: 'över flera zoner',
    votes: (n) => (n === 1 ? '1 röst' : `${n} röster`),
    voteRanking: 'Röstningsresultat',
    noVotes: 'Ingen avslutad röstning.',
    voteTheme: (name) => `Tema: ${name}`,
    comment: (a) => (a ? `Kommentar (${a})` : 'Kommentar'),
    reactions: { '👍': 'tumme upp', '❤️': 'hjärta', '💡': 'idé', '❓': 'fråga' },
    decisions: 'Beslut och nästa steg',
    whoTakesItOn: 'Vem tar frågan vidare?',
    noOneYet: 'Inget antecknat under "Vem tar frågan vidare?".',
    summary: 'Processledarens sammanfattning',
    noSummary: 'Ingen sammanfattning skriven.',
    page: (n, of) => `Sida ${n} av ${of}`,
    notes: (n) => (n === 1 ? '1 lapp' : `${n} lappar`),
  },
  en: {
    kind: 'Decision record from a workshop',
    sessionKind: 'Decision record from a workshop series',
    taken: 'Taken',
    snapshot: 'Snapshot',
    facilitator: 'Facilitator',
    facilitatorUnknown: 'not given',
    participants: 'Participants',
    participantsCounted: 'people (identities issued by the server) who wrote a note, voted or wrote privately',
    organisations: 'Organisations',
    organisationsText: (orgs, without) =>
      [...orgs.map((o) => `${o.org} ${o.count}`), ...(without ? [`no organisation given ${without}`] : [])].join(', ') +
      ' (as the participants gave them when joining)',
    anonymity: 'Anonymity',
    anonymous: 'Anonymous board: no names are kept or shown.',
    named: 'Not anonymous: the writer’s name stands by the note.',
    template: 'Template',
    contents: 'Exercises',
    meeting: 'Meeting',
    noDate: 'no date',
    questions: 'Questions',
    picture: (n, z, t) =>
      `Picture of the board: ${n === 1 ? '1 note' : `${n} notes`} in ${z === 1 ? '1 zone' : `${z} zones`}${t ? `, ${t === 1 ? '1 theme' : `${t} themes`}` : ''}. The text is in the lists below.`,
    notesByZone: 'Notes by zone',
    outside: 'Outside the zones',
    none: 'No notes.',
    theme: (name) => `Theme: ${name}`,
    noTheme: 'No theme',
    themes: 'Themes',
    themeLine: (name, n, zone) => `${name}: ${n === 1 ? '1 note' : `${n} notes`}${zone ? ` (${zone})` : ''}`,
    acrossZones: 'across zones',
    votes: (n) => (n === 1 ? '1 vote' : `${n} votes`),
    voteRanking: 'Vote results',
    noVotes: 'No closed vote.',
    voteTheme: (name) => `Theme: ${name}`,
    comment: (a) => (a ? `Comment (${a})` : 'Comment'),
    reactions: { '👍': 'thumbs up', '❤️': 'heart', '💡': 'idea', '❓': 'question' },
    decisions: 'Decisions and next steps',
    whoTakesItOn: 'Who takes the question on?',
    noOneYet: 'Nothing noted under "Who takes the question on?".',
    summary: 'The facilitator’s summary',
    noSummary: 'No summary written.',
    page: (n, of) => `Page ${n} of ${of}`,
    notes: (n) => (n === 1 ? '1 note' : `${n} notes`),
  },
}
