// The project this backend serves and, in single project mode, the requests it refused for naming
// another one (an app configured with its production project id, say), updated live.
import type { ProjectRefusal } from '@gadget/local-cloud';
import { control, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';

interface ProjectHealth {
  readonly projectId: string;
  readonly singleProjectMode?: boolean;
  readonly refusedProjects?: readonly ProjectRefusal[];
}

export function ServedProject() {
  const health = useLoad(() => request<ProjectHealth>(control('/health')), []);
  useLive('project-refused', useThrottled(health.reload, 500));
  const served = health.data?.projectId;
  if (served === undefined) return <ErrorBox error={health.error} />;
  const refused = health.data?.refusedProjects ?? [];
  const projects = [...new Set(refused.map((r) => r.project))];
  return (
    <>
      <p class="muted" data-testid="served-project">
        project <strong class="mono">{served}</strong>
        {health.data?.singleProjectMode === true &&
          ' only: requests naming another project are refused before the rules'}
      </p>
      {projects.map((project) => {
        const of = refused.filter((r) => r.project === project);
        const count = of.reduce((sum, r) => sum + r.count, 0);
        return (
          <p key={project} class="error" role="status" data-refused-project={project}>
            Refused {count} request{count === 1 ? '' : 's'} for project{' '}
            <strong class="mono">{project}</strong> ({of.map((r) => r.service).join(', ')}): this
            backend serves {served}. Use projectId '{served}' in the app's Firebase config.
          </p>
        );
      })}
    </>
  );
}
