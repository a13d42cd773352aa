// The demo user as the app acts, over plain REST (no SDK to load): sign in, call a callable, read a
// document under the rules. What the console tests do to the backend while they watch the page.

const AUTH = 'http://127.0.0.1:9099/identitytoolkit.googleapis.com/v1';
const FUNCTIONS = 'http://127.0.0.1:5001/demo-gadget/us-central1';
export const FIRESTORE =
  'http://127.0.0.1:8080/v1/projects/demo-gadget/databases/(default)/documents';
export const DEMO = { email: 'demo@gadget.test', password: 'gadget-demo', uid: 'demo-user' };
export const DEMO_DEVICE = 'demo-air-0101';

/** A fresh ID token of the demo user: its claims are the ones Auth holds now. */
export async function signInDemo(): Promise<string> {
  const response = await fetch(`${AUTH}/accounts:signInWithPassword?key=demo-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: DEMO.email, password: DEMO.password, returnSecureToken: true }),
  });
  const body = (await response.json()) as { idToken?: string };
  if (body.idToken === undefined) throw new Error(`Sign-in failed: ${JSON.stringify(body)}`);
  return body.idToken;
}

/** A new email account, as the app signs one up; returns its uid and ID token. */
export async function signUp(email: string, password: string) {
  const response = await fetch(`${AUTH}/accounts:signUp?key=demo-key`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, returnSecureToken: true }),
  });
  const body = (await response.json()) as { localId?: string; idToken?: string };
  if (body.idToken === undefined || body.localId === undefined)
    throw new Error(`Sign-up failed: ${JSON.stringify(body)}`);
  return { uid: body.localId, idToken: body.idToken };
}

export function claimsOf(idToken: string): Record<string, unknown> {
  const payload = idToken.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}

export async function call(idToken: string, name: string, data: unknown): Promise<unknown> {
  const response = await fetch(`${FUNCTIONS}/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${idToken}` },
    body: JSON.stringify({ data }),
  });
  const body = (await response.json()) as { result?: unknown; error?: unknown };
  if (!response.ok) throw new Error(`${name} failed: ${JSON.stringify(body.error)}`);
  return body.result;
}

/** One reading per value, a second apart, ending now. */
export function readings(prefix: string, values: Record<string, number>[]) {
  const end = Date.now() - 1_000;
  return values.map((v, i) => ({
    id: `${prefix}-${String(i)}`,
    ts: new Date(end - (values.length - 1 - i) * 1_000).toISOString(),
    values: v,
  }));
}

/** A document read with an app user's token: the rules decide. Returns the HTTP status. */
export async function clientRead(idToken: string, path: string): Promise<number> {
  const response = await fetch(`${FIRESTORE}/${path}`, {
    headers: { authorization: `Bearer ${idToken}` },
  });
  await response.arrayBuffer();
  return response.status;
}

/** A document with admin rights, as the REST API returns it. */
export async function adminRead(path: string): Promise<{ fields?: Record<string, unknown> }> {
  const response = await fetch(`${FIRESTORE}/${path}`, {
    headers: { authorization: 'Bearer owner' },
  });
  return (await response.json()) as { fields?: Record<string, unknown> };
}

export async function demoUserRecord(): Promise<{ customAttributes?: string }> {
  const response = await fetch(`${AUTH}/projects/demo-gadget/accounts:lookup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer owner' },
    body: JSON.stringify({ localId: [DEMO.uid] }),
  });
  const body = (await response.json()) as { users?: { customAttributes?: string }[] };
  return body.users?.[0] ?? {};
}

/** Uploads `bytes` as the app does (the Firebase Storage API, under the rules). */
export async function upload(idToken: string, name: string, bytes: Buffer, contentType: string) {
  const url = `http://127.0.0.1:9199/v0/b/demo-gadget.appspot.com/o?name=${encodeURIComponent(name)}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Firebase ${idToken}`, 'content-type': contentType },
    body: new Uint8Array(bytes),
  });
  if (!response.ok)
    throw new Error(`Upload failed: ${String(response.status)} ${await response.text()}`);
}
