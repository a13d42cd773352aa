// Original file: @google-cloud/firestore/build/protos/google/firestore/v1/document.proto

import type { MapValue as _google_firestore_v1_MapValue, MapValue__Output as _google_firestore_v1_MapValue__Output } from '../../../google/firestore/v1/MapValue.ts';
import type { LatLng as _google_type_LatLng, LatLng__Output as _google_type_LatLng__Output } from '../../../google/type/LatLng.ts';
import type { ArrayValue as _google_firestore_v1_ArrayValue, ArrayValue__Output as _google_firestore_v1_ArrayValue__Output } from '../../../google/firestore/v1/ArrayValue.ts';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../../google/protobuf/Timestamp.ts';
import type { NullValue as _google_protobuf_NullValue, NullValue__Output as _google_protobuf_NullValue__Output } from '../../../google/protobuf/NullValue.ts';
import type { Function as _google_firestore_v1_Function, Function__Output as _google_firestore_v1_Function__Output } from '../../../google/firestore/v1/Function.ts';
import type { Pipeline as _google_firestore_v1_Pipeline, Pipeline__Output as _google_firestore_v1_Pipeline__Output } from '../../../google/firestore/v1/Pipeline.ts';
import type { Long } from '@grpc/proto-loader';

export interface Value {
  'booleanValue'?: (boolean);
  'integerValue'?: (number | string | Long);
  'doubleValue'?: (number | string);
  'referenceValue'?: (string);
  'mapValue'?: (_google_firestore_v1_MapValue | null);
  'geoPointValue'?: (_google_type_LatLng | null);
  'arrayValue'?: (_google_firestore_v1_ArrayValue | null);
  'timestampValue'?: (_google_protobuf_Timestamp | null);
  'nullValue'?: (_google_protobuf_NullValue);
  'stringValue'?: (string);
  'bytesValue'?: (Buffer | Uint8Array | string);
  'fieldReferenceValue'?: (string);
  'functionValue'?: (_google_firestore_v1_Function | null);
  'pipelineValue'?: (_google_firestore_v1_Pipeline | null);
  'variableReferenceValue'?: (string);
  'valueType'?: "nullValue"|"booleanValue"|"integerValue"|"doubleValue"|"timestampValue"|"stringValue"|"bytesValue"|"referenceValue"|"geoPointValue"|"arrayValue"|"mapValue"|"fieldReferenceValue"|"variableReferenceValue"|"functionValue"|"pipelineValue";
}

export interface Value__Output {
  'booleanValue'?: (boolean);
  'integerValue'?: (string);
  'doubleValue'?: (number);
  'referenceValue'?: (string);
  'mapValue'?: (_google_firestore_v1_MapValue__Output);
  'geoPointValue'?: (_google_type_LatLng__Output);
  'arrayValue'?: (_google_firestore_v1_ArrayValue__Output);
  'timestampValue'?: (_google_protobuf_Timestamp__Output);
  'nullValue'?: (_google_protobuf_NullValue__Output);
  'stringValue'?: (string);
  'bytesValue'?: (Buffer);
  'fieldReferenceValue'?: (string);
  'functionValue'?: (_google_firestore_v1_Function__Output);
  'pipelineValue'?: (_google_firestore_v1_Pipeline__Output);
  'variableReferenceValue'?: (string);
  'valueType'?: "nullValue"|"booleanValue"|"integerValue"|"doubleValue"|"timestampValue"|"stringValue"|"bytesValue"|"referenceValue"|"geoPointValue"|"arrayValue"|"mapValue"|"fieldReferenceValue"|"variableReferenceValue"|"functionValue"|"pipelineValue";
}
