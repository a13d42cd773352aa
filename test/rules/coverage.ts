// The rules coverage gate: what local-cloud's coverage endpoints say each allow statement of
// firestore.rules and storage.rules has evaluated to across the suite.
import type { LocalCloud } from '@gadget/local-cloud';

interface AllowCoverage {
  line: number;
  column: number;
  methods: string[];
  condition: string;
  true: number;
  false: number;
  error: number;
}

/** Every allow statement not yet seen both allowing and refusing, named by file and place. */
export async function rulesCoverageGaps(cloud: LocalCloud, project: string): Promise<string[]> {
  const gaps: string[] = [];
  for (const [file, port] of [
    ['firestore.rules', cloud.ports.firestore],
    ['storage.rules', cloud.ports.storage],
  ] as const) {
    const response = await fetch(
      `http://${cloud.host}:${String(port)}/emulator/v1/projects/${project}:ruleCoverage`,
    );
    const report = (await response.json()) as { allows: AllowCoverage[] };
    // A file whose rules were never loaded would report no allow at all, and pass unseen.
    if (report.allows.length === 0) gaps.push(`${file}: no rules loaded for ${project}`);
    for (const a of report.allows) {
      const refused = a.false + a.error;
      if (a.true > 0 && refused > 0) continue;
      const never = a.true === 0 ? 'never true' : 'never false';
      gaps.push(
        `${file}:${String(a.line)}:${String(a.column)} allow ${a.methods.join(', ')}: ${never} (${a.condition})`,
      );
    }
  }
  return gaps;
}
