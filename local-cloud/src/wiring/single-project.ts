// Single project mode (the `singleProjectMode` option): the check the services run on each request's
// project, a warning on the terminal for the first refusal of each service and project, and a live
// event per refusal for the console's Requests page.
import type { LiveEvents } from '../control/live-events.ts';
import type { LocalCloudOptions } from '../local-cloud.ts';
import { logger } from '../log.ts';
import { SingleProject } from '../single-project.ts';

export function singleProjectOf(
  options: LocalCloudOptions,
  projectId: string,
  live: LiveEvents,
): SingleProject | undefined {
  if (options.singleProjectMode !== true) return undefined;
  const silent = options.logs === 'silent';
  return new SingleProject(projectId, (refusal, message) => {
    live.publish('project-refused', refusal);
    if (refusal.count === 1)
      logger(refusal.service.toLowerCase(), { silent }).warn(`refused a request: ${message}`);
  });
}
