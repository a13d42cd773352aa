import { deleteApp, initializeApp } from 'firebase/app';
import { connectAuthEmulator, getAuth, signInWithEmailAndPassword } from 'firebase/auth';
import { getFunctions, httpsCallableFromURL } from 'firebase/functions';
import { CALLABLES } from '@gadget/shared';
import type { z } from 'zod';

type Callables = typeof CALLABLES;

/**
 * The user's companion app, as the fleet drives it: the official Firebase JS SDK signed in with
 * email and password (it refreshes the ID token itself on long runs), calling the callables by
 * URL so a backend anywhere works. Answers are parsed with each callable's response schema.
 */
export interface AppSession {
  readonly uid: string;
  call<N extends keyof Callables>(
    name: N,
    data: z.input<Callables[N]['request']>,
  ): Promise<z.output<Callables[N]['response']>>;
  /** The user's current ID token (refreshed when due), for a download that takes a Bearer. */
  idToken(): Promise<string>;
  close(): Promise<void>;
}

export async function signInApp(options: {
  readonly projectId: string;
  readonly authEmulator: string;
  readonly functionsUrl: string;
  readonly email: string;
  readonly password: string;
}): Promise<AppSession> {
  const app = initializeApp(
    { apiKey: 'fleet-local-key', projectId: options.projectId },
    `fleet-${String(Date.now())}`,
  );
  const auth = getAuth(app);
  connectAuthEmulator(auth, `http://${options.authEmulator}`, { disableWarnings: true });
  const { user } = await signInWithEmailAndPassword(auth, options.email, options.password);
  const functions = getFunctions(app);
  return {
    uid: user.uid,
    call: async (name, data) => {
      const callable = httpsCallableFromURL(functions, `${options.functionsUrl}/${name}`);
      const { data: answer } = await callable(data);
      return CALLABLES[name].response.parse(answer) as never;
    },
    idToken: () => user.getIdToken(),
    close: () => deleteApp(app),
  };
}
