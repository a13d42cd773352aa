// A collection: add a document, and run a query (filters, orderBy, limit, collection group). When
// strict indexes refuse it, the error shows the index it needs, as production would.
import { useState } from 'preact/hooks';
import { errorText } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { href } from '../route.ts';
import { createDocument, database, pathOf, runQuery } from '../firestore/rest.ts';
import type { FirestoreDocument, QueryOrder } from '../firestore/rest.ts';
import { TYPES, parseValue, toText } from '../firestore/values.ts';
import type { ValueType } from '../firestore/values.ts';
import { TextInput } from '../text-input.tsx';

const OPS = [
  ['EQUAL', '=='],
  ['NOT_EQUAL', '!='],
  ['LESS_THAN', '<'],
  ['LESS_THAN_OR_EQUAL', '<='],
  ['GREATER_THAN', '>'],
  ['GREATER_THAN_OR_EQUAL', '>='],
  ['ARRAY_CONTAINS', 'array-contains'],
  ['IN', 'in'],
  ['ARRAY_CONTAINS_ANY', 'array-contains-any'],
  ['NOT_IN', 'not-in'],
] as const;

interface FilterRow {
  field: string;
  op: string;
  type: ValueType;
  text: string;
}

export function CollectionTools({
  collection,
  onCreated,
}: {
  collection: readonly string[];
  onCreated: () => void;
}) {
  const [newId, setNewId] = useState('');
  const [createError, setCreateError] = useState<string | undefined>();
  const [filters, setFilters] = useState<FilterRow[]>([]);
  const [orders, setOrders] = useState<QueryOrder[]>([]);
  const [limit, setLimit] = useState('50');
  const [group, setGroup] = useState(false);
  const [results, setResults] = useState<FirestoreDocument[] | undefined>();
  const [queryError, setQueryError] = useState<string | undefined>();

  const create = async (event: Event) => {
    event.preventDefault();
    setCreateError(undefined);
    try {
      const id = newId.trim();
      if (id === '' || id.includes('/')) throw new Error('A document id is a name without "/"');
      await createDocument(collection, id, {});
      onCreated();
      location.hash = href('firestore', [...collection, id]);
    } catch (error) {
      setCreateError(errorText(error));
    }
  };

  const run = async (event: Event) => {
    event.preventDefault();
    setQueryError(undefined);
    setResults(undefined);
    try {
      const db = await database();
      const parsed = filters.map((f) => {
        if (f.field.trim() === '') throw new Error('Every filter needs a field');
        return { field: f.field.trim(), op: f.op, value: parseValue(f.type, f.text, db) };
      });
      const n = Number(limit);
      if (!Number.isInteger(n) || n < 1) throw new Error('The limit is a whole number from 1');
      setResults(await runQuery(collection, parsed, orders, n, group));
    } catch (error) {
      setQueryError(errorText(error));
    }
  };

  const updateFilter = (i: number, change: Partial<FilterRow>) => {
    setFilters(filters.map((f, j) => (j === i ? { ...f, ...change } : f)));
  };

  return (
    <div class="panel">
      <h2>Add a document to {collection.join('/')}</h2>
      <form class="row" onSubmit={(e) => void create(e)}>
        <TextInput
          aria-label="Document id"
          placeholder="document id"
          value={newId}
          onValue={setNewId}
        />
        <button type="submit" class="primary">
          Add document
        </button>
      </form>
      <ErrorBox error={createError} />

      <h2>Query</h2>
      <form onSubmit={(e) => void run(e)} aria-label="Query">
        {filters.map((f, i) => (
          <div class="row" key={i} data-testid="filter">
            <TextInput
              aria-label="Filter field"
              placeholder="field"
              value={f.field}
              onValue={(value) => {
                updateFilter(i, { field: value });
              }}
            />
            <select
              aria-label="Operator"
              value={f.op}
              onChange={(e) => {
                updateFilter(i, { op: e.currentTarget.value });
              }}
            >
              {OPS.map(([op, label]) => (
                <option key={op} value={op}>
                  {label}
                </option>
              ))}
            </select>
            <select
              aria-label="Filter type"
              value={f.type}
              onChange={(e) => {
                updateFilter(i, { type: e.currentTarget.value as ValueType });
              }}
            >
              {TYPES.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
            <TextInput
              aria-label="Filter value"
              value={f.text}
              onValue={(value) => {
                updateFilter(i, { text: value });
              }}
            />
            <button
              type="button"
              onClick={() => {
                setFilters(filters.filter((_, j) => j !== i));
              }}
            >
              Remove
            </button>
          </div>
        ))}
        {orders.map((o, i) => (
          <div class="row" key={`o${String(i)}`} data-testid="order">
            order by
            <TextInput
              aria-label="Order field"
              value={o.field}
              onValue={(field) => {
                setOrders(orders.map((x, j) => (j === i ? { ...x, field } : x)));
              }}
            />
            <select
              aria-label="Direction"
              value={o.direction}
              onChange={(e) => {
                const direction = e.currentTarget.value as QueryOrder['direction'];
                setOrders(orders.map((x, j) => (j === i ? { ...x, direction } : x)));
              }}
            >
              <option value="ASCENDING">ascending</option>
              <option value="DESCENDING">descending</option>
            </select>
            <button
              type="button"
              onClick={() => {
                setOrders(orders.filter((_, j) => j !== i));
              }}
            >
              Remove
            </button>
          </div>
        ))}
        <div class="row">
          <button
            type="button"
            onClick={() => {
              setFilters([...filters, { field: '', op: 'EQUAL', type: 'string', text: '' }]);
            }}
          >
            Add filter
          </button>
          <button
            type="button"
            onClick={() => {
              setOrders([...orders, { field: '', direction: 'ASCENDING' }]);
            }}
          >
            Add order by
          </button>
          <label>
            limit <TextInput size={4} value={limit} onValue={setLimit} />
          </label>
          <label>
            <input
              type="checkbox"
              checked={group}
              onChange={(e) => {
                setGroup(e.currentTarget.checked);
              }}
            />{' '}
            collection group
          </label>
          <button type="submit" class="primary">
            Run query
          </button>
        </div>
      </form>
      <ErrorBox error={queryError} />
      {results && (
        <table aria-label="Query results">
          <thead>
            <tr>
              <th>document</th>
              <th>fields</th>
            </tr>
          </thead>
          <tbody>
            {results.map((d) => (
              <tr key={d.name}>
                <td>
                  <a href={href('firestore', pathOf(d.name))}>{pathOf(d.name).join('/')}</a>
                </td>
                <td class="mono">
                  {Object.entries(d.fields ?? {})
                    .map(([k, v]) => `${k}: ${toText(v)}`)
                    .join(', ')
                    .slice(0, 200)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {results?.length === 0 && <p class="muted">No documents match.</p>}
    </div>
  );
}
