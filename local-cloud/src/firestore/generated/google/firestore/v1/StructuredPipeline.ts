// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/pipeline.proto

import type { Pipeline as _google_firestore_v1_Pipeline, Pipeline__Output as _google_firestore_v1_Pipeline__Output } from '../../../google/firestore/v1/Pipeline.ts';
import type { Value as _google_firestore_v1_Value, Value__Output as _google_firestore_v1_Value__Output } from '../../../google/firestore/v1/Value.ts';

export interface StructuredPipeline {
  'pipeline'?: (_google_firestore_v1_Pipeline | null);
  'options'?: ({[key: string]: _google_firestore_v1_Value});
}

export interface StructuredPipeline__Output {
  'pipeline'?: (_google_firestore_v1_Pipeline__Output);
  'options'?: ({[key: string]: _google_firestore_v1_Value__Output});
}
