// Single project mode, as firebase.json's `emulators.singleProjectMode` asks of the Emulator Suite:
// one project is served and a request for any other is a mistake (an app configured with its
// production project id, say). The Suite only warns, and the app then sees empty query results and
// rules that fail on documents that are not there. Here the request is refused with an error that
// names the project served, and the terminal is told once per service and project.

/** Requests refused because they named another project, per service and project. */
export interface ProjectRefusal {
  readonly service: string;
  readonly project: string;
  readonly count: number;
  readonly first: string;
}

/** Answers whether `service` may serve `project`: undefined if so, else the refusal's message. */
export type ProjectCheck = (service: string, project: string) => string | undefined;

export class SingleProject {
  readonly projectId: string;
  readonly #refusals = new Map<
    string,
    { -readonly [K in keyof ProjectRefusal]: ProjectRefusal[K] }
  >();
  readonly #onRefusal: (refusal: ProjectRefusal, message: string) => void;

  /** `onRefusal` hears of every refusal, with the count so far (1: the first of its kind). */
  constructor(projectId: string, onRefusal: (refusal: ProjectRefusal, message: string) => void) {
    this.projectId = projectId;
    this.#onRefusal = onRefusal;
  }

  /** The check each service runs on the project a request names. */
  readonly check: ProjectCheck = (service, project) => {
    if (project === this.projectId) return undefined;
    const message = this.refusalMessage(project);
    const key = `${service}\u0000${project}`;
    const refusal = this.#refusals.get(key) ?? {
      service,
      project,
      count: 0,
      first: new Date().toISOString(),
    };
    refusal.count++;
    this.#refusals.set(key, refusal);
    this.#onRefusal({ ...refusal }, message);
    return message;
  };

  refusalMessage(project: string): string {
    return (
      `This emulator serves project ${this.projectId} only (single project mode), and the ` +
      `request is for project ${project}: use projectId '${this.projectId}' in the app's ` +
      `Firebase config.`
    );
  }

  /** Every refusal so far, oldest first. */
  refusals(): ProjectRefusal[] {
    return [...this.#refusals.values()].map((refusal) => ({ ...refusal }));
  }

  clear(): void {
    this.#refusals.clear();
  }
}
