// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/write.proto, with Write.verify added

import type { Document as _google_firestore_v1_Document, Document__Output as _google_firestore_v1_Document__Output } from '../../../google/firestore/v1/Document.ts';
import type { DocumentMask as _google_firestore_v1_DocumentMask, DocumentMask__Output as _google_firestore_v1_DocumentMask__Output } from '../../../google/firestore/v1/DocumentMask.ts';
import type { Precondition as _google_firestore_v1_Precondition, Precondition__Output as _google_firestore_v1_Precondition__Output } from '../../../google/firestore/v1/Precondition.ts';
import type { DocumentTransform as _google_firestore_v1_DocumentTransform, DocumentTransform__Output as _google_firestore_v1_DocumentTransform__Output } from '../../../google/firestore/v1/DocumentTransform.ts';
import type { _google_firestore_v1_DocumentTransform_FieldTransform, _google_firestore_v1_DocumentTransform_FieldTransform__Output } from '../../../google/firestore/v1/DocumentTransform.ts';

export interface Write {
  'update'?: (_google_firestore_v1_Document | null);
  'delete'?: (string);
  'updateMask'?: (_google_firestore_v1_DocumentMask | null);
  'currentDocument'?: (_google_firestore_v1_Precondition | null);
  'verify'?: (string);
  'transform'?: (_google_firestore_v1_DocumentTransform | null);
  'updateTransforms'?: (_google_firestore_v1_DocumentTransform_FieldTransform)[];
  'operation'?: "verify"|"update"|"delete"|"transform";
}

export interface Write__Output {
  'update'?: (_google_firestore_v1_Document__Output);
  'delete'?: (string);
  'updateMask'?: (_google_firestore_v1_DocumentMask__Output);
  'currentDocument'?: (_google_firestore_v1_Precondition__Output);
  'verify'?: (string);
  'transform'?: (_google_firestore_v1_DocumentTransform__Output);
  'updateTransforms'?: (_google_firestore_v1_DocumentTransform_FieldTransform__Output)[];
  'operation'?: "verify"|"update"|"delete"|"transform";
}
