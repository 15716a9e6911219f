/**
 * A CTE (`lazy_commit`, to be named in the statement's FROM) that makes the statement's transaction
 * commit without waiting for its WAL to reach the disk (`synchronous_commit = off` for that
 * transaction only). For the transactions that move a checkpoint, and only them: what they write
 * is derived from the log, which is committed durably. A crash may lose the last few of them (at
 * most three WAL-writer delays, 600 ms by default), rows and checkpoint together, since both are
 * in the one transaction; the runner then applies those events again from the stored checkpoint,
 * as after any crash. Every transaction stays atomic and is visible to readers once committed.
 * Waiting for the disk made each batch hold its transaction open for a flush, on a disk that is
 * often shared: behind it every later event waits for the log reader (`readAll` hands over only
 * events of transactions older than every one still running), and each personal-data read cost
 * two flushes, its consultation's and this one.
 */
export const LAZY_COMMIT = `lazy_commit AS (SELECT set_config('synchronous_commit', 'off', true))`;
