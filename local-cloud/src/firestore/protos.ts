import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ServiceDefinition } from '@grpc/grpc-js';
import { fromJSON } from '@grpc/proto-loader';
import type { AnyDefinition } from '@grpc/proto-loader';
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
  const dir = firestoreProtosDir();
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
  const service = fromJSON(root.toJSON(), PROTO_OPTIONS)['google.firestore.v1.Firestore'];
  if (!isService(service)) throw new Error('google.firestore.v1.Firestore is not a service');
  loaded = { root, service };
  return loaded;
}

/** Where @google-cloud/firestore keeps its .proto files (google/firestore/v1/*.proto). */
export function firestoreProtosDir(): string {
  const pkg = createRequire(import.meta.url).resolve('@google-cloud/firestore/package.json');
  return path.join(path.dirname(pkg), 'build', 'protos');
}

/** Message and enum definitions carry a `format`; a service is a plain map of its methods. */
function isService(
  definition: AnyDefinition | undefined,
): definition is ServiceDefinition & AnyDefinition {
  return definition !== undefined && !('format' in definition);
}
