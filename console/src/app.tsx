// The console's frame: a skip link, the page list (Alt+1…9, Alt+0 for the tenth and Alt+- for the
// eleventh jump between pages, see shortcuts.ts) and the page the hash names.
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { href, useRoute } from './route.ts';
import type { Route } from './route.ts';
import { Overview } from './pages/overview.tsx';
import { Firestore } from './pages/firestore.tsx';
import { Requests } from './pages/requests.tsx';
import { Auth } from './pages/auth.tsx';
import { Storage } from './pages/storage.tsx';
import { Logs } from './pages/logs.tsx';
import { Outbox } from './pages/outbox.tsx';
import { Schedules } from './pages/schedules.tsx';
import { Events } from './pages/events.tsx';
import { VirtualDevices } from './pages/virtual-devices.tsx';
import { Firmware } from './pages/firmware.tsx';
import { shortcutIndex, shortcutLabel } from './shortcuts.ts';

const PAGES: readonly { id: string; title: string; component: ComponentType<{ route: Route }> }[] =
  [
    { id: 'overview', title: 'Overview', component: Overview },
    { id: 'firestore', title: 'Firestore', component: Firestore },
    { id: 'requests', title: 'Requests', component: Requests },
    { id: 'auth', title: 'Auth', component: Auth },
    { id: 'storage', title: 'Storage', component: Storage },
    { id: 'logs', title: 'Logs', component: Logs },
    { id: 'outbox', title: 'Push outbox', component: Outbox },
    { id: 'schedules', title: 'Schedules', component: Schedules },
    { id: 'events', title: 'Events', component: Events },
    { id: 'devices', title: 'Devices', component: VirtualDevices },
    { id: 'firmware', title: 'Firmware', component: Firmware },
  ];

export function App() {
  const route = useRoute();
  const page = PAGES.find((p) => p.id === route.page) ?? PAGES[0];
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = shortcutIndex(event.key, event.code);
      const target = index === undefined ? undefined : PAGES[index];
      if (target === undefined) return;
      event.preventDefault();
      location.hash = href(target.id);
    };
    addEventListener('keydown', onKey);
    return () => {
      removeEventListener('keydown', onKey);
    };
  }, []);
  useEffect(() => {
    document.title = `${page?.title ?? ''} · local-cloud console`;
  }, [page]);
  if (page === undefined) return null;
  const Page = page.component;
  return (
    <>
      <a class="skip" href="#main" onClick={skipToMain}>
        Skip to content
      </a>
      <header>
        <strong>local-cloud</strong>
        <nav aria-label="Pages">
          {PAGES.map((p, i) => (
            <a
              key={p.id}
              href={href(p.id)}
              aria-current={p.id === page.id ? 'page' : undefined}
              title={shortcutLabel(i)}
            >
              {p.title}
            </a>
          ))}
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        <h1>{page.title}</h1>
        <Page route={route} />
      </main>
    </>
  );
}

function skipToMain(event: Event) {
  // The hash holds the route, so the skip link focuses instead of navigating.
  event.preventDefault();
  document.getElementById('main')?.focus();
}
