import { onRequest } from 'firebase-functions/v2/https';
import * as z from 'zod';
import { runScheduleRequiresOidc } from '../../config.ts';
import { HttpError, sendHttpError, toHttpError } from '../../http-errors.ts';
import * as logs from '../../logs.ts';
import { fanOutContext } from '../../services/notifications/fan-out.ts';
import { runScheduleAudience, schedulerServiceAccount } from '../../services/schedules/job.ts';
import { OidcRejection, verifySchedulerToken } from '../../services/schedules/oidc.ts';
import { runScheduledReminder } from '../../services/schedules/run.ts';

const BodySchema = z.object({ scheduleId: z.string().regex(/^[A-Za-z0-9]{1,64}$/) });

/**
 * Cloud Scheduler's target for user schedules. In production only a Google OIDC token minted for
 * this schedule's own job and the scheduler's service account gets through (checked here, not left
 * to the invoker setting alone); under an emulator the check runs only when
 * RUN_SCHEDULE_REQUIRE_OIDC=true. The run
 * is keyed on the schedule and `X-CloudScheduler-ScheduleTime`, so retries send nothing twice.
 */
export const runSchedule = onRequest(
  { maxInstances: 10, timeoutSeconds: 60, cors: false },
  async (request, response) => {
    const startedAt = Date.now();
    const now = new Date();
    let scheduleId: string | undefined;
    try {
      if (request.method !== 'POST') throw new HttpError(405, 'method-not-allowed', 'POST only.');
      // Parsed first (it costs nothing): the token must be the one minted for this schedule's job.
      const body = BodySchema.safeParse(request.body);
      if (runScheduleRequiresOidc()) {
        await verifySchedulerToken(
          request.get('authorization'),
          runScheduleAudience(body.success ? body.data.scheduleId : ''),
          schedulerServiceAccount(),
          now,
        ).catch((error: unknown) => {
          throw schedulerTokenRefusal(error);
        });
      }
      if (!body.success) throw new HttpError(400, 'invalid-argument', 'Bad body.');
      scheduleId = body.data.scheduleId;
      const header = request.get('x-cloudscheduler-scheduletime');
      const parsed = header === undefined ? Number.NaN : Date.parse(header);
      // Without the header (a manual call) the run is keyed on the current minute.
      const scheduleTime = Number.isNaN(parsed)
        ? new Date(Math.floor(now.getTime() / 60_000) * 60_000)
        : new Date(parsed);
      const outcome = await runScheduledReminder(scheduleId, scheduleTime, fanOutContext(now));
      logs.scheduleRan({
        scheduleId,
        scheduleTime: scheduleTime.toISOString(),
        outcome,
        durationMs: Date.now() - startedAt,
      });
      // A concurrent delivery of the same run is still sending: a non-2xx makes Scheduler retry.
      response.status(outcome === 'in-progress' ? 409 : 200).json({ outcome });
    } catch (error) {
      const { httpError, expected } = toHttpError(error);
      // A failure answers 500, so Cloud Scheduler retries the run (keyed, so it sends once).
      if (!expected)
        logs.scheduleRunFailed({ scheduleId, durationMs: Date.now() - startedAt, error });
      sendHttpError(response, httpError);
    }
  },
);

/**
 * 401 without a bearer token, 403 with one that does not pass; a token that could not be checked
 * at all (Google's certificates out of reach) is refused too, and Scheduler retries.
 */
function schedulerTokenRefusal(error: unknown): HttpError {
  if (error instanceof OidcRejection && error.status === 401) {
    return new HttpError(401, 'unauthenticated', error.message);
  }
  return new HttpError(
    403,
    'permission-denied',
    error instanceof OidcRejection ? error.message : 'The bearer token could not be verified.',
  );
}
