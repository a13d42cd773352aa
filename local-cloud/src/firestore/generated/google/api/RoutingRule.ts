// Original file: @google-cloud/firestore/build/protos/google/api/routing.proto

import type { RoutingParameter as _google_api_RoutingParameter, RoutingParameter__Output as _google_api_RoutingParameter__Output } from '../../google/api/RoutingParameter.ts';

export interface RoutingRule {
  'routingParameters'?: (_google_api_RoutingParameter)[];
}

export interface RoutingRule__Output {
  'routingParameters'?: (_google_api_RoutingParameter__Output)[];
}
