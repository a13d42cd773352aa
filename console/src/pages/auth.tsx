// Auth: the users, searched by uid, email or name; create, edit (display name, email, disabled,
// custom claims as JSON) and delete, through the Identity Toolkit admin routes. #/auth/{uid}.
import { useEffect, useState } from 'preact/hooks';
import { ADMIN, errorText, project, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad } from '../load.ts';
import { href, setQuery } from '../route.ts';
import type { Route } from '../route.ts';
import { TextInput } from '../text-input.tsx';

interface User {
  readonly localId: string;
  readonly email?: string;
  readonly displayName?: string;
  readonly disabled?: boolean;
  readonly customAttributes?: string;
  readonly createdAt?: string;
  readonly lastLoginAt?: string;
}

async function accounts(verb = ''): Promise<string> {
  const { projectId } = await project();
  return `/auth/identitytoolkit.googleapis.com/v1/projects/${projectId}/accounts${verb}`;
}

async function listUsers(): Promise<User[]> {
  const answer = await request<{ users?: User[] }>(
    `${await accounts(':batchGet')}?maxResults=1000`,
    {
      headers: ADMIN,
    },
  );
  return answer.users ?? [];
}

export function Auth({ route }: { route: Route }) {
  const users = useLoad(listUsers, []);
  useLive('auth', users.reload);
  useLive('reset', users.reload);
  const search = route.query.get('q') ?? '';
  const selected = route.path[0];
  const shown = (users.data ?? []).filter((u) =>
    [u.localId, u.email ?? '', u.displayName ?? ''].some((s) =>
      s.toLowerCase().includes(search.toLowerCase()),
    ),
  );
  const user = users.data?.find((u) => u.localId === selected);
  return (
    <div class="columns" style={{ gridTemplateColumns: '420px minmax(0, 1fr)' }}>
      <section class="panel" aria-label="Users">
        <div class="row" role="search">
          <TextInput
            aria-label="Search users"
            placeholder="uid, email or name"
            value={search}
            onValue={(value) => {
              setQuery(route, { q: value });
            }}
          />
          <a href={href('auth', ['new'])}>Create a user</a>
        </div>
        <ErrorBox error={users.error} />
        <ul class="list">
          {shown.map((u) => (
            <li key={u.localId}>
              <a
                href={href('auth', [u.localId], search === '' ? undefined : { q: search })}
                aria-current={u.localId === selected ? 'true' : undefined}
              >
                {u.email ?? '(no email)'} <span class="muted mono">{u.localId}</span>
                {u.disabled ? ' (disabled)' : ''}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-label="User">
        {selected === 'new' ? (
          <CreateUser onCreated={users.reload} />
        ) : user ? (
          <EditUser key={user.localId} user={user} onChanged={users.reload} />
        ) : (
          <p class="muted">{selected === undefined ? 'Pick a user.' : `No user ${selected}.`}</p>
        )}
      </section>
    </div>
  );
}

/** The claims text parsed: an object, or why it is refused (nothing is sent then). */
export function parseClaims(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`Custom claims are not valid JSON: ${errorText(error)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('Custom claims must be a JSON object, like {"admin": true}');
  return parsed as Record<string, unknown>;
}

function EditUser({ user, onChanged }: { user: User; onChanged: () => void }) {
  const [displayName, setDisplayName] = useState(user.displayName ?? '');
  const [email, setEmail] = useState(user.email ?? '');
  const [disabled, setDisabled] = useState(user.disabled ?? false);
  const [claims, setClaims] = useState(pretty(user.customAttributes));
  const [failure, setFailure] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  useEffect(() => {
    setClaims(pretty(user.customAttributes));
  }, [user.customAttributes]);

  const save = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    setStatus(undefined);
    try {
      const parsed = parseClaims(claims);
      await request(await accounts(':update'), {
        headers: ADMIN,
        body: {
          localId: user.localId,
          displayName,
          email,
          disableUser: disabled,
          customAttributes: JSON.stringify(parsed),
        },
      });
      setStatus('Saved. New ID tokens carry these claims.');
      onChanged();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  const remove = async () => {
    if (!confirm(`Delete ${user.email ?? user.localId}?`)) return;
    try {
      await request(await accounts(':delete'), { headers: ADMIN, body: { localId: user.localId } });
      location.hash = href('auth');
      onChanged();
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <form class="panel" onSubmit={(e) => void save(e)} aria-label="Edit user">
      <h2 class="mono">{user.localId}</h2>
      <p class="muted">
        created {user.createdAt ? new Date(Number(user.createdAt)).toISOString() : '—'}, last
        sign-in {user.lastLoginAt ? new Date(Number(user.lastLoginAt)).toISOString() : '—'}
      </p>
      <div class="row">
        <label>
          display name <TextInput value={displayName} onValue={setDisplayName} />
        </label>
        <label>
          email <TextInput value={email} onValue={setEmail} />
        </label>
        <label>
          <input
            type="checkbox"
            checked={disabled}
            onChange={(e) => {
              setDisabled(e.currentTarget.checked);
            }}
          />{' '}
          disabled
        </label>
      </div>
      <label for="claims">custom claims (JSON)</label>
      <textarea
        id="claims"
        class="mono"
        rows={6}
        style={{ width: '100%' }}
        value={claims}
        onInput={(e) => {
          setClaims(e.currentTarget.value);
        }}
      />
      <ErrorBox error={failure} />
      <div class="row">
        <button type="submit" class="primary">
          Save user
        </button>
        <button type="button" class="danger" onClick={() => void remove()}>
          Delete user
        </button>
        <span role="status" class="ok">
          {status}
        </span>
      </div>
    </form>
  );
}

function CreateUser({ onCreated }: { onCreated: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  const create = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const created = await request<{ localId: string }>(await accounts(), {
        headers: ADMIN,
        body: { email, password, displayName },
      });
      onCreated();
      location.hash = href('auth', [created.localId]);
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <form class="panel" onSubmit={(e) => void create(e)} aria-label="Create user">
      <h2>Create a user</h2>
      <div class="row">
        <TextInput aria-label="Email" placeholder="email" value={email} onValue={setEmail} />
        <input
          aria-label="Password"
          type="password"
          placeholder="password"
          value={password}
          onInput={(e) => {
            setPassword(e.currentTarget.value);
          }}
        />
        <TextInput
          aria-label="Display name"
          placeholder="display name"
          value={displayName}
          onValue={setDisplayName}
        />
        <button type="submit" class="primary">
          Create
        </button>
      </div>
      <ErrorBox error={failure} />
    </form>
  );
}

function pretty(customAttributes: string | undefined): string {
  if (customAttributes === undefined || customAttributes === '') return '{}';
  try {
    return JSON.stringify(JSON.parse(customAttributes), null, 2);
  } catch {
    return customAttributes;
  }
}
