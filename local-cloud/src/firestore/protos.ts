import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { loadPackageDefinition } from '@grpc/grpc-js';
import type { GrpcObject, ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import { PROTO_OPTIONS } from '../net/grpc.ts';

export interface FirestoreProtos {
  /** The parsed protos, for ProtoJSON (WebChannel and REST) encoding. */
  readonly root: protobuf.Root;
  /** google.firestore.v1.Firestore, for the gRPC server. */
  readonly service: ServiceDefinition;
}

let loaded: FirestoreProtos | undefined;

/**
 * google.firestore.v1 from the protos shipped in @google-cloud/firestore, with one addition: the
 * client SDKs' transactions send `Write.verify` (field 5, a document name checked against its
 * precondition and left unchanged), which the server SDK's copy of write.proto lacks. Without the
 * field a verify write would decode as a write with no operation at all.
 */
export function firestoreProtos(): FirestoreProtos {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@google-cloud/firestore/package.json');
  const dir = path.join(path.dirname(pkg), 'build', 'protos');
  const root = new protobuf.Root();
  root.resolvePath = (origin, target) => {
    const inDir = path.join(dir, target);
    return existsSync(inDir) ? inDir : protobuf.util.path.resolve(origin, target);
  };
  root.loadSync('google/firestore/v1/firestore.proto', { keepCase: false });
  const write = root.lookupType('google.firestore.v1.Write');
  if (!write.fields['verify']) {
    const verify = new protobuf.Field('verify', 5, 'string');
    write.add(verify);
    write.oneofs['operation']?.add(verify);
  }
  root.resolveAll();
  const grpcObject = loadPackageDefinition(fromJSON(root.toJSON(), PROTO_OPTIONS)) as unknown as {
    google: { firestore: { v1: { Firestore: { service: ServiceDefinition } } } };
  } & GrpcObject;
  loaded = { root, service: grpcObject.google.firestore.v1.Firestore.service };
  return loaded;
}
