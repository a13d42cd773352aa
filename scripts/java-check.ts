import { spawnSync } from 'node:child_process';

/** The Firestore and Storage emulators of firebase-tools 15 need this Java major or newer. */
export const REQUIRED_JAVA_MAJOR = 21;

/** The major version of the `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error !== undefined) return undefined;
  return parseJavaMajor(`${result.stderr}${result.stdout}`);
}

/** `java -version` prints `openjdk version "21.0.4"`, or `java version "1.8.0_392"` for Java 8. */
export function parseJavaMajor(output: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(output);
  if (match === null) return undefined;
  const first = Number(match[1]);
  return first === 1 ? Number(match[2]) : first;
}

/** What to tell a person whose Java cannot run the emulators; undefined when it can. */
export function javaProblem(major: number | undefined): string | undefined {
  if (major !== undefined && major >= REQUIRED_JAVA_MAJOR) return undefined;
  const found =
    major === undefined ? 'no Java was found on PATH' : `Java ${String(major)} was found`;
  return [
    `The official Firebase Emulator Suite needs Java ${String(REQUIRED_JAVA_MAJOR)} or newer, and ${found}.`,
    `Install a JDK ${String(REQUIRED_JAVA_MAJOR)}+ (e.g. Temurin 21) and put it first on PATH, then run this again.`,
    'The emulators also download about 200 MB of JARs on first use.',
    'No Java? `npm start` runs the same backend on local-cloud, which needs neither Java nor a download.',
  ].join('\n');
}
