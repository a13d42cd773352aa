import { invalid } from './errors.ts';

export interface MultipartResult {
  /** The first part: the object resource as JSON text. */
  metadataJson: string;
  /** The Content-Type header of the media part, if any. */
  mediaContentType?: string;
}

const MAX_METADATA_BYTES = 1024 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/related\b/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

type State = 'preamble' | 'afterDelimiter' | 'headers' | 'body' | 'done';

/**
 * Streams a multipart/related upload (metadata part, then media part): the metadata is kept
 * in memory, the media goes chunk by chunk to `sink`, holding back only enough bytes to
 * recognise a delimiter split across chunks.
 */
export async function readMultipartRelated(
  body: AsyncIterable<Buffer>,
  boundary: string,
  sink: (chunk: Buffer) => Promise<void>,
): Promise<MultipartResult> {
  const opening = Buffer.from(`--${boundary}`);
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const metadataChunks: Buffer[] = [];
  let metadataBytes = 0;
  let mediaContentType: string | undefined;
  let partIndex = -1;
  let state = 'preamble' as State;
  let buf: Buffer = Buffer.alloc(0);

  const emit = async (data: Buffer): Promise<void> => {
    if (data.length === 0) return;
    if (partIndex === 0) {
      metadataBytes += data.length;
      if (metadataBytes > MAX_METADATA_BYTES)
        throw invalid('Multipart metadata part is too large.');
      metadataChunks.push(data);
    } else if (partIndex === 1) {
      await sink(data);
    } else {
      throw invalid('Multipart upload must have exactly two parts: metadata and media.');
    }
  };

  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble': {
        const at = buf.indexOf(opening);
        if (at < 0) return false;
        buf = buf.subarray(at + opening.length);
        state = 'afterDelimiter';
        return true;
      }
      case 'afterDelimiter': {
        if (buf.length < 2) return false;
        if (buf[0] === 0x2d && buf[1] === 0x2d) {
          state = 'done';
          return false;
        }
        const eol = buf.indexOf(CRLF);
        if (eol < 0) return false;
        buf = buf.subarray(eol + 2);
        partIndex++;
        state = 'headers';
        return true;
      }
      case 'headers': {
        let headerText: string;
        if (buf.length >= 2 && buf[0] === 0x0d && buf[1] === 0x0a) {
          headerText = '';
          buf = buf.subarray(2);
        } else {
          const end = buf.indexOf(HEADER_END);
          if (end < 0) {
            if (buf.length > 16 * 1024) throw invalid('Multipart part headers are too long.');
            return false;
          }
          headerText = buf.subarray(0, end).toString('latin1');
          buf = buf.subarray(end + 4);
        }
        const type = /^content-type:\s*(.+)$/im.exec(headerText)?.[1]?.trim();
        if (partIndex === 1 && type) mediaContentType = type;
        state = 'body';
        return true;
      }
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at >= 0) {
          await emit(buf.subarray(0, at));
          buf = buf.subarray(at + delimiter.length);
          state = 'afterDelimiter';
          return true;
        }
        const keep = delimiter.length - 1;
        if (buf.length > keep) {
          await emit(buf.subarray(0, buf.length - keep));
          buf = buf.subarray(buf.length - keep);
        }
        return false;
      }
      case 'done':
        return false;
    }
  };

  for await (const chunk of body) {
    buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
    while (await step());
  }
  if (state !== 'done') throw invalid('Multipart body ended before its closing delimiter.');
  if (partIndex < 1) throw invalid('Multipart upload must have a metadata part and a media part.');
  const result: MultipartResult = {
    metadataJson: Buffer.concat(metadataChunks).toString('utf8'),
  };
  if (mediaContentType !== undefined) result.mediaContentType = mediaContentType;
  return result;
}
