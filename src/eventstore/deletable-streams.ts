/**
 * The only streams that may ever be deleted: sign-in sessions, `{tenantId}.session-{id}`. Their
 * events are spent refresh-token hashes, useless once the sign-in has ended; every other stream
 * is business history and is kept for good (docs/DECISIONS.md, "Ended sign-ins are purged").
 * Both adapters check this, so no caller can delete anything else by mistake.
 */
const SESSION_STREAM = /^t_[A-Za-z0-9_-]*\.session-[A-Za-z0-9_-]+$/;

export function isDeletableStream(stream: string): boolean {
  return SESSION_STREAM.test(stream);
}
