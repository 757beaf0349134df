import Database from 'better-sqlite3';
import { createChainVerifier, type VerifyReport } from '../audit/chain-verifier';
import { addRawEvent } from '../audit/verify-history';
import { position, revision } from '../eventstore/types';

export interface BackupCheck {
  /** `ok`, or SQLite's first complaint. */
  integrity: string;
  /** Every stream's revisions and hash chain re-checked, in global order. */
  chains: VerifyReport;
  ok: boolean;
}

type Row = [number, string, string, number, string, string, string, string];

/**
 * Opens a backup read-only and checks it the way a restore would need it: SQLite's own
 * integrity check of every page and index, then every event's hash chain (the auditors'
 * verifier), so a backup that is on disk is known to open and to hold an unedited history.
 */
export function verifyBackup(file: string): BackupCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    const integrity = problems.map((p) => p.integrity_check).join('; ');
    const verifier = createChainVerifier();
    const rows = db.prepare('SELECT position, id, stream, revision, type, data, metadata, created FROM events ORDER BY position').raw(true);
    for (const row of rows.iterate() as IterableIterator<Row>) {
      addRawEvent(verifier, { position: position(row[0]), id: row[1], stream: row[2], revision: revision(row[3]), type: row[4], data: row[5], metadata: row[6], created: row[7] });
    }
    const chains = verifier.report();
    return { integrity, chains, ok: integrity === 'ok' && chains.ok };
  } finally {
    db.close();
  }
}
