// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/document.proto

import type { Value as _google_firestore_v1_Value, Value__Output as _google_firestore_v1_Value__Output } from '../../../google/firestore/v1/Value.ts';

export interface MapValue {
  'fields'?: ({[key: string]: _google_firestore_v1_Value});
}

export interface MapValue__Output {
  'fields'?: ({[key: string]: _google_firestore_v1_Value__Output});
}
