import { ingestEndpoint } from './contracts/ingest.ts';

/** The HTTPS endpoints that are not callables, by deployed name (documented in docs/API.md). */
export const HTTPS_ENDPOINTS = {
  ingest: ingestEndpoint,
} as const;
