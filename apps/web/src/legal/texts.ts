// The two pages the law asks for (issue 17): the accessibility statement (tillgänglighets-
// redogörelse, laid out as DIGG's model for lagen (2018:1937) om tillgänglighet till digital
// offentlig service describes it) and what the server stores and for how long (the README's
// section "What is stored, and for how long", in plain words). Swedish first, English too. The
// operator's name and contact come from the server's settings ([H5]).
import type { Lang } from '../i18n.ts'

export interface Operator {
  name?: string
  contact?: string
  retentionDays?: number
  historyKeep?: number
}

/** When this statement was last reviewed: with the known problems below, against the tests named there. */
export const STATEMENT_UPDATED = '2026-12-03'

/** A section: a heading and its paragraphs, or a list. */
export interface Section {
  heading: string
  paragraphs?: string[]
  list?: string[]
  /** The operator's contact is shown here. */
  contact?: boolean
  /** DIGG's address for complaints is linked here. */
  digg?: boolean
}

export interface LegalPage {
  title: string
  intro: string[]
  sections: Section[]
}

const operatorSv = (o: Operator) => o.name ?? 'Den organisation som driver den här tjänsten'
const operatorEn = (o: Operator) => o.name ?? 'The organisation that runs this service'

export function accessibilityStatement(lang: Lang, o: Operator): LegalPage {
  if (lang === 'en')
    return {
      title: 'Accessibility of tavla',
      intro: [
        `${operatorEn(o)} runs this service. We want as many people as possible to be able to use it. This statement describes how tavla, the workshop whiteboard, complies with the Swedish law on accessibility to digital public services (lagen (2018:1937) om tillgänglighet till digital offentlig service), the accessibility problems we know of, and how you can report problems to us so that we can fix them.`,
      ],
      sections: [
        {
          heading: 'How accessible is the service?',
          paragraphs: [
            'We know that parts of the service are not fully accessible. The drawing canvas is the hardest part; everything a participant does in a workshop can also be done in the list view, by keyboard and with a screen reader. See the section on content that is not accessible below.',
          ],
        },
        {
          heading: 'What can you do if you cannot use parts of the service?',
          paragraphs: [
            'Open the list view ("Listvy" at the top of the board): it shows every zone and note as text, and lets you write, edit, react to, comment on, group and vote on notes by keyboard. If that does not help, tell the facilitator of your workshop, or contact us and we will help you get the content in another way.',
          ],
          contact: true,
        },
        {
          heading: 'Report problems with the accessibility of the service',
          paragraphs: [
            'We are always working to improve the accessibility of the service. If you find problems that are not described on this page, or if you think we do not meet the requirements of the law, tell us so that we know the problem exists.',
          ],
          contact: true,
        },
        {
          heading: 'Supervision',
          paragraphs: [
            'The Agency for Digital Government (Myndigheten för digital förvaltning, DIGG) is responsible for supervising the law on accessibility to digital public services. If you are not satisfied with how we handle your comments, you can contact DIGG and tell them.',
          ],
          digg: true,
        },
        {
          heading: 'Technical information about the accessibility of the service',
          paragraphs: [
            'This service is partly compliant with the law on accessibility to digital public services, because of the shortcomings described below.',
          ],
        },
        {
          heading: 'Content that is not accessible',
          paragraphs: ['Lack of compliance with the requirements of the law (WCAG 2.1, level AA):'],
          list: [
            'The canvas is a drawing surface: a screen reader does not read the notes where they lie on it, and moving or placing a note needs a pointer (WCAG 1.1.1, 1.3.1, 2.1.1). The list view holds the same notes and actions as text and by keyboard.',
            'Free drawing, arrows and shapes drawn with the pen have no text alternative (WCAG 1.1.1).',
            'Dragging a note onto a theme needs a pointer; in the list view a note is moved to a theme with a select (WCAG 2.5.7 is not required by the law, but 2.1.1 is met through the list view).',
            'The pictures of a board downloaded as PNG or SVG have no text alternative; the decision report (PDF and Word) has one for its picture and lists every note as text (WCAG 1.1.1).',
            'At 200 % zoom the top bars take a large part of a small screen; the list view reflows (WCAG 1.4.10).',
            'The texts of the workshop templates are in Swedish also when the page is in English (WCAG 3.1.2).',
            "The drawing tool's own menus come from the tldraw library; they are translated and reachable by keyboard, but their names for screen readers are tldraw's.",
          ],
        },
        {
          heading: 'How we tested the service',
          paragraphs: [
            'We have made a self-assessment (internal testing) of the service: automated checks with axe in Chromium on the start page, the board, the list view, the session page and the tools at 1024 × 700 and at 200 % zoom, keyboard-only walk-throughs of a whole workshop, and checks of the PDF report with poppler (tagged structure, title, language).',
            `The latest assessment was made on ${STATEMENT_UPDATED}. This statement was last updated on ${STATEMENT_UPDATED}.`,
          ],
        },
      ],
    }
  return {
    title: 'Tillgänglighet för tavla',
    intro: [
      `${operatorSv(o)} står bakom den här tjänsten. Vi vill att så många som möjligt ska kunna använda den. Den här redogörelsen beskriver hur tavla, workshoptavlan, uppfyller lagen (2018:1937) om tillgänglighet till digital offentlig service, vilka kända tillgänglighetsproblem som finns och hur du kan rapportera brister till oss så att vi kan åtgärda dem.`,
    ],
    sections: [
      {
        heading: 'Hur tillgänglig är tjänsten?',
        paragraphs: [
          'Vi är medvetna om att delar av tjänsten inte är helt tillgängliga. Ritytan är den svåraste delen; allt en deltagare gör i en workshop går också att göra i listvyn, med tangentbord och med skärmläsare. Se avsnittet om innehåll som inte är tillgängligt nedan.',
        ],
      },
      {
        heading: 'Vad kan du göra om du inte kan använda delar av tjänsten?',
        paragraphs: [
          'Öppna listvyn ("Listvy" överst på tavlan): där finns alla zoner och lappar som text, och du kan skriva, ändra, reagera på, kommentera, gruppera och rösta på lappar med tangentbordet. Om det inte räcker, säg till processledaren för din workshop, eller kontakta oss så hjälper vi dig att få innehållet på ett annat sätt.',
        ],
        contact: true,
      },
      {
        heading: 'Rapportera brister i tjänstens tillgänglighet',
        paragraphs: [
          'Vi strävar hela tiden efter att förbättra tjänstens tillgänglighet. Om du upptäcker problem som inte är beskrivna på den här sidan, eller om du anser att vi inte uppfyller lagens krav, meddela oss så att vi får veta att problemet finns.',
        ],
        contact: true,
      },
      {
        heading: 'Tillsyn',
        paragraphs: [
          'Myndigheten för digital förvaltning (DIGG) har ansvaret för tillsyn för lagen om tillgänglighet till digital offentlig service. Om du inte är nöjd med hur vi hanterar dina synpunkter kan du kontakta Myndigheten för digital förvaltning och påtala det.',
        ],
        digg: true,
      },
      {
        heading: 'Teknisk information om tjänstens tillgänglighet',
        paragraphs: [
          'Den här tjänsten är delvis förenlig med lagen om tillgänglighet till digital offentlig service, på grund av de brister som beskrivs nedan.',
        ],
      },
      {
        heading: 'Innehåll som inte är tillgängligt',
        paragraphs: ['Bristande förenlighet med lagkraven (WCAG 2.1, nivå AA):'],
        list: [
          'Ritytan är en yta att rita på: en skärmläsare läser inte lapparna där de ligger, och att flytta eller placera en lapp kräver mus eller pekskärm (WCAG 1.1.1, 1.3.1, 2.1.1). Listvyn har samma lappar och samma handlingar som text och med tangentbord.',
          'Frihandsteckningar, pilar och former som ritas med pennan saknar textalternativ (WCAG 1.1.1).',
          'Att dra en lapp till ett tema kräver mus eller pekskärm; i listvyn flyttas en lapp till ett tema med en lista att välja i (2.1.1 uppfylls genom listvyn).',
          'Bilder av tavlan som laddas ner som PNG eller SVG saknar textalternativ; beslutsrapporten (PDF och Word) har ett för sin bild och listar varje lapp som text (WCAG 1.1.1).',
          'Vid 200 % förstoring tar de översta raderna en stor del av en liten skärm; listvyn anpassar sig (WCAG 1.4.10).',
          'Mallarnas texter är på svenska även när sidan visas på engelska (WCAG 3.1.2).',
          'Ritverktygets egna menyer kommer från biblioteket tldraw; de är översatta och går att nå med tangentbordet, men deras namn för skärmläsare är tldraws.',
        ],
      },
      {
        heading: 'Hur vi testat tjänsten',
        paragraphs: [
          'Vi har gjort en självskattning (intern testning) av tjänsten: automatiska kontroller med axe i Chromium av startsidan, tavlan, listvyn, sessionssidan och verktygen i 1024 × 700 och i 200 % förstoring, genomgångar av en hel workshop med enbart tangentbord, och kontroller av PDF-rapporten med poppler (taggad struktur, titel, språk).',
          `Senaste bedömningen gjordes den ${STATEMENT_UPDATED}. Redogörelsen uppdaterades senast den ${STATEMENT_UPDATED}.`,
        ],
      },
    ],
  }
}

export function storagePage(lang: Lang, o: Operator): LegalPage {
  const days = o.retentionDays ?? 0
  const keep = o.historyKeep ?? 50
  if (lang === 'en')
    return {
      title: 'What tavla stores, and for how long',
      intro: [
        `${operatorEn(o)} runs this server itself: what you write here is stored on it and sent nowhere else. The page loads its fonts, icons and translations from this server only.`,
      ],
      sections: [
        {
          heading: 'What is stored on the server',
          list: [
            'Each board: its notes and drawings, who wrote each note (the name you gave, and your organisation if you gave one; nothing on an anonymous board), reactions, themes, comments, votes and the facilitator’s summary.',
            'What you write in private mode and how you vote, each person apart.',
            `Saved versions of each board: those the facilitator saves and those the server takes (while a board changes, before a reveal, a lock or a restore, and when everyone has left); the newest ${keep} of the server’s own are kept. A saved version never changes once taken; its fingerprint (SHA-256) shows that.`,
            'The trash of deleted notes (the text, who wrote it and, unless the board is anonymous, who deleted it and when).',
            'A log of what facilitators did (created, saved a version, exported, replaced a link, locked, deleted).',
            'Links are not stored: the server keeps only a fingerprint of each key.',
          ],
        },
        {
          heading: 'For how long',
          paragraphs: [
            days > 0
              ? `A board stays until its facilitator deletes it, or until nobody has touched it for ${days} days: then the server deletes it with everything stored about it.`
              : 'A board stays until its facilitator deletes it: deleting removes everything stored about it at once. This server does not delete boards by itself.',
            'A workshop session is stored as boards, one for its agenda and one per exercise: deleting the session deletes all of them.',
          ],
        },
        {
          heading: 'What your browser keeps',
          paragraphs: [
            'Your browser keeps a copy of each board you open, so that work goes on through a dropped connection, and a few small things: the board’s link, your name and organisation, the language, and the boards and sessions you created on this device. When a board has been deleted, the page removes its copy the next time it meets it. You can also clear them yourself by clearing the site’s data in your browser.',
          ],
        },
        {
          heading: 'Exports',
          paragraphs: [
            'What the facilitator downloads (the decision report, the table, the board file, the archive package) leaves the server with them; it is then kept as their organisation keeps documents.',
          ],
        },
      ],
    }
  return {
    title: 'Vad tavla sparar, och hur länge',
    intro: [
      `${operatorSv(o)} driver den här servern själv: det du skriver här sparas på den och skickas ingen annanstans. Sidan hämtar sina typsnitt, ikoner och översättningar bara från den här servern.`,
    ],
    sections: [
      {
        heading: 'Det här sparas på servern',
        list: [
          'Varje tavla: lappar och teckningar, vem som skrev varje lapp (namnet du angav, och din organisation om du angav den; inget på en anonym tavla), reaktioner, teman, kommentarer, röster och processledarens sammanfattning.',
          'Det du skriver i privat läge och hur du röstar, för varje person för sig.',
          `Sparade versioner av varje tavla: de processledaren sparar och de servern tar (medan tavlan ändras, före en visning, ett lås eller en återställning, och när alla har gått); de ${keep} senaste av serverns egna sparas. En sparad version ändras aldrig; dess fingeravtryck (SHA-256) visar det.`,
          'Papperskorgen med borttagna lappar (texten, vem som skrev den och, om tavlan inte är anonym, vem som tog bort den och när).',
          'En logg över vad processledare gjort (skapat, sparat en version, laddat ner, bytt en länk, låst, raderat).',
          'Länkarna sparas inte: servern har bara ett fingeravtryck av varje nyckel.',
        ],
      },
      {
        heading: 'Hur länge',
        paragraphs: [
          days > 0
            ? `En tavla finns kvar tills processledaren raderar den, eller tills ingen har rört den på ${days} dagar: då raderar servern den med allt som sparats om den.`
            : 'En tavla finns kvar tills processledaren raderar den: då försvinner allt som sparats om den på en gång. Den här servern raderar inte tavlor av sig själv.',
          'En workshopsession sparas som tavlor, en för agendan och en per övning: raderas sessionen raderas alla.',
        ],
      },
      {
        heading: 'Det här sparar din webbläsare',
        paragraphs: [
          'Din webbläsare sparar en kopia av varje tavla du öppnar, så att arbetet fortsätter om uppkopplingen bryts, och några små saker: tavlans länk, ditt namn och din organisation, språket och de tavlor och sessioner du skapat på den här enheten. När en tavla har raderats tar sidan bort kopian nästa gång den möter tavlan. Du kan också ta bort dem själv genom att rensa webbplatsens data i webbläsaren.',
        ],
      },
      {
        heading: 'Det som laddas ner',
        paragraphs: [
          'Det processledaren laddar ner (beslutsrapporten, tabellen, tavelfilen, arkivpaketet) lämnar servern med processledaren och bevaras sedan som organisationen bevarar sina handlingar.',
        ],
      },
    ],
  }
}
