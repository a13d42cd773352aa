// Storage: buckets and folders (#/storage/{bucket}/{folder…}), each object's metadata, images
// previewed, and for an upload the variants the pipeline wrote beside the manifest it recorded:
// from the upload's link while it is there, and from the variants' folder or any variant after the
// pipeline deleted it.
import { useEffect, useState } from 'preact/hooks';
import { ADMIN, project, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import { href } from '../route.ts';
import type { Route } from '../route.ts';
import { getDocument } from '../firestore/rest.ts';
import { toPlain } from '../firestore/values.ts';
import { outputsOf } from './upload-variants.ts';

interface StorageObject {
  readonly name: string;
  readonly bucket: string;
  readonly size: string;
  readonly contentType?: string;
  readonly updated?: string;
  readonly metadata?: Record<string, string>;
}

const api = (bucket: string, rest = '') =>
  `/storage/storage/v1/b/${encodeURIComponent(bucket)}${rest}`;

interface Listing {
  readonly items?: StorageObject[];
  readonly prefixes?: string[];
}

async function list(bucket: string, prefix: string): Promise<Listing> {
  const query = new URLSearchParams({ prefix, delimiter: '/' });
  return request<Listing>(`${api(bucket, '/o')}?${query.toString()}`, { headers: ADMIN });
}

export function Storage({ route }: { route: Route }) {
  const buckets = useLoad(
    () =>
      request<{ items?: { name: string }[] }>('/storage/storage/v1/b', { headers: ADMIN }).then(
        async (r) => {
          const names = (r.items ?? []).map((b) => b.name);
          const { storageBucket } = await project();
          return names.includes(storageBucket) ? names : [storageBucket, ...names];
        },
      ),
    [],
  );
  const [bucket = '', ...rest] = route.path;
  const joined = rest.join('/');
  const isFolder = joined === '' || route.query.get('object') === null;
  const prefix = joined === '' ? '' : `${joined}/`;
  const objectName = route.query.get('object') ?? undefined;
  const listing = useLoad(
    () => (bucket === '' ? Promise.resolve<Listing>({}) : list(bucket, prefix)),
    [bucket, prefix],
  );
  const refresh = useThrottled(listing.reload);
  useLive('storage', refresh);

  if (bucket === '') {
    return (
      <>
        <ErrorBox error={buckets.error} />
        <ul class="list">
          {(buckets.data ?? []).map((b) => (
            <li key={b}>
              <a href={href('storage', [b])}>{b}</a>
            </li>
          ))}
        </ul>
      </>
    );
  }
  const up = rest.slice(0, -1);
  return (
    <div class="columns" style={{ gridTemplateColumns: '420px minmax(0, 1fr)' }}>
      <section class="panel" aria-label="Folder">
        <h2 class="mono">
          {bucket}/{prefix}
        </h2>
        {rest.length > 0 && <a href={href('storage', [bucket, ...up])}>↑ up</a>}
        <ErrorBox error={listing.error} />
        <ul class="list">
          {(listing.data?.prefixes ?? []).map((p) => (
            <li key={p}>
              <a href={href('storage', [bucket, ...p.split('/').filter((s) => s !== '')])}>
                📁 {p.slice(prefix.length)}
              </a>
            </li>
          ))}
          {(listing.data?.items ?? []).map((o) => (
            <li key={o.name}>
              <a
                href={href('storage', [bucket, ...rest], { object: o.name })}
                aria-current={o.name === objectName ? 'true' : undefined}
              >
                {o.name.slice(prefix.length)} <span class="muted">{o.size} B</span>
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="Object">
        {!isFolder && objectName !== undefined ? (
          <ObjectView bucket={bucket} name={objectName} />
        ) : (
          <FolderView bucket={bucket} prefix={prefix} />
        )}
      </section>
    </div>
  );
}

/** An image pipeline's output folder shows its variants and manifest; any other, a hint. */
function FolderView({ bucket, prefix }: { bucket: string; prefix: string }) {
  const outputs = outputsOf(prefix);
  if (outputs === undefined || outputs.variantFolder !== prefix)
    return <p class="muted">Pick a file.</p>;
  return (
    <div class="panel">
      <UploadOutputsView bucket={bucket} outputs={outputs} />
    </div>
  );
}

function ObjectView({ bucket, name }: { bucket: string; name: string }) {
  const meta = useLoad(
    () => request<StorageObject>(api(bucket, `/o/${encodeURIComponent(name)}`), { headers: ADMIN }),
    [bucket, name],
  );
  const outputs = outputsOf(name);
  return (
    <div class="panel">
      <h2 class="mono">{name}</h2>
      {meta.error !== undefined && outputs !== undefined && name.startsWith('uploads/') ? (
        <p class="muted">
          Not in the bucket ({meta.error}): the image pipeline deletes an upload once it has written
          the variants.
        </p>
      ) : (
        <ErrorBox error={meta.error} />
      )}
      {meta.data && (
        <>
          <Preview object={meta.data} />
          <pre>{JSON.stringify(meta.data, null, 2)}</pre>
        </>
      )}
      {outputs && <UploadOutputsView bucket={bucket} outputs={outputs} />}
    </div>
  );
}

function Preview({ object }: { object: StorageObject }) {
  const [url, setUrl] = useState<string | undefined>();
  const isImage = object.contentType?.startsWith('image/') ?? false;
  useEffect(() => {
    if (!isImage) return undefined;
    let objectUrl: string | undefined;
    // <img> cannot send the admin header, so the bytes come through fetch.
    void fetch(`${api(object.bucket, `/o/${encodeURIComponent(object.name)}`)}?alt=media`, {
      headers: ADMIN,
    })
      .then((r) => r.blob())
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      });
    return () => {
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [object.bucket, object.name, isImage]);
  if (!isImage || url === undefined) return null;
  return <img class="thumb" src={url} alt={`Preview of ${object.name}`} />;
}

function UploadOutputsView({
  bucket,
  outputs,
}: {
  bucket: string;
  outputs: NonNullable<ReturnType<typeof outputsOf>>;
}) {
  const variants = useLoad(() => list(bucket, outputs.variantFolder), [outputs.variantFolder]);
  const manifest = useLoad(async () => {
    const doc = await getDocument(outputs.manifest.document);
    if (doc === null) return null;
    const fields = doc.fields ?? {};
    const value =
      outputs.manifest.field === undefined
        ? { mapValue: { fields } }
        : fields[outputs.manifest.field];
    return value === undefined ? null : toPlain(value);
  }, [outputs.manifest.document.join('/')]);
  const refresh = useThrottled(() => {
    variants.reload();
    manifest.reload();
  });
  useLive('storage', refresh);
  useLive('firestore', refresh);
  return (
    <div class="columns" style={{ gridTemplateColumns: 'minmax(0, 1fr) minmax(0, 1fr)' }}>
      <section aria-label="Variants">
        <h2>Variants in {outputs.variantFolder}</h2>
        {(variants.data?.items ?? []).length === 0 && <p class="muted">None yet.</p>}
        {(variants.data?.items ?? []).map((v) => (
          <div key={v.name}>
            <a
              href={href(
                'storage',
                [bucket, ...outputs.variantFolder.split('/').filter((s) => s !== '')],
                { object: v.name },
              )}
            >
              {v.name.slice(outputs.variantFolder.length)}
            </a>{' '}
            <span class="muted">{v.size} B</span>
            <Preview object={v} />
          </div>
        ))}
      </section>
      <section aria-label="Manifest">
        <h2>
          Manifest{' '}
          <a href={href('firestore', outputs.manifest.document)}>
            {outputs.manifest.document.join('/')}
            {outputs.manifest.field === undefined ? '' : `.${outputs.manifest.field}`}
          </a>
        </h2>
        <ErrorBox error={manifest.error} />
        <pre>{manifest.data === null ? 'none yet' : JSON.stringify(manifest.data, null, 2)}</pre>
      </section>
    </div>
  );
}
