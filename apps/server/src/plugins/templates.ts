import { buildBoardSeed, exerciseDefaults, loadSessionTemplates, loadTemplates, templateSummary, type SessionTemplate, type Template } from '@tavla/templates'

/** The workshop templates the server offers, loaded and validated once at start. */
export class TemplateCatalog {
  readonly #byId: Map<string, Template>
  readonly summaries: ReturnType<typeof templateSummary>[]

  /** [SE2] The shipped session templates (templates/sessions/), those whose board templates this catalog has. */
  readonly sessions: SessionTemplate[]

  constructor(templates: Template[] = loadTemplates(), sessions?: SessionTemplate[]) {
    this.#byId = new Map(templates.map((t) => [t.id, t]))
    this.summaries = templates.map(templateSummary)
    this.sessions = sessions ?? loadSessionTemplates(undefined, templates)
  }

  /** [SE2] A session template with every default filled in, as the start page's builder shows it. */
  sessionSummary(t: SessionTemplate) {
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      meetings: t.meetings.map((m) => ({
        title: m.title,
        exercises: m.exercises.map((e) => exerciseDefaults(e, e.kind === 'plain' ? undefined : this.#byId.get(e.template))),
      })),
    }
  }

  get ids(): string[] {
    return [...this.#byId.keys()]
  }

  get(id: string): Template | undefined {
    return this.#byId.get(id)
  }

  /** What an export says about the template: its title and the questions it asks. */
  exportInfo(id: string, lang: 'sv' | 'en'): { templateTitle?: string; questions?: string[] } {
    const t = this.#byId.get(id) as unknown as { title?: Record<string, string>; guide?: unknown } | undefined
    if (!t) return {}
    const questions: string[] = []
    // Questions appear in the guide's steps as localized texts ({ sv, en }).
    const visit = (v: unknown, inQuestions: boolean): void => {
      if (Array.isArray(v)) return v.forEach((x) => visit(x, inQuestions))
      if (!v || typeof v !== 'object') return
      const o = v as Record<string, unknown>
      if (inQuestions && typeof o[lang] === 'string') {
        questions.push(o[lang] as string)
        return
      }
      for (const [k, x] of Object.entries(o)) visit(x, inQuestions || k === 'questions')
    }
    visit(t.guide, false)
    return { templateTitle: t.title?.[lang], questions: [...new Set(questions)] }
  }

  seed(template: Template, title: string, params?: Record<string, unknown>) {
    return buildBoardSeed(template, { title, params })
  }
}
