// Query filters, with the cities data set of the docs ("Perform simple and compound queries",
// "Query limitations", "OR queries", "Query with range and inequality filters on multiple fields").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FieldPath, Filter } from 'firebase-admin/firestore';
import type { CollectionReference } from 'firebase-admin/firestore';
import { Code, ids, openBackend } from './backend.ts';
import type { Backend } from './backend.ts';

let be: Backend;
let cities: CollectionReference;

const data: Record<string, Record<string, unknown>> = {
  SF: {
    name: 'San Francisco',
    state: 'CA',
    country: 'USA',
    capital: false,
    population: 860000,
    regions: ['west_coast', 'norcal'],
  },
  LA: {
    name: 'Los Angeles',
    state: 'CA',
    country: 'USA',
    capital: false,
    population: 3900000,
    regions: ['west_coast', 'socal'],
  },
  DC: {
    name: 'Washington, D.C.',
    state: null,
    country: 'USA',
    capital: true,
    population: 680000,
    regions: ['east_coast'],
  },
  TOK: {
    name: 'Tokyo',
    state: null,
    country: 'Japan',
    capital: true,
    population: 9000000,
    regions: ['kanto', 'honshu'],
  },
  BJ: {
    name: 'Beijing',
    state: null,
    country: 'China',
    capital: true,
    population: 21500000,
    regions: ['jingjinji', 'hebei'],
  },
  // Lacks most fields: filters on them must never match it.
  ATL: { name: 'Atlantis', country: 'Atlantis' },
  // Null values: != and not-in leave them out.
  NUL: { name: 'Nowhere', country: null, capital: null, population: null },
  // A non-boolean capital matches != false.
  ODD: { name: 'Oddville', country: 'Utopia', capital: 'unknown', population: 12 },
};

function sorted(list: string[]): string[] {
  return [...list].sort();
}

beforeAll(async () => {
  be = await openBackend('queries-filters');
  cities = be.db.collection('cities');
  const batch = be.db.batch();
  for (const [id, fields] of Object.entries(data)) batch.set(cities.doc(id), fields);
  await batch.commit();
});
afterAll(async () => {
  await be.close();
});

describe('equality and inequality', () => {
  it('== matches exact values, == null matches only null values', async () => {
    expect(ids(await cities.where('state', '==', 'CA').get())).toEqual(['LA', 'SF']);
    expect(ids(await cities.where('capital', '==', true).get())).toEqual(['BJ', 'DC', 'TOK']);
    expect(ids(await cities.where('state', '==', null).get())).toEqual(['BJ', 'DC', 'TOK']);
  });

  it('!= leaves out documents without the field and with null in it', async () => {
    // Ordered by capital: the booleans, then the string.
    expect(ids(await cities.where('capital', '!=', false).get())).toEqual([
      'BJ',
      'DC',
      'TOK',
      'ODD',
    ]);
    const notUsa = await cities.where('country', '!=', 'USA').get();
    expect(sorted(ids(notUsa))).toEqual(['ATL', 'BJ', 'ODD', 'TOK']);
  });

  it('orders != results by the filtered field', async () => {
    const notUsa = await cities.where('country', '!=', 'USA').get();
    expect(notUsa.docs.map((d) => d.get('country') as string)).toEqual([
      'Atlantis',
      'China',
      'Japan',
      'Utopia',
    ]);
  });

  it('range operators compare within the type of the value', async () => {
    expect(ids(await cities.where('population', '<', 1000000).get())).toEqual(['ODD', 'DC', 'SF']);
    expect(ids(await cities.where('population', '<=', 860000).get())).toEqual(['ODD', 'DC', 'SF']);
    expect(ids(await cities.where('population', '>', 3900000).get())).toEqual(['TOK', 'BJ']);
    expect(ids(await cities.where('population', '>=', 3900000).get())).toEqual(['LA', 'TOK', 'BJ']);
    expect(ids(await cities.where('name', '>=', 'S').where('name', '<', 'T').get())).toEqual([
      'SF',
    ]);
  });

  it('combines a range on one field with equality on another', async () => {
    const snap = await cities.where('country', '==', 'USA').where('population', '>', 700000).get();
    expect(ids(snap)).toEqual(['SF', 'LA']);
  });

  it('accepts range filters on several fields, ordered by those fields in name order', async () => {
    const snap = await cities.where('population', '>', 700000).where('name', '<', 'T').get();
    // Implicit order: name, then population, then __name__.
    expect(ids(snap)).toEqual(['BJ', 'LA', 'SF']);
  });
});

describe('array and set membership', () => {
  it('array-contains matches one element', async () => {
    expect(ids(await cities.where('regions', 'array-contains', 'west_coast').get())).toEqual([
      'LA',
      'SF',
    ]);
    expect((await cities.where('regions', 'array-contains', 'nowhere').get()).size).toBe(0);
  });

  it('array-contains-any returns each matching document once', async () => {
    const snap = await cities
      .where('regions', 'array-contains-any', ['west_coast', 'norcal', 'kanto'])
      .get();
    expect(ids(snap)).toEqual(['LA', 'SF', 'TOK']);
  });

  it('in matches any listed value, arrays compared as whole values', async () => {
    expect(ids(await cities.where('country', 'in', ['Japan', 'China']).get())).toEqual([
      'BJ',
      'TOK',
    ]);
    const exact = await cities.where('regions', 'in', [['west_coast', 'norcal'], ['norcal']]).get();
    expect(ids(exact)).toEqual(['SF']);
  });

  it('not-in leaves out listed values, null values and missing fields', async () => {
    const snap = await cities.where('country', 'not-in', ['USA', 'Japan']).get();
    expect(ids(snap)).toEqual(['ATL', 'BJ', 'ODD']);
  });
});

describe('OR and AND composites', () => {
  it('Filter.or unions its branches without duplicates', async () => {
    const snap = await cities
      .where(Filter.or(Filter.where('state', '==', 'CA'), Filter.where('capital', '==', true)))
      .get();
    expect(ids(snap)).toEqual(['BJ', 'DC', 'LA', 'SF', 'TOK']);
  });

  it('nests OR inside AND', async () => {
    const snap = await cities
      .where(
        Filter.and(
          Filter.where('country', '==', 'USA'),
          Filter.or(Filter.where('population', '>', 1000000), Filter.where('capital', '==', true)),
        ),
      )
      .get();
    expect(ids(snap)).toEqual(['DC', 'LA']);
  });

  it('mixes in and array-contains-any across OR branches', async () => {
    const snap = await cities
      .where(
        Filter.or(
          Filter.where('country', 'in', ['China']),
          Filter.where('regions', 'array-contains-any', ['socal']),
        ),
      )
      .get();
    expect(ids(snap)).toEqual(['BJ', 'LA']);
  });
});

describe('document id filters', () => {
  it('filters by id with ==, in and ranges', async () => {
    const docId = FieldPath.documentId();
    expect(ids(await cities.where(docId, '==', 'LA').get())).toEqual(['LA']);
    expect(ids(await cities.where(docId, 'in', ['TOK', 'SF', 'missing']).get())).toEqual([
      'SF',
      'TOK',
    ]);
    expect(ids(await cities.where(docId, '>=', 'N').where(docId, '<', 'T').get())).toEqual([
      'NUL',
      'ODD',
      'SF',
    ]);
    expect(ids(await cities.where(docId, '==', cities.doc('BJ')).get())).toEqual(['BJ']);
  });
});

describe('NaN and null', () => {
  beforeAll(async () => {
    const col = be.db.collection('nan');
    await col.doc('one').set({ v: 1 });
    await col.doc('nan').set({ v: NaN });
    await col.doc('null').set({ v: null });
    await col.doc('text').set({ v: 'x' });
    await col.doc('none').set({});
  });

  it('matches NaN with == NaN and not through numeric ranges', async () => {
    const col = be.db.collection('nan');
    expect(ids(await col.where('v', '==', NaN).get())).toEqual(['nan']);
    expect(ids(await col.where('v', '>=', -Infinity).get())).toEqual(['one']);
  });

  it('!= null matches every present, non-null value', async () => {
    const col = be.db.collection('nan');
    expect(sorted(ids(await col.where('v', '!=', null).get()))).toEqual(['nan', 'one', 'text']);
  });

  // Production: a null or NaN in an `in` or `array-contains-any` list matches nothing (the web
  // SDK's "can use IN filters" and "can use array-contains-any filters").
  it('in and array-contains-any never match a listed null or NaN', async () => {
    const col = be.db.collection('nan');
    expect(ids(await col.where('v', 'in', [null]).get())).toEqual([]);
    expect(ids(await col.where('v', 'in', [NaN]).get())).toEqual([]);
    expect(ids(await col.where('v', 'in', [1, null, NaN]).get())).toEqual(['one']);
    const arrays = be.db.collection('nan-arrays');
    await arrays.doc('null').set({ a: [null] });
    await arrays.doc('nan').set({ a: [NaN] });
    await arrays.doc('n43').set({ a: [43] });
    expect(ids(await arrays.where('a', 'array-contains-any', [null]).get())).toEqual([]);
    expect(ids(await arrays.where('a', 'array-contains-any', [NaN]).get())).toEqual([]);
    expect(ids(await arrays.where('a', 'array-contains-any', [43, null, NaN]).get())).toEqual([
      'n43',
    ]);
  });
});

// Query errors reach the SDK on a stream; when a server sends them without response headers first,
// the SDK's stream retry layer retries twice with backoff before giving up, hence the long timeout.
// Checks within a test run in parallel for the same reason.
describe('limits the server enforces (INVALID_ARGUMENT)', { timeout: 30_000 }, () => {
  const values = (n: number): string[] => Array.from({ length: n }, (_, i) => `v${i}`);
  const invalid = { code: Code.INVALID_ARGUMENT };

  it('allows 30 values in in and array-contains-any, not 31', async () => {
    await Promise.all([
      expect(cities.where('country', 'in', values(30)).get()).resolves.toHaveProperty('size', 0),
      expect(
        cities.where('regions', 'array-contains-any', values(30)).get(),
      ).resolves.toHaveProperty('size', 0),
      expect(cities.where('country', 'in', values(31)).get()).rejects.toMatchObject(invalid),
      expect(cities.where('regions', 'array-contains-any', values(31)).get()).rejects.toMatchObject(
        invalid,
      ),
    ]);
  });

  it('limits not-in to 10 values', async () => {
    await Promise.all([
      expect(cities.where('country', 'not-in', values(10)).get()).resolves.toHaveProperty(
        'size',
        7,
      ),
      expect(cities.where('country', 'not-in', values(11)).get()).rejects.toMatchObject(invalid),
    ]);
  });

  it('counts disjunctions in normal form: 6 x 6 in values are 36 > 30', async () => {
    const ors = Array.from({ length: 31 }, (_, i) => Filter.where('population', '==', i));
    await Promise.all([
      expect(
        cities.where('country', 'in', values(6)).where('name', 'in', values(6)).get(),
      ).rejects.toMatchObject(invalid),
      expect(
        cities.where('country', 'in', values(5)).where('name', 'in', values(6)).get(),
      ).resolves.toHaveProperty('size', 0),
      expect(cities.where(Filter.or(...ors)).get()).rejects.toMatchObject(invalid),
      expect(cities.where(Filter.or(...ors.slice(0, 30))).get()).resolves.toHaveProperty('size', 1),
    ]);
  });

  it('rejects not-in together with != or with another not-in', async () => {
    await Promise.all([
      expect(
        cities.where('country', 'not-in', ['USA']).where('state', '!=', 'CA').get(),
      ).rejects.toMatchObject(invalid),
      expect(
        cities.where('country', 'not-in', ['USA']).where('name', 'not-in', ['Tokyo']).get(),
      ).rejects.toMatchObject(invalid),
    ]);
  });

  it('rejects two array-contains filters in one conjunction', async () => {
    await expect(
      cities
        .where('regions', 'array-contains', 'west_coast')
        .where('regions', 'array-contains', 'socal')
        .get(),
    ).rejects.toMatchObject(invalid);
  });
});
