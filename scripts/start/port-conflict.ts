import { FIREBASE_JSON_PORT_KEYS } from '@gadget/local-cloud';
import type { LocalCloudPorts, PortInUseError } from '@gadget/local-cloud';

/**
 * What `npm start` says when a port is taken: which one and what wanted it, what usually holds it,
 * and the two ways out, freeing it or moving the component in firebase.json (the Emulator Suite's
 * own setting, which `npm start` reads).
 */
export function portConflictMessage(error: PortInUseError, ports: LocalCloudPorts): string {
  const component = (Object.keys(ports) as (keyof LocalCloudPorts)[]).find(
    (name) => ports[name] === error.port,
  );
  const key = component === undefined ? undefined : FIREBASE_JSON_PORT_KEYS[component];
  return [
    error.message,
    'Another npm start or the official emulators are probably running: stop them, or whatever',
    `holds the port (lsof -i :${String(error.port)})` +
      (key !== undefined
        ? `, or move it with emulators.${key}.port in firebase.json.`
        : error.component === 'console'
          ? ', or start without the console: npm start -- --no-console.'
          : '.'),
  ].join('\n');
}
