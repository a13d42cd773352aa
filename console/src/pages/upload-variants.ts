// Where the image pipeline puts an upload's variants and its manifest. This mirrors
// functions/src/services/images/paths.ts (uploads/… → images/…) and the manifests' documents; the
// console only reads them, so a change there shows here as "no variants yet", never as a failure.

export interface UploadOutputs {
  /** The folder of the variants, ending with a slash. */
  readonly variantFolder: string;
  /** The Firestore document holding the manifest, and the field within it (when not the whole). */
  readonly manifest: { readonly document: readonly string[]; readonly field?: string };
}

/**
 * The outputs of an upload, named by the upload (`uploads/…`, gone once processed), by one of its
 * variants (`images/…/128.webp`) or by the variants' folder (`images/…/`, with its slash).
 */
export function outputsOf(name: string): UploadOutputs | undefined {
  const avatar = /^(?:uploads|images)\/users\/([A-Za-z0-9_-]+)\/avatar\/([^/]*)$/.exec(name);
  if (avatar?.[1] !== undefined && (avatar[2] !== '' || name.startsWith('images/'))) {
    return {
      variantFolder: `images/users/${avatar[1]}/avatar/`,
      manifest: { document: ['users', avatar[1]], field: 'avatar' },
    };
  }
  const photo =
    /^(?:uploads|images)\/devices\/([A-Za-z0-9_-]+)\/photos\/([A-Za-z0-9_-]+)\/([^/]*)$/.exec(name);
  if (
    photo?.[1] !== undefined &&
    photo[2] !== undefined &&
    (photo[3] !== '' || name.startsWith('images/'))
  ) {
    return {
      variantFolder: `images/devices/${photo[1]}/photos/${photo[2]}/`,
      manifest: { document: ['devices', photo[1], 'photos', photo[2]] },
    };
  }
  return undefined;
}
