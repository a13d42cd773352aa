// Firestore: collections, documents and subcollections browsed live, documents and typed fields
// edited with admin rights, a query runner that shows the index strict mode asks for, and the op
// counters; under a device, its settings and commands (device-control-panel.tsx). The route's path
// is the Firestore path: #/firestore/devices/GDG-DEMO-0101.
import { control, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useDebounced, useLoad, useThrottled } from '../load.ts';
import { href } from '../route.ts';
import type { Route } from '../route.ts';
import { collectionIds, getDocument, listDocuments, pathOf } from '../firestore/rest.ts';
import { DocumentView } from './firestore-document.tsx';
import { CollectionTools } from './firestore-collection.tsx';
import { DeviceControlPanel } from './device-control-panel.tsx';
import { controlledDevice } from './device-control.ts';

export function Firestore({ route }: { route: Route }) {
  const path = route.path;
  const isDocument = path.length > 0 && path.length % 2 === 0;
  const collection = isDocument ? path.slice(0, -1) : path;
  const parentDoc = collection.slice(0, -1);
  const key = path.join('/');
  const deviceId = isDocument ? controlledDevice(path) : undefined;

  const collections = useLoad(() => collectionIds(parentDoc), [parentDoc.join('/')]);
  const documents = useLoad(
    () => (collection.length === 0 ? Promise.resolve([]) : listDocuments(collection)),
    [collection.join('/')],
  );
  const document = useLoad(() => (isDocument ? getDocument(path) : Promise.resolve(null)), [key]);
  const subcollections = useLoad(
    () => (isDocument ? collectionIds(path) : Promise.resolve([])),
    [key],
  );
  const ops = useLoad(() => request<Record<string, number>>(control('/ops')), []);

  const refreshLists = useThrottled(() => {
    collections.reload();
    documents.reload();
    subcollections.reload();
  });
  // The op counters change with every read and write, the page's own included: refreshed once
  // things are quiet rather than once per commit.
  const refreshOps = useDebounced(ops.reload, 500);
  useLive<{ path: string; exists: boolean; existed: boolean }>('firestore', (change) => {
    // The open document is fetched at once; the lists only when a document came or went.
    if (isDocument && change.path === key) document.reload();
    if (change.exists !== change.existed) refreshLists();
    refreshOps();
  });
  useLive('reset', refreshLists);

  const crumbs = path.map((segment, i) => ({ segment, to: path.slice(0, i + 1) }));
  return (
    <>
      <nav aria-label="Path" class="row mono">
        <a href={href('firestore')}>(root)</a>
        {crumbs.map((c) => (
          <span key={c.to.join('/')}>
            / <a href={href('firestore', c.to)}>{c.segment}</a>
          </span>
        ))}
      </nav>
      {deviceId !== undefined && <DeviceControlPanel key={deviceId} deviceId={deviceId} />}
      <div class="columns">
        <section class="panel" aria-label="Collections">
          <h2>Collections</h2>
          <ErrorBox error={collections.error} />
          <ul class="list">
            {(collections.data ?? []).map((id) => {
              const to = [...parentDoc, id];
              return (
                <li key={id}>
                  <a
                    href={href('firestore', to)}
                    aria-current={to.join('/') === collection.join('/') ? 'true' : undefined}
                  >
                    {id}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
        <section class="panel" aria-label="Documents">
          <h2>Documents</h2>
          <ErrorBox error={documents.error} />
          <ul class="list">
            {(documents.data ?? []).map((d) => {
              const to = pathOf(d.name);
              const id = to.at(-1) ?? '';
              return (
                <li key={d.name}>
                  <a
                    href={href('firestore', to)}
                    aria-current={to.join('/') === key ? 'true' : undefined}
                    class={d.fields === undefined && d.updateTime === undefined ? 'muted' : ''}
                  >
                    {id}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
        <section aria-label="Details">
          {isDocument ? (
            <DocumentView
              path={path}
              document={document.data}
              error={document.error}
              subcollections={subcollections.data ?? []}
              onChanged={document.reload}
            />
          ) : collection.length > 0 ? (
            <CollectionTools collection={collection} onCreated={documents.reload} />
          ) : (
            <p class="muted">Pick a collection.</p>
          )}
        </section>
      </div>
      <h2>Op counters</h2>
      <ErrorBox error={ops.error} />
      <div class="row" data-testid="ops">
        {Object.entries(ops.data ?? {}).map(([name, count]) => (
          <span key={name} class="tag">
            {name}: {count}
          </span>
        ))}
        <button
          type="button"
          onClick={() => {
            void request(control('/ops'), { method: 'DELETE' }).then(ops.reload);
          }}
        >
          Reset counters
        </button>
      </div>
    </>
  );
}
