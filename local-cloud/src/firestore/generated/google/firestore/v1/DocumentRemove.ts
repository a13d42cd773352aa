// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/write.proto, with Write.verify added

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';

export interface DocumentRemove {
  'document'?: (string);
  'removedTargetIds'?: (number)[];
  'readTime'?: (_google_protobuf_Timestamp | null);
}

export interface DocumentRemove__Output {
  'document'?: (string);
  'removedTargetIds'?: (number)[];
  'readTime'?: (_google_protobuf_Timestamp__Output);
}
