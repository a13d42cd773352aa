// Proto shapes of google.firestore.v1 as @grpc/proto-loader decodes them (camelCase keys, int64 as
// string, bytes as Buffer). Values the server stores are normalized: exactly one value key is set.

export interface Timestamp {
  /** Absent when zero: proto3 leaves a zero field out (an epoch date such as `new Date(0)`). */
  seconds?: string | number;
  nanos?: number;
}

export interface LatLng {
  latitude?: number;
  longitude?: number;
}

export interface ArrayValue {
  values?: Value[];
}

export interface MapValue {
  fields?: Record<string, Value>;
}

export interface Value {
  nullValue?: 'NULL_VALUE' | number | null;
  booleanValue?: boolean;
  integerValue?: string | number;
  doubleValue?: number;
  timestampValue?: Timestamp;
  stringValue?: string;
  bytesValue?: Uint8Array;
  referenceValue?: string;
  geoPointValue?: LatLng;
  arrayValue?: ArrayValue;
  mapValue?: MapValue;
  valueType?: string;
}

export interface Document {
  name: string;
  fields?: Record<string, Value>;
  createTime?: Timestamp;
  updateTime?: Timestamp;
}

/** A stored document: fields plus times as microseconds since the epoch. */
export interface StoredDoc {
  path: string;
  fields: Record<string, Value>;
  createMicros: number;
  updateMicros: number;
}

export interface Precondition {
  exists?: boolean;
  updateTime?: Timestamp;
  conditionType?: string;
}

export interface FieldTransform {
  fieldPath?: string;
  setToServerValue?: string | number;
  increment?: Value;
  maximum?: Value;
  minimum?: Value;
  appendMissingElements?: ArrayValue;
  removeAllFromArray?: ArrayValue;
  transformType?: string;
}

export interface Write {
  update?: Document;
  delete?: string;
  /** A client transaction's check of a document it read: the precondition holds, nothing changes. */
  verify?: string;
  transform?: { document?: string; fieldTransforms?: FieldTransform[] };
  updateMask?: { fieldPaths?: string[] };
  updateTransforms?: FieldTransform[];
  currentDocument?: Precondition;
  operation?: string;
}

export interface FieldReference {
  fieldPath?: string;
}

export interface FieldFilter {
  field?: FieldReference;
  op?: string;
  value?: Value;
}

export interface UnaryFilter {
  op?: string;
  field?: FieldReference;
}

export interface CompositeFilter {
  op?: string;
  filters?: Filter[];
}

export interface Filter {
  compositeFilter?: CompositeFilter;
  fieldFilter?: FieldFilter;
  unaryFilter?: UnaryFilter;
}

export interface Order {
  field?: FieldReference;
  direction?: string;
}

export interface Cursor {
  values?: Value[];
  before?: boolean;
}

export interface StructuredQuery {
  select?: { fields?: FieldReference[] };
  from?: { collectionId?: string; allDescendants?: boolean }[];
  where?: Filter;
  orderBy?: Order[];
  startAt?: Cursor;
  endAt?: Cursor;
  offset?: number;
  limit?: { value?: number } | null;
  findNearest?: unknown;
}

export interface Aggregation {
  count?: { upTo?: { value?: string | number } | null };
  sum?: { field?: FieldReference };
  avg?: { field?: FieldReference };
  alias?: string;
}

export interface TransactionOptions {
  readOnly?: { readTime?: Timestamp };
  readWrite?: { retryTransaction?: Uint8Array };
}
