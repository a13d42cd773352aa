// Push outbox: every message FCM would have delivered, drawn as an Android and an iOS lock screen
// would show it (title, body, locale, critical or quiet, data payload, token), with the send's
// result; the scripted failures, and a form to add one. FCM's Message has no locale field: the
// locale is the `locale` key of the data payload, which the sender sets to the language it wrote in.
import { useState } from 'preact/hooks';
import { control, errorText, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad } from '../load.ts';
import { TextInput } from '../text-input.tsx';

interface Message {
  readonly token: string;
  readonly notification?: { title?: string; body?: string };
  readonly data?: Record<string, string>;
  readonly android?: { priority?: string; notification?: { channelId?: string; sound?: string } };
  readonly apns?: {
    headers?: Record<string, string>;
    payload?: { aps?: { sound?: string; threadId?: string } };
  };
}

interface Captured {
  readonly message: Message;
  readonly sentAt: string;
  readonly result: { success: boolean; messageId?: string; error?: { code: string } };
}

interface OutboxView {
  readonly messages: Captured[];
  readonly failures: { token: string; code: string; remaining: number | null }[];
}

export function Outbox() {
  const outbox = useLoad(() => request<OutboxView>(control('/outbox')), []);
  useLive('push', outbox.reload);
  useLive('reset', outbox.reload);
  const messages = [...(outbox.data?.messages ?? [])].reverse();
  return (
    <>
      <ErrorBox error={outbox.error} />
      <FailureForm failures={outbox.data?.failures ?? []} onAdded={outbox.reload} />
      <div class="row">
        <span class="muted">{messages.length} messages</span>
        <button
          type="button"
          onClick={() => {
            void request(control('/outbox'), { method: 'DELETE' }).then(outbox.reload);
          }}
        >
          Empty the outbox
        </button>
      </div>
      {messages.map((c, i) => (
        <PushView key={`${c.sentAt}-${String(i)}`} captured={c} />
      ))}
    </>
  );
}

function PushView({ captured }: { captured: Captured }) {
  const { message, result } = captured;
  const title = message.notification?.title ?? '(no title)';
  const body = message.notification?.body ?? '';
  const critical =
    message.android?.priority === 'high' || message.apns?.payload?.aps?.sound === 'critical.caf';
  const quiet = message.apns?.headers?.['apns-priority'] === '5';
  const mode = critical ? 'critical' : quiet ? 'quiet' : 'normal';
  const time = captured.sentAt.slice(11, 16);
  const locale = message.data?.locale;
  const notice = { title, body, critical, locale };
  return (
    <article
      class="panel"
      aria-label={`Push: ${title}`}
      data-kind={message.data?.kind ?? ''}
      data-token={message.token}
    >
      <div class="row">
        <strong lang={locale}>{title}</strong>
        <span class="tag" aria-label="locale" title="data.locale">
          {locale ?? 'no locale'}
        </span>
        <span class={`tag ${critical ? 'bad' : ''}`}>{mode}</span>
        <span class={result.success ? 'ok' : 'bad'}>
          {result.success ? 'delivered' : `failed: ${result.error?.code ?? '?'}`}
        </span>
        <span class="muted mono">{captured.sentAt}</span>
      </div>
      <div class="phones">
        <LockScreen
          phone="android"
          app={`Gadget · ${message.android?.notification?.channelId ?? 'default'} · ${time}`}
          notice={notice}
        />
        <LockScreen
          phone="ios"
          app={`GADGET · ${time}${quiet ? ' · delivered quietly' : ''}`}
          notice={notice}
        />
        <div>
          <div>
            token <code>{message.token}</code>
          </div>
          <div>data</div>
          <pre>{JSON.stringify(message.data ?? {}, null, 2)}</pre>
        </div>
      </div>
    </article>
  );
}

interface Notice {
  readonly title: string;
  readonly body: string;
  readonly critical: boolean;
  readonly locale: string | undefined;
}

/** The notice as a phone's lock screen shows it, under the line naming the app. */
function LockScreen({
  phone,
  app,
  notice,
}: {
  phone: 'android' | 'ios';
  app: string;
  notice: Notice;
}) {
  return (
    <div class={`lock ${phone}`} aria-label={`${phone === 'ios' ? 'iOS' : 'Android'} lock screen`}>
      <div class="app">{app}</div>
      <div class={`notice ${notice.critical ? 'critical' : ''}`} lang={notice.locale}>
        <strong>{notice.title}</strong>
        <div>{notice.body}</div>
      </div>
    </div>
  );
}

const CODES = [
  'registration-token-not-registered',
  'invalid-registration-token',
  'internal-error',
  'server-unavailable',
  'message-rate-exceeded',
];

function FailureForm({
  failures,
  onAdded,
}: {
  failures: OutboxView['failures'];
  onAdded: () => void;
}) {
  const [token, setToken] = useState('');
  const [code, setCode] = useState(CODES[0] ?? '');
  const [times, setTimes] = useState('');
  const [failure, setFailure] = useState<string | undefined>();
  const add = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      if (token.trim() === '') throw new Error('A failure needs the token it applies to');
      const n = times.trim() === '' ? undefined : Number(times);
      if (n !== undefined && (!Number.isInteger(n) || n < 1))
        throw new Error('Times is a whole number from 1, or empty for every send');
      await request(control('/outbox/failures'), {
        body: { token: token.trim(), code, ...(n === undefined ? {} : { times: n }) },
      });
      setToken('');
      onAdded();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  return (
    <section class="panel" aria-label="Injected failures">
      <h2>Injected failures</h2>
      {failures.length === 0 ? (
        <p class="muted">None: every send succeeds.</p>
      ) : (
        <ul>
          {failures.map((f) => (
            <li key={f.token} class="mono">
              {f.token}: {f.code} (
              {f.remaining === null ? 'every send' : `${String(f.remaining)} more`})
            </li>
          ))}
        </ul>
      )}
      <form class="row" onSubmit={(e) => void add(e)}>
        <TextInput
          aria-label="Token"
          placeholder="push token"
          size={36}
          value={token}
          onValue={setToken}
        />
        <select
          aria-label="Error code"
          value={code}
          onChange={(e) => {
            setCode(e.currentTarget.value);
          }}
        >
          {CODES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
        <TextInput
          aria-label="Times"
          placeholder="times (empty: always)"
          value={times}
          onValue={setTimes}
        />
        <button type="submit">Add failure</button>
      </form>
      <ErrorBox error={failure} />
    </section>
  );
}
