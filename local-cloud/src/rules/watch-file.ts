// Watches one file through its directory, so the watch outlives what editors do to the file. An
// atomic save (a temporary file renamed over the original: vim's default, JetBrains' "safe write")
// puts a new inode under the name, and a watch on the file itself keeps following the old one, so
// no later change is seen; deleting the file ends such a watch altogether. A watch on the
// directory sees the name written, replaced, deleted and created again, whatever the inode.
import { watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Editors write in several steps (truncate, write, rename): act once they have been quiet this long. */
const SETTLE_MS = 50;

/**
 * Calls `onChange` once `file` was written, replaced, deleted or created and then left alone for a
 * moment; `onError` when the watch itself fails (its directory was removed, say). Returns a stop.
 */
export function watchFile(
  file: string,
  onChange: () => void,
  onError: (error: Error) => void,
): () => void {
  const name = basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dirname(file), (_event, changed) => {
    // Some platforms do not say which name changed: then any change in the directory may be ours.
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS);
    timer.unref();
  });
  // Without a listener an 'error' event would throw from inside the watcher and end the process.
  watcher.on('error', onError);
  watcher.unref();
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}
