import { buildBoardSeed, loadTemplates, templateSummary, type Template } from '@tavla/templates'

/** The workshop templates the server offers, loaded and validated once at start. */
export class TemplateCatalog {
  readonly #byId: Map<string, Template>
  readonly summaries: ReturnType<typeof templateSummary>[]

  constructor(templates: Template[] = loadTemplates()) {
    this.#byId = new Map(templates.map((t) => [t.id, t]))
    this.summaries = templates.map(templateSummary)
  }

  get ids(): string[] {
    return [...this.#byId.keys()]
  }

  get(id: string): Template | undefined {
    return this.#byId.get(id)
  }

  seed(template: Template, title: string, params?: Record<string, unknown>) {
    return buildBoardSeed(template, { title, params })
  }
}
