// Single project mode on the two bidirectional streams, where each message names its database. A
// Listen target for another project is refused as production refuses a target it cannot serve
// (ADD, then REMOVE with the cause), so the SDK hands the error to that listener and the stream
// stays open; the SDK would retry a stream ended with an error for good. A Write for another
// project ends the stream with the error, which the SDK reports to the write.
import type { RpcError } from '../data/errors.ts';
import type { BidiMethod, ClientStream, StreamSink } from './frontend.ts';

/** The refusal of a message's project, or undefined when it may go on. */
export type MessageCheck = (message: object) => RpcError | undefined;

export function guardStream(
  method: BidiMethod,
  stream: ClientStream,
  sink: StreamSink,
  check: MessageCheck,
): ClientStream {
  const refusedTargets = new Set<number>();
  return {
    receive: (message) => {
      const refusal = check(message);
      if (refusal === undefined) {
        stream.receive(message);
        return;
      }
      if (method === 'Write') {
        stream.cancel();
        sink.close(refusal);
        return;
      }
      const request = message as { addTarget?: { targetId?: number }; removeTarget?: number };
      if (request.removeTarget !== undefined && refusedTargets.delete(request.removeTarget)) return;
      const id = request.addTarget?.targetId;
      if (id === undefined) return;
      refusedTargets.add(id);
      sink.send({ targetChange: { targetChangeType: 'ADD', targetIds: [id] } });
      sink.send({
        targetChange: {
          targetChangeType: 'REMOVE',
          targetIds: [id],
          cause: { code: refusal.code, message: refusal.message },
        },
      });
    },
    cancel: () => {
      stream.cancel();
    },
  };
}
