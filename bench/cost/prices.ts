// The list prices the cost meter charges, from prices.json, checked by a schema so that a price
// missing, zero or in the wrong unit stops the run instead of pricing a fleet at nothing. The two
// anchors (a device-month on AWS IoT Core and on Azure IoT Hub S1 at one message a minute) are
// recomputed from their list prices, and a file whose stated anchor no longer follows from them is
// refused too: a price updated without its anchor would otherwise skew every ratio quietly.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The month of Google Cloud's and AWS's price pages. */
export const HOURS_PER_MONTH = 730;

/** How far a stated anchor may be from its recomputed value: it is written rounded. */
const ANCHOR_ROUNDING_USD = 0.0005;

const Checked = { checked: z.iso.date(), source: z.url() };

const ListPriceSchema = z.strictObject({
  usd: z.number().positive(),
  /** How many `unit`s `usd` buys: 100,000 document reads, one vCPU-second. */
  per: z.number().positive(),
  unit: z.string().min(1),
  ...Checked,
  /** False when the figure could not be read in the official page's text (see the file's notes). */
  confirmedAtSource: z.boolean(),
  note: z.string().optional(),
});
export type ListPrice = z.infer<typeof ListPriceSchema>;

/** The meter prices at list: a free tier is recorded, never subtracted. */
const NotSubtracted = { subtracted: z.literal(false), ...Checked, note: z.string() };
const Count = z.number().int().positive();

const AwsAnchorSchema = z.strictObject({
  name: z.string(),
  region: z.string(),
  messagesPerMinute: z.number().positive(),
  connectivity: ListPriceSchema,
  messaging: ListPriceSchema,
  perDeviceMonth: z.number().positive(),
  arithmetic: z.string().min(1),
});

const AzureAnchorSchema = z.strictObject({
  name: z.string(),
  region: z.string(),
  messagesPerMinute: z.number().positive(),
  unitPrice: ListPriceSchema,
  messagesPerUnitPerDay: z.strictObject({
    messages: Count,
    meterKB: z.number().positive(),
    ...Checked,
    confirmedAtSource: z.boolean(),
    note: z.string(),
  }),
  perDeviceMonth: z.number().positive(),
  arithmetic: z.string().min(1),
});

const PricesSchema = z
  .strictObject({
    currency: z.literal('USD'),
    notes: z.array(z.string()),
    firestore: z.strictObject({
      edition: z.literal('Standard'),
      location: z.string(),
      reads: ListPriceSchema,
      writes: ListPriceSchema,
      deletes: ListPriceSchema,
      freeTier: z.strictObject({
        readsPerDay: Count,
        writesPerDay: Count,
        deletesPerDay: Count,
        ...NotSubtracted,
      }),
    }),
    functions: z.strictObject({
      product: z.string(),
      region: z.string(),
      tier: z.literal(1),
      checked: z.iso.date(),
      sources: z.array(z.url()).min(1),
      note: z.string(),
      invocations: ListPriceSchema,
      vcpuSeconds: ListPriceSchema,
      gibSeconds: ListPriceSchema,
      freeTier: z.strictObject({
        vcpuSecondsPerMonth: Count,
        gibSecondsPerMonth: Count,
        requestsPerMonth: Count,
        ...NotSubtracted,
      }),
      defaultCpu: z.strictObject({
        memoryMiB: Count,
        firebaseDeployVcpu: z.number().positive(),
        gcloudVcpu: z.number().positive(),
        checked: z.iso.date(),
        sources: z.array(z.url()).min(1),
        note: z.string(),
      }),
    }),
    anchors: z.strictObject({ aws: AwsAnchorSchema, azure: AzureAnchorSchema }),
  })
  .superRefine((prices, context) => {
    const { aws, azure } = prices.anchors;
    for (const [key, stated, computed] of [
      ['aws', aws.perDeviceMonth, awsDeviceMonth(aws)],
      ['azure', azure.perDeviceMonth, azureDeviceMonth(azure)],
    ] as const) {
      if (Math.abs(stated - computed) > ANCHOR_ROUNDING_USD) {
        context.addIssue({
          code: 'custom',
          path: ['anchors', key, 'perDeviceMonth'],
          message: `states $${String(stated)}, but its list prices give $${computed.toFixed(6)}`,
        });
      }
    }
  });
export type Prices = z.infer<typeof PricesSchema>;

/** What one unit costs: one document read, one vCPU-second. */
export function unitPrice(price: ListPrice): number {
  return price.usd / price.per;
}

/** A device connected all month, sending `messagesPerMinute`: connection minutes plus messages. */
export function awsDeviceMonth(aws: z.infer<typeof AwsAnchorSchema>): number {
  const minutes = HOURS_PER_MONTH * 60;
  return (
    minutes * unitPrice(aws.connectivity) +
    minutes * aws.messagesPerMinute * unitPrice(aws.messaging)
  );
}

/** A device's share of a unit's price: its messages a day over the unit's daily quota. */
export function azureDeviceMonth(azure: z.infer<typeof AzureAnchorSchema>): number {
  const perDay = azure.messagesPerMinute * 24 * 60;
  return (unitPrice(azure.unitPrice) * perDay) / azure.messagesPerUnitPerDay.messages;
}

/** The prices in `json`, or an error naming every field that is wrong. */
export function parsePrices(json: unknown, file = 'bench/cost/prices.json'): Prices {
  const result = PricesSchema.safeParse(json);
  if (!result.success) {
    throw new Error(`The prices in ${file} are not valid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

const PRICES_FILE = fileURLToPath(new URL('./prices.json', import.meta.url));

export function loadPrices(file = PRICES_FILE): Prices {
  return parsePrices(JSON.parse(readFileSync(file, 'utf8')), file);
}

/** Every price in the file not read at its official source, by path, for the report's footer. */
export function unconfirmedPrices(prices: Prices): string[] {
  const { firestore, functions, anchors } = prices;
  const listed: Record<string, { readonly confirmedAtSource: boolean }> = {
    'firestore.reads': firestore.reads,
    'firestore.writes': firestore.writes,
    'firestore.deletes': firestore.deletes,
    'functions.invocations': functions.invocations,
    'functions.vcpuSeconds': functions.vcpuSeconds,
    'functions.gibSeconds': functions.gibSeconds,
    'anchors.aws.connectivity': anchors.aws.connectivity,
    'anchors.aws.messaging': anchors.aws.messaging,
    'anchors.azure.unitPrice': anchors.azure.unitPrice,
    'anchors.azure.messagesPerUnitPerDay': anchors.azure.messagesPerUnitPerDay,
  };
  return Object.entries(listed)
    .filter(([, price]) => !price.confirmedAtSource)
    .map(([path]) => path);
}
