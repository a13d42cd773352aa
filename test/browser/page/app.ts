// The web app's side of the browser tests, bundled with esbuild into the page: the firebase web SDK
// (WebChannel for Listen and Write, REST for one-shot calls) signed in as a user and pointed at the
// test cloud with the connect*Emulator calls. The test drives it through `window.gadget`.
import { initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import {
  collection,
  connectFirestoreEmulator,
  doc,
  initializeFirestore,
  onSnapshot,
  orderBy,
  query,
  runTransaction,
  serverTimestamp,
  updateDoc,
  where,
} from 'firebase/firestore';
import type { DocumentSnapshot, Firestore, QuerySnapshot } from 'firebase/firestore';
import { connectFunctionsEmulator, getFunctions, httpsCallable } from 'firebase/functions';
import type { Functions } from 'firebase/functions';
import { connectStorageEmulator, getStorage, ref, uploadBytes } from 'firebase/storage';
import type { FirebaseStorage } from 'firebase/storage';

export interface PageConfig {
  projectId: string;
  storageBucket: string;
  host: string;
  ports: { auth: number; firestore: number; storage: number; functions: number };
  longPolling: boolean;
  email: string;
  password: string;
}

/** A snapshot as plain data the test can read across the page boundary. */
export interface SnapshotView {
  fromCache: boolean;
  pending: boolean;
  ids: string[];
  changes: string[];
  data: Record<string, unknown> | null;
}

let db: Firestore;
let storage: FirebaseStorage;
let functions: Functions;
let uid = '';
const snapshots: Record<string, SnapshotView[]> = {};
const errors: Record<string, string> = {};

function plain(value: unknown): unknown {
  if (value && typeof value === 'object' && 'toMillis' in value)
    return { millis: (value as { toMillis(): number }).toMillis() };
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function record(name: string): (s: QuerySnapshot | DocumentSnapshot) => void {
  snapshots[name] = [];
  return (s) => {
    const view: SnapshotView =
      'docs' in s
        ? {
            fromCache: s.metadata.fromCache,
            pending: s.metadata.hasPendingWrites,
            ids: s.docs.map((d) => d.id),
            changes: s.docChanges().map((c) => `${c.type}:${c.doc.id}`),
            data: null,
          }
        : {
            fromCache: s.metadata.fromCache,
            pending: s.metadata.hasPendingWrites,
            ids: s.exists() ? [s.id] : [],
            changes: [],
            data: s.exists() ? (plain(s.data()) as Record<string, unknown>) : null,
          };
    snapshots[name]?.push(view);
  };
}

const onError = (name: string) => (e: Error) => {
  errors[name] = e.message;
};

const gadget = {
  async init(config: PageConfig): Promise<string> {
    const app = initializeApp({
      apiKey: 'demo-key',
      projectId: config.projectId,
      storageBucket: config.storageBucket,
    });
    const auth = getAuth(app);
    connectAuthEmulator(auth, `http://${config.host}:${String(config.ports.auth)}`, {
      disableWarnings: true,
    });
    uid = (await signInWithEmailAndPassword(auth, config.email, config.password)).user.uid;
    db = initializeFirestore(app, config.longPolling ? { experimentalForceLongPolling: true } : {});
    connectFirestoreEmulator(db, config.host, config.ports.firestore);
    storage = getStorage(app);
    connectStorageEmulator(storage, config.host, config.ports.storage);
    functions = getFunctions(app);
    connectFunctionsEmulator(functions, config.host, config.ports.functions);
    return uid;
  },
  listenOwnDevices(name: string): void {
    const q = query(collection(db, 'devices'), where('memberUids', 'array-contains', uid));
    onSnapshot(q, { includeMetadataChanges: true }, record(name), onError(name));
  },
  listenInbox(name: string): void {
    const q = query(collection(db, `users/${uid}/notifications`), orderBy('createdAt', 'desc'));
    onSnapshot(q, { includeMetadataChanges: true }, record(name), onError(name));
  },
  listenDocument(name: string, path: string): void {
    onSnapshot(doc(db, path), { includeMetadataChanges: true }, record(name), onError(name));
  },
  snapshots(name: string): SnapshotView[] {
    return snapshots[name] ?? [];
  },
  error(name: string): string | undefined {
    return errors[name];
  },
  /** The URLs the page requested, to check which transport the SDK used. */
  requests(): string[] {
    return performance.getEntriesByType('resource').map((e) => e.name);
  },
  async markRead(path: string): Promise<void> {
    await updateDoc(doc(db, path), { readAt: serverTimestamp() });
  },
  async markReadInTransaction(path: string): Promise<boolean> {
    return runTransaction(db, async (t) => {
      const entry = await t.get(doc(db, path));
      if (entry.get('readAt') !== null) return false;
      t.update(doc(db, path), { readAt: serverTimestamp() });
      return true;
    });
  },
  async upload(path: string, base64: string, contentType: string): Promise<void> {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    await uploadBytes(ref(storage, path), bytes, { contentType });
  },
  /** A callable through the functions SDK; its result's data. */
  async call(name: string, data: unknown): Promise<unknown> {
    return (await httpsCallable(functions, name)(data)).data;
  },
  /**
   * A bare fetch, as any script on the page could send it: the status and body, or the browser's
   * refusal (`failed: …`) when the answer was not shared with the page.
   */
  async fetchFromPage(url: string, init: RequestInit): Promise<string> {
    try {
      const response = await fetch(url, init);
      return `${String(response.status)} ${await response.text()}`;
    } catch (error) {
      return `failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  },
};

(globalThis as unknown as { gadget: typeof gadget }).gadget = gadget;
