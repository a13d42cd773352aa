// What the console's live view hears: every backend's changes, rules decisions and captured pushes.
import type { LiveEvents } from '../control/live-events.ts';
import type { Outbox } from '../messaging/index.ts';
import { decisionView } from '../rules/decision-view.ts';
import type { Backends } from './backends.ts';

/** Publishes the backends' and the outbox's events on `live`; returns what stops it. */
export function publishLiveFeeds(live: LiveEvents, backends: Backends, outbox: Outbox): () => void {
  const { firestoreServer, authServer, storageServer } = backends;
  const decisions = (d: Parameters<typeof decisionView>[0]) => {
    live.publish('rules', decisionView(d));
  };
  const feeds = [
    firestoreServer.onChange((change) => {
      live.publish('firestore', {
        path: change.path,
        exists: change.after !== null,
        existed: change.before !== null,
      });
    }),
    firestoreServer.rules.onDecision(decisions),
    storageServer.rules.onDecision(decisions),
    outbox.onCapture((captured) => {
      live.publish('push', captured);
    }),
    authServer.onUserCreated((_project, user) => {
      live.publish('auth', { uid: user.uid, change: 'created' });
    }),
    authServer.onUserDeleted((_project, user) => {
      live.publish('auth', { uid: user.uid, change: 'deleted' });
    }),
    storageServer.onFinalize((object) => {
      live.publish('storage', { name: object.name, bucket: object.bucket, change: 'finalized' });
    }),
    storageServer.onDelete((object) => {
      live.publish('storage', { name: object.name, bucket: object.bucket, change: 'deleted' });
    }),
  ];
  return () => {
    for (const stop of feeds) stop();
  };
}
