import { createPublicKey, verify } from 'node:crypto';
import {
  GadgetReportSchema,
  ReadingInputSchema,
  RelayGadgetReportRequestSchema,
  RelayGadgetReportResponseSchema,
  SubmissionResultSchema,
} from '@gadget/shared';
import type { GadgetReport, ReadingInput, RelayGadgetReportResponse } from '@gadget/shared';
import type { GadgetIdentity, PhoneRelay } from '../src/index.ts';

export interface Relayed {
  readonly report: string;
  readonly signature: string;
  readonly parsed: GadgetReport;
}

/** Builds the backend's answer to each relayed report; throwing stands for a failed call. */
export type PhoneAnswer = (
  report: GadgetReport,
  index: number,
) => Partial<RelayGadgetReportResponse>;

/**
 * A member's phone and the backend behind it, as relayGadgetReport checks a report: the request
 * parses with the shared schema, the signature verifies against the public key provisioning
 * handed out, the bytes parse as a report (`GadgetReportSchema`, strict: an `ota` the shared
 * schema lacks fails here). `answer` builds each reply (validated by the shared response schema);
 * throwing from it stands for a failed call.
 */
export function fakePhone(
  identity: GadgetIdentity,
  answer: PhoneAnswer = () => ({}),
  submit: (readings: ReadingInput[]) => void = () => undefined,
) {
  const publicKey = createPublicKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      x: Buffer.from(identity.publicKey, 'base64').toString('base64url'),
    },
    format: 'jwk',
  });
  const relayed: Relayed[] = [];
  const submitted: ReadingInput[][] = [];
  const phone: PhoneRelay = {
    submitReadings: (readings) => {
      submitted.push(readings);
      for (const reading of readings) ReadingInputSchema.parse(reading);
      submit(readings);
      return Promise.resolve(
        SubmissionResultSchema.parse({ accepted: readings.length, duplicates: 0 }),
      );
    },
    relayReport: ({ report, signature }) => {
      RelayGadgetReportRequestSchema.parse({ deviceId: identity.deviceId, report, signature });
      const bytes = Buffer.from(report, 'base64');
      if (!verify(null, bytes, publicKey, Buffer.from(signature, 'base64'))) {
        return Promise.reject(
          Object.assign(new Error('bad signature'), { code: 'permission-denied' }),
        );
      }
      const parsed = GadgetReportSchema.parse(JSON.parse(bytes.toString('utf8')));
      relayed.push({ report, signature, parsed });
      // A throwing `answer` rejects, as a failed call would.
      return Promise.resolve().then(() =>
        RelayGadgetReportResponseSchema.parse({
          commands: [],
          accepted: true,
          verified: true,
          ...answer(parsed, relayed.length - 1),
        }),
      );
    },
  };
  return { phone, relayed, submitted };
}
