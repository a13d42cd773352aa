// The rules in force for one service: those of a file (reloaded when it changes, keeping the
// previous rules when the new text does not compile or cannot be read), replaced per project
// through the Emulator Suite's endpoints, and the recent decisions with their traces.
import { readFileSync } from 'node:fs';
import type { ServiceName } from './ast.ts';
import type { Decision } from './engine.ts';
import { Ruleset } from './engine.ts';
import { parseRules } from './parser.ts';
import { watchFile } from './watch-file.ts';

/** One decision as tools and the console see it. */
export interface RecordedDecision extends Decision {
  readonly service: ServiceName;
  readonly project: string;
  readonly time: string;
  /** The caller's uid, or null for an unauthenticated request. */
  readonly uid: string | null;
}

const KEEP_DECISIONS = 200;

export class RulesHolder {
  readonly service: ServiceName;
  private fileRules: Ruleset | undefined;
  private readonly projectRules = new Map<string, Ruleset>();
  private readonly decisions: RecordedDecision[] = [];
  private stopWatching: (() => void) | undefined;
  private readonly listeners = new Set<(d: RecordedDecision) => void>();

  constructor(service: ServiceName) {
    this.service = service;
  }

  /** Compiles `source`; throws RulesSyntaxError (the rules in force stay) when it does not. */
  compile(source: string): Ruleset {
    return new Ruleset(parseRules(source), this.service);
  }

  /**
   * Loads the rules of `file`, and reloads them whenever it changes, is replaced by an atomic save
   * or is created again after a delete. `onReload` hears undefined once new rules are in force, else
   * why they are not (a RulesSyntaxError, or the error reading the file): the previous rules stay.
   */
  loadFile(file: string, onReload?: (error: Error | undefined) => void): void {
    this.fileRules = this.compile(readFileSync(file, 'utf8'));
    this.stopWatching?.();
    this.stopWatching = watchFile(
      file,
      () => {
        this.reloadFile(file, onReload);
      },
      (error) => onReload?.(error),
    );
  }

  private reloadFile(file: string, onReload?: (error: Error | undefined) => void): void {
    let rules: Ruleset;
    try {
      rules = this.compile(readFileSync(file, 'utf8'));
    } catch (error) {
      // Rules that do not compile, or a file that is gone or unreadable for now, leave the rules
      // in force; the watch goes on, so the next save is picked up.
      onReload?.(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.fileRules = rules;
    onReload?.(undefined);
  }

  /** Replaces the rules of one project (the Emulator Suite's PUT ...:securityRules). */
  setForProject(project: string, source: string): void {
    this.projectRules.set(project, this.compile(source));
  }

  /** The rules in force for `project`, or undefined when none are loaded (everything allowed). */
  forProject(project: string): Ruleset | undefined {
    return this.projectRules.get(project) ?? this.fileRules;
  }

  record(decision: RecordedDecision): void {
    this.decisions.push(decision);
    if (this.decisions.length > KEEP_DECISIONS) this.decisions.shift();
    for (const l of this.listeners) l(decision);
  }

  /** The most recent decisions, oldest first. */
  recent(): readonly RecordedDecision[] {
    return this.decisions;
  }

  onDecision(listener: (d: RecordedDecision) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the recorded decisions (a data reset); the rules and their coverage stay. */
  reset(): void {
    this.decisions.length = 0;
  }

  close(): void {
    this.stopWatching?.();
  }
}
