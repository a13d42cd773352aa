// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/document.proto

import type { Value as _google_firestore_v1_Value, Value__Output as _google_firestore_v1_Value__Output } from '../../../google/firestore/v1/Value.ts';

export interface Function {
  'name'?: (string);
  'args'?: (_google_firestore_v1_Value)[];
  'options'?: ({[key: string]: _google_firestore_v1_Value});
}

export interface Function__Output {
  'name'?: (string);
  'args'?: (_google_firestore_v1_Value__Output)[];
  'options'?: ({[key: string]: _google_firestore_v1_Value__Output});
}
