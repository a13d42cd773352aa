// Original file: @google-cloud/firestore/build/protos/google/api/routing.proto


export interface RoutingParameter {
  'field'?: (string);
  'pathTemplate'?: (string);
}

export interface RoutingParameter__Output {
  'field'?: (string);
  'pathTemplate'?: (string);
}
