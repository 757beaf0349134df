import type { StoredChainEvent } from './chain-verifier';

/** A JSON string of printable ASCII without escapes, as ids, stream names and types are. */
const PLAIN = '"([\\x20\\x21\\x23-\\x5b\\x5d-\\x7e]*)"';
/** The start of a line as rawAuditEventJson writes it, up to the data. */
const HEAD = new RegExp(`^\\{"id":${PLAIN},"stream":${PLAIN},"revision":"(\\d{1,19})","position":"(\\d{1,19})","type":${PLAIN},"data":`);
const CREATED_KEY = Buffer.from(',"created":');
const CREATED = new RegExp(`^,"created":${PLAIN}\\}$`);
const METADATA_KEY = Buffer.from(',"metadata":');
/** Ids, names and type fit well within this; a longer head is left to the parser. */
const HEAD_BYTES = 1024;

/**
 * An export line in exactly the shape rawAuditEventJson writes, cut into its parts without
 * decoding or parsing it: data and metadata as their bytes. Undefined for any other shape — the
 * caller then parses the line. The cut is only a proposal: the verifier accepts it only when the
 * bytes hash to the recorded hash (a wrong cut cannot), and parses the line otherwise.
 */
export function splitExportLine(line: Buffer): StoredChainEvent | undefined {
  // Printable ASCII only in head and tail, so reading them as latin1 reads them as UTF-8 would.
  const head = HEAD.exec(line.toString('latin1', 0, Math.min(line.length, HEAD_BYTES)));
  const createdAt = line.lastIndexOf(CREATED_KEY);
  if (!head || createdAt < head[0].length || !CREATED.test(line.toString('latin1', createdAt))) return undefined;
  const dataAt = head[0].length;
  const metadataAt = line.lastIndexOf(METADATA_KEY, createdAt - 1);
  if (metadataAt < dataAt + 2) return undefined;
  return {
    stream: head[2]!,
    revision: BigInt(head[3]!),
    position: BigInt(head[4]!),
    type: head[5]!,
    data: line.subarray(dataAt, metadataAt),
    metadata: line.subarray(metadataAt + METADATA_KEY.length, createdAt),
  };
}
