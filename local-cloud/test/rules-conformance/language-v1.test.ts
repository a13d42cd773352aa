// The rules language under rules_version '1', which is what a ruleset without a rules_version line
// gets: a recursive wildcard matches one or more path items, never an empty path.
import { doc, getDoc } from 'firebase/firestore';
import type { Case } from './cases.ts';
import { DOCS, block, cite, runCases } from './cases.ts';

const V1 = cite(
  DOCS.structure,
  'In version 1, recursive wildcards match one or more path items. They do not match an empty path, so match /cities/{city}/{document=**} matches documents in subcollections but not in the cities collection.',
);
const DEFAULT = cite(
  DOCS.behavior,
  "Version 2 changes the behavior of recursive wildcards {name=**}. You must opt-in to version 2 by adding rules_version = '2'; to the first line of your security rules.",
);

const cases: Case[] = [
  {
    title: 'a recursive wildcard matches documents in subcollections',
    cite: V1,
    rules: (col) => `match /${col}/{city}/{document=**} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF/landmarks/coit`)),
    expect: 'allow',
  },
  {
    title: 'a recursive wildcard does not match an empty path',
    cite: V1,
    rules: (col) => `match /${col}/{city}/{document=**} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF`)),
    expect: 'deny',
  },
  {
    title: 'without rules_version the version 1 behaviour applies',
    cite: DEFAULT,
    rules: (col) => `match /${col}/{document=**} { allow get: if true; }`,
    run: ({ col, client }) => getDoc(doc(client(), `${col}/a/b/c`)),
    expect: 'allow',
  },
  {
    title: 'a plain wildcard still takes one segment',
    cite: cite(
      DOCS.structure,
      'match /cities/{city} applies to any document in the cities collection, such as /cities/SF.',
    ),
    rules: block('allow get: if true;', 'city'),
    run: ({ col, client }) => getDoc(doc(client(), `${col}/SF/sub/x`)),
    expect: 'deny',
  },
];

runCases('rules-language-v1', undefined, { 'version 1 recursive wildcards': cases });
