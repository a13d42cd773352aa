// Cloud Messaging (FCM), which has no emulator: the outbox the functions' local push transport posts
// to through the control API, and the FCM answers scripted for it.
export { Outbox } from './outbox.ts';
export type { CapturedMessage, OutboxMessage, ScriptedFailure, SendResult } from './outbox.ts';
