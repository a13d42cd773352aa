import { relayGadgetReportContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { relayGadgetReport as relay } from '../services/control/relay.ts';

export const relayGadgetReport = defineCallable(
  relayGadgetReportContract,
  async ({ uid, data }) => {
    const { seq, finishedCommands, ...answer } = await relay({ uid, ...data });
    logs.gadgetReportRelayed({
      uid,
      deviceId: data.deviceId,
      seq,
      accepted: answer.accepted,
      verified: answer.verified,
      desiredSent: answer.desired?.version ?? null,
      commandsSent: answer.commands.length,
      commandsFinished: finishedCommands,
    });
    return answer;
  },
);
