import { describe, expect, it } from 'vitest';
import type { Prices } from './prices.ts';
import {
  awsDeviceMonth,
  azureDeviceMonth,
  loadPrices,
  parsePrices,
  unconfirmedPrices,
} from './prices.ts';

/** The shipped prices, changed by `edit`, through the schema. */
function parseEdited(edit: (json: Prices) => unknown): Prices {
  const json = structuredClone(loadPrices());
  return parsePrices(edit(json) ?? json);
}

describe('the price file', () => {
  it('parses, with the Standard edition in us-central1 and Cloud Run functions at Tier 1', () => {
    const prices = loadPrices();
    expect(prices.firestore.reads).toMatchObject({ usd: 0.03, per: 100_000 });
    expect(prices.firestore.writes).toMatchObject({ usd: 0.09, per: 100_000 });
    expect(prices.firestore.deletes).toMatchObject({ usd: 0.01, per: 100_000 });
    expect(prices.functions.invocations).toMatchObject({ usd: 0.4, per: 1_000_000 });
    expect(prices.functions.vcpuSeconds).toMatchObject({ usd: 0.000024, per: 1 });
    expect(prices.functions.gibSeconds).toMatchObject({ usd: 0.0000025, per: 1 });
  });

  it('records the free tiers without subtracting them', () => {
    const { firestore, functions } = loadPrices();
    expect(firestore.freeTier).toMatchObject({ readsPerDay: 50_000, subtracted: false });
    expect(functions.freeTier).toMatchObject({ requestsPerMonth: 2_000_000, subtracted: false });
  });

  it("gives a 256 MiB function 1 vCPU under firebase deploy, not gcloud's 0.167", () => {
    expect(loadPrices().functions.defaultCpu).toMatchObject({
      memoryMiB: 256,
      firebaseDeployVcpu: 1,
      gcloudVcpu: 0.167,
    });
  });

  it("reproduces the product owner's anchors from their list prices", () => {
    const { aws, azure } = loadPrices().anchors;
    expect(awsDeviceMonth(aws)).toBeCloseTo(0.047304, 6);
    expect(azureDeviceMonth(azure)).toBeCloseTo(0.09, 6);
  });

  it('names the figures that were not read at their official source', () => {
    expect(unconfirmedPrices(loadPrices())).toEqual([
      'functions.invocations',
      'functions.gibSeconds',
      'anchors.aws.connectivity',
      'anchors.aws.messaging',
      'anchors.azure.unitPrice',
    ]);
  });
});

describe('a malformed price file', () => {
  it('is refused when a price is missing, naming it', () => {
    expect(() =>
      parseEdited((json) => {
        const { reads: _, ...firestore } = json.firestore;
        return { ...json, firestore };
      }),
    ).toThrow(/firestore\.reads/);
  });

  it('is refused for a price that is zero, negative or not a number', () => {
    expect(() => parseEdited((json) => void (json.functions.vcpuSeconds.usd = 0))).toThrow(
      /functions\.vcpuSeconds\.usd/,
    );
    expect(() => parseEdited((json) => void (json.firestore.writes.per = -1))).toThrow(
      /firestore\.writes\.per/,
    );
    expect(() =>
      parseEdited((json) => void Object.assign(json.firestore.deletes, { usd: '0.01' })),
    ).toThrow(/firestore\.deletes\.usd/);
  });

  it('is refused for a price without its date or source', () => {
    expect(() => parseEdited((json) => void (json.firestore.reads.checked = 'last week'))).toThrow(
      /firestore\.reads\.checked/,
    );
    expect(() => parseEdited((json) => void (json.firestore.reads.source = 'the docs'))).toThrow(
      /firestore\.reads\.source/,
    );
  });

  it('is refused when it says a free tier is subtracted', () => {
    expect(() =>
      parseEdited((json) => void Object.assign(json.firestore.freeTier, { subtracted: true })),
    ).toThrow(/firestore\.freeTier\.subtracted/);
  });

  it('is refused when an anchor no longer follows from its list prices', () => {
    expect(() => parseEdited((json) => void (json.anchors.aws.messaging.usd = 1.2))).toThrow(
      /\$0\.056064[\s\S]*anchors\.aws\.perDeviceMonth/,
    );
    expect(() => parseEdited((json) => void (json.anchors.azure.perDeviceMonth = 0.08))).toThrow(
      /anchors\.azure\.perDeviceMonth/,
    );
  });

  it('is refused for a field it does not know, which may be a misspelt price', () => {
    expect(() =>
      parseEdited((json) => void Object.assign(json.functions, { gbSeconds: { usd: 1 } })),
    ).toThrow(/gbSeconds/);
  });
});
