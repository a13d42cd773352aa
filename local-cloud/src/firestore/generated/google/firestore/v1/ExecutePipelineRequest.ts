// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/firestore.proto

import type { StructuredPipeline as _google_firestore_v1_StructuredPipeline, StructuredPipeline__Output as _google_firestore_v1_StructuredPipeline__Output } from '../../../google/firestore/v1/StructuredPipeline.ts';
import type { TransactionOptions as _google_firestore_v1_TransactionOptions, TransactionOptions__Output as _google_firestore_v1_TransactionOptions__Output } from '../../../google/firestore/v1/TransactionOptions.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';

export interface ExecutePipelineRequest {
  'database'?: (string);
  'structuredPipeline'?: (_google_firestore_v1_StructuredPipeline | null);
  'transaction'?: (Buffer | Uint8Array | string);
  'newTransaction'?: (_google_firestore_v1_TransactionOptions | null);
  'readTime'?: (_google_protobuf_Timestamp | null);
  'pipelineType'?: "structuredPipeline";
  'consistencySelector'?: "transaction"|"newTransaction"|"readTime";
}

export interface ExecutePipelineRequest__Output {
  'database'?: (string);
  'structuredPipeline'?: (_google_firestore_v1_StructuredPipeline__Output);
  'transaction'?: (Buffer);
  'newTransaction'?: (_google_firestore_v1_TransactionOptions__Output);
  'readTime'?: (_google_protobuf_Timestamp__Output);
  'pipelineType'?: "structuredPipeline";
  'consistencySelector'?: "transaction"|"newTransaction"|"readTime";
}
