import { getFirmwareOfferContract } from '@gadget/shared';
import { defineCallable } from '../callable.ts';
import * as logs from '../logs.ts';
import { firmwareOfferForPhone } from '../services/firmware/ble-offer.ts';

export const getFirmwareOffer = defineCallable(
  getFirmwareOfferContract,
  async ({ uid, data, host }) => {
    const answer = await firmwareOfferForPhone(uid, data.deviceId, host);
    logs.firmwareOfferAsked({
      uid,
      deviceId: data.deviceId,
      offered: answer.available ? answer.offer.version : null,
      reason: answer.available ? null : answer.reason,
    });
    return answer;
  },
);
