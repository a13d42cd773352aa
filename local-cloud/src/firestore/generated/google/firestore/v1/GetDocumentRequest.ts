// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/firestore.proto

import type { DocumentMask as _google_firestore_v1_DocumentMask, DocumentMask__Output as _google_firestore_v1_DocumentMask__Output } from '../../../google/firestore/v1/DocumentMask.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';

export interface GetDocumentRequest {
  'name'?: (string);
  'mask'?: (_google_firestore_v1_DocumentMask | null);
  'transaction'?: (Buffer | Uint8Array | string);
  'readTime'?: (_google_protobuf_Timestamp | null);
  'consistencySelector'?: "transaction"|"readTime";
}

export interface GetDocumentRequest__Output {
  'name'?: (string);
  'mask'?: (_google_firestore_v1_DocumentMask__Output);
  'transaction'?: (Buffer);
  'readTime'?: (_google_protobuf_Timestamp__Output);
  'consistencySelector'?: "transaction"|"readTime";
}
