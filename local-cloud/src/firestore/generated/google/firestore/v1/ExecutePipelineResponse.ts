// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/firestore.proto

import type { Document as _google_firestore_v1_Document, Document__Output as _google_firestore_v1_Document__Output } from '../../../google/firestore/v1/Document.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';
import type { ExplainStats as _google_firestore_v1_ExplainStats, ExplainStats__Output as _google_firestore_v1_ExplainStats__Output } from '../../../google/firestore/v1/ExplainStats.ts';

export interface ExecutePipelineResponse {
  'transaction'?: (Buffer | Uint8Array | string);
  'results'?: (_google_firestore_v1_Document)[];
  'executionTime'?: (_google_protobuf_Timestamp | null);
  'explainStats'?: (_google_firestore_v1_ExplainStats | null);
}

export interface ExecutePipelineResponse__Output {
  'transaction'?: (Buffer);
  'results'?: (_google_firestore_v1_Document__Output)[];
  'executionTime'?: (_google_protobuf_Timestamp__Output);
  'explainStats'?: (_google_firestore_v1_ExplainStats__Output);
}
