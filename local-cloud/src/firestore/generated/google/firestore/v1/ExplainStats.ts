// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/explain_stats.proto

import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from '../../../google/protobuf/Any.ts';

export interface ExplainStats {
  'data'?: (_google_protobuf_Any | null);
}

export interface ExplainStats__Output {
  'data'?: (_google_protobuf_Any__Output);
}
