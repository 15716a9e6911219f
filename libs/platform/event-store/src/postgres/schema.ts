/**
 * The PostgreSQL event store's schema, applied in order by `migrateEventStore`. Never edit a step
 * that has shipped: add a new one.
 *
 * Global order: an event's place in the global log is (tx_id, seq): the id of the transaction that
 * wrote it, then the identity value it was given. Readers only return rows whose transaction id is
 * below the oldest transaction still running (`pg_snapshot_xmin`), so no earlier-ordered row can
 * commit after a reader has passed it (docs/decisions/0002-global-order.md).
 */
export const EVENT_STORE_MIGRATIONS: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'events, streams, append and append_batch functions, append-only guard',
    sql: `
CREATE TABLE event_store.streams (
  stream_id  text PRIMARY KEY,
  revision   bigint NOT NULL,
  last_hash  bytea NOT NULL,
  updated_at timestamptz NOT NULL
);

CREATE TABLE event_store.events (
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  tx_id          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  stream_id      text NOT NULL,
  revision       bigint NOT NULL,
  event_id       uuid NOT NULL,
  type           text NOT NULL,
  schema_version integer NOT NULL,
  -- json, not jsonb: the text is stored exactly as appended, so the hash covers the stored bytes
  -- and no binary conversion is paid on the way in or out.
  data           json NOT NULL,
  metadata       json NOT NULL,
  recorded_at    timestamptz NOT NULL,
  hash           bytea NOT NULL,
  CONSTRAINT events_pkey PRIMARY KEY (stream_id, revision),
  CONSTRAINT events_event_id_key UNIQUE (event_id),
  CONSTRAINT events_revision_check CHECK (revision >= 0),
  CONSTRAINT events_stream_id_check CHECK (stream_id !~ '[[:cntrl:][:space:]]'),
  CONSTRAINT events_type_check CHECK (type ~ '^[A-Za-z][A-Za-z0-9_.]*$')
);
CREATE INDEX events_global_order ON event_store.events (tx_id, seq);

CREATE FUNCTION event_store.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'event_store.events is append-only: % refused', TG_OP USING ERRCODE = 'HL001';
END
$fn$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON event_store.events
  FOR EACH ROW EXECUTE FUNCTION event_store.refuse_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON event_store.events
  FOR EACH STATEMENT EXECUTE FUNCTION event_store.refuse_change();

-- When an exact expectation (no stream, or a revision) holds, the append cannot be a retry of one
-- that committed: that would have moved the stream past it. So the replay lookup runs only when
-- the expectation is not exact or does not hold; ids already used by other events then fail on
-- events_event_id_key, which the adapter reports as before. currval takes a constant regclass:
-- pg_get_serial_sequence searches the catalog on every call.
-- p_expected: -1 no stream, -2 any, -3 stream exists, >= 0 exact revision of the last event.
-- status: 0 appended, 1 idempotent replay of an earlier identical append,
--         2 wrong expected revision (revision = actual), 3 event ids used by other events.
CREATE FUNCTION event_store.append(
  p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_versions integer[],
  p_data json[], p_meta json[]
) RETURNS TABLE (o_status smallint, o_revision bigint, o_tx xid8, o_seq bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_n      integer := cardinality(p_ids);
  v_rev    bigint;
  v_hash   bytea;
  v_exists boolean;
  v_now    timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_ts     text;
  v_hashes bytea[];
  v_count  integer;
  v_first  bigint;
  v_ok     boolean;
  v_lo     bigint;
  v_hi     bigint;
  v_seq    bigint;
  v_tx     xid8;
BEGIN
  LOOP
    SELECT s.revision, s.last_hash INTO v_rev, v_hash
      FROM event_store.streams s WHERE s.stream_id = p_stream FOR UPDATE;
    v_exists := FOUND;
    IF NOT v_exists THEN
      v_rev := -1;
      v_hash := '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea;
    END IF;

    IF NOT ((p_expected = -1 AND v_rev = -1) OR (p_expected >= 0 AND v_rev = p_expected)) THEN
      -- A retry of an append that already committed: same ids, same stream, same order.
      IF EXISTS (SELECT 1 FROM event_store.events e WHERE e.event_id = p_ids[1]) THEN
        SELECT count(*), bool_and(e.stream_id = p_stream), min(e.revision - u.o), max(e.revision - u.o)
          INTO v_count, v_ok, v_lo, v_hi
          FROM unnest(p_ids) WITH ORDINALITY AS u(id, o)
          JOIN event_store.events e ON e.event_id = u.id;
        v_first := v_lo + 1;
        IF v_count = v_n AND v_ok AND v_lo = v_hi
           AND (p_expected < -1 OR (p_expected = -1 AND v_first = 0) OR (p_expected >= 0 AND v_first = p_expected + 1)) THEN
          SELECT e.tx_id, e.seq INTO v_tx, v_seq FROM event_store.events e
            WHERE e.stream_id = p_stream AND e.revision = v_first + v_n - 1;
          RETURN QUERY SELECT 1::smallint, v_first + v_n - 1, v_tx, v_seq;
          RETURN;
        END IF;
        RETURN QUERY SELECT 3::smallint, v_rev, NULL::xid8, NULL::bigint;
        RETURN;
      END IF;

      IF (p_expected = -1 AND v_rev <> -1) OR (p_expected = -3 AND v_rev = -1)
         OR (p_expected >= 0 AND v_rev <> p_expected) THEN
        RETURN QUERY SELECT 2::smallint, v_rev, NULL::xid8, NULL::bigint;
        RETURN;
      END IF;
    END IF;

    v_ts := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
    v_hashes := ARRAY[]::bytea[];
    FOR i IN 1..v_n LOOP
      v_hash := sha256(v_hash || convert_to(
        p_stream || E'\\n' || (v_rev + i)::text || E'\\n' || p_ids[i]::text || E'\\n' || p_types[i] || E'\\n' ||
        p_versions[i]::text || E'\\n' || v_ts || E'\\n' || p_data[i]::text || E'\\n' || p_meta[i]::text, 'UTF8'));
      v_hashes := v_hashes || v_hash;
    END LOOP;

    IF v_exists THEN
      UPDATE event_store.streams s SET revision = v_rev + v_n, last_hash = v_hash, updated_at = v_now
        WHERE s.stream_id = p_stream;
    ELSE
      INSERT INTO event_store.streams (stream_id, revision, last_hash, updated_at)
        VALUES (p_stream, v_rev + v_n, v_hash, v_now) ON CONFLICT (stream_id) DO NOTHING;
      -- Lost a race to create the stream: start over against the row the winner committed.
      CONTINUE WHEN NOT FOUND;
    END IF;

    INSERT INTO event_store.events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash)
      SELECT p_stream, v_rev + u.o, u.id, u.t, u.v, u.d, u.m, v_now, u.h
        FROM unnest(p_ids, p_types, p_versions, p_data, p_meta, v_hashes) WITH ORDINALITY AS u(id, t, v, d, m, h, o)
        ORDER BY u.o;
    v_seq := currval('event_store.events_seq_seq'::regclass);
    RETURN QUERY SELECT 0::smallint, v_rev + v_n, pg_current_xact_id(), v_seq;
    RETURN;
  END LOOP;
END
$fn$;

-- Appends to several streams in one transaction and one round trip. The caller sends each stream
-- at most once, sorted by stream id (so two batches never wait on each other in a cycle), with
-- exact expectations only (-1: no stream; or a revision). An append whose expectation does not
-- hold goes through event_store.append, which tells a retry from a conflict and writes nothing.
-- SQLSTATE HL002: a stream of the batch was created concurrently; nothing is written, and the
-- caller appends one by one. o_index is the append's 1-based place in the batch.
CREATE FUNCTION event_store.append_batch(
  p_streams text[], p_expected bigint[], p_counts integer[], p_ids uuid[], p_types text[],
  p_versions integer[], p_data json[], p_meta json[]
) RETURNS TABLE (o_index integer, o_status smallint, o_revision bigint, o_tx xid8, o_seq bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_now     timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_ts      text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_revs    bigint[];
  v_heads   bytea[];
  v_hash    bytea;
  v_rev     bigint;
  v_lo      integer := 1;
  v_hi      integer;
  v_new     integer := 0;
  v_created integer;
  e_pos     integer[] := '{}';
  e_stream  text[] := '{}';
  e_rev     bigint[] := '{}';
  e_hash    bytea[] := '{}';
  s_k       integer[] := '{}';
  s_id      text[] := '{}';
  s_rev     bigint[] := '{}';
  s_hash    bytea[] := '{}';
  s_new     boolean[] := '{}';
BEGIN
  -- Lock the heads that exist, in stream order: batches sorted alike never wait on each other in a cycle.
  PERFORM 1 FROM event_store.streams s WHERE s.stream_id = ANY (p_streams) ORDER BY s.stream_id FOR UPDATE;
  SELECT array_agg(coalesce(s.revision, -1) ORDER BY u.k), array_agg(s.last_hash ORDER BY u.k)
    INTO v_revs, v_heads
    FROM unnest(p_streams) WITH ORDINALITY AS u(id, k)
    LEFT JOIN event_store.streams s ON s.stream_id = u.id;

  FOR k IN 1..cardinality(p_streams) LOOP
    v_hi := v_lo + p_counts[k] - 1;
    v_rev := v_revs[k];
    IF (p_expected[k] = -1 AND v_rev = -1) OR (p_expected[k] >= 0 AND v_rev = p_expected[k]) THEN
      v_hash := coalesce(v_heads[k], decode(repeat('00', 32), 'hex'));
      FOR i IN v_lo..v_hi LOOP
        v_rev := v_rev + 1;
        v_hash := sha256(v_hash || convert_to(
          p_streams[k] || E'\\n' || v_rev::text || E'\\n' || p_ids[i]::text || E'\\n' || p_types[i] || E'\\n' ||
          p_versions[i]::text || E'\\n' || v_ts || E'\\n' || p_data[i]::text || E'\\n' || p_meta[i]::text, 'UTF8'));
        e_pos := e_pos || i;
        e_stream := e_stream || p_streams[k];
        e_rev := e_rev || v_rev;
        e_hash := e_hash || v_hash;
      END LOOP;
      s_k := s_k || k;
      s_id := s_id || p_streams[k];
      s_rev := s_rev || v_rev;
      s_hash := s_hash || v_hash;
      s_new := s_new || (v_revs[k] = -1);
      IF v_revs[k] = -1 THEN v_new := v_new + 1; END IF;
    ELSE
      -- Not at the expected revision: possibly a retry of a committed append; let the single
      -- append tell (it writes nothing while the expectation fails).
      RETURN QUERY SELECT k, a.o_status, a.o_revision, a.o_tx, a.o_seq
        FROM event_store.append(p_streams[k], p_expected[k], p_ids[v_lo:v_hi], p_types[v_lo:v_hi],
                                p_versions[v_lo:v_hi], p_data[v_lo:v_hi], p_meta[v_lo:v_hi]) a;
    END IF;
    v_lo := v_hi + 1;
  END LOOP;
  IF cardinality(s_k) = 0 THEN RETURN; END IF;

  UPDATE event_store.streams s SET revision = u.rev, last_hash = u.h, updated_at = v_now
    FROM unnest(s_id, s_rev, s_hash, s_new) AS u(id, rev, h, n)
   WHERE NOT u.n AND s.stream_id = u.id;
  IF v_new > 0 THEN
    INSERT INTO event_store.streams (stream_id, revision, last_hash, updated_at)
      SELECT u.id, u.rev, u.h, v_now FROM unnest(s_id, s_rev, s_hash, s_new) AS u(id, rev, h, n) WHERE u.n
      ON CONFLICT (stream_id) DO NOTHING;
    GET DIAGNOSTICS v_created = ROW_COUNT;
    IF v_created < v_new THEN
      RAISE EXCEPTION 'a stream of the batch was created concurrently' USING ERRCODE = 'HL002';
    END IF;
  END IF;

  RETURN QUERY
    WITH ins AS (
      INSERT INTO event_store.events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash)
      SELECT e.s, e.r, p_ids[e.p], p_types[e.p], p_versions[e.p], p_data[e.p], p_meta[e.p], v_now, e.h
        FROM unnest(e_pos, e_stream, e_rev, e_hash) WITH ORDINALITY AS e(p, s, r, h, o)
       ORDER BY e.o
      RETURNING stream_id, revision, seq
    )
    SELECT h.k, 0::smallint, h.rev, pg_current_xact_id(), ins.seq
      FROM unnest(s_k, s_id, s_rev) AS h(k, id, rev)
      JOIN ins ON ins.stream_id = h.id AND ins.revision = h.rev;
END
$fn$;
`,
  },
  {
    version: 2,
    name: 'append_batch: one index lookup per stream head, one upsert of the heads',
    sql: `
-- The same contract as version 1's append_batch (statuses, HL002, o_index); a faster body.
-- Every statement here reaches event_store.streams by one index lookup per stream: plans are
-- cached per session, often while the table is still empty, and a join chosen then (a hash join
-- over a sequential scan) would read every stream on every call once the table has grown.
-- The per-event arrays line up with the event parameters, so the insert unnests them side by
-- side; the events of an append not written here stay NULL and are skipped.
CREATE OR REPLACE FUNCTION event_store.append_batch(
  p_streams text[], p_expected bigint[], p_counts integer[], p_ids uuid[], p_types text[],
  p_versions integer[], p_data json[], p_meta json[]
) RETURNS TABLE (o_index integer, o_status smallint, o_revision bigint, o_tx xid8, o_seq bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_now      timestamptz := date_trunc('milliseconds', clock_timestamp());
  v_ts       text := to_char(v_now AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');
  v_appends  integer := cardinality(p_streams);
  v_events   integer := cardinality(p_ids);
  v_heads    bigint[];
  v_hashes   bytea[];
  v_hash     bytea;
  v_rev      bigint;
  v_lo       integer := 1;
  v_hi       integer;
  v_accepted integer := 0;
  v_written  integer;
  -- Per event (NULL where its append was not written here), and per append.
  e_stream   text[] := array_fill(NULL::text, ARRAY[v_events]);
  e_rev      bigint[] := array_fill(NULL::bigint, ARRAY[v_events]);
  e_hash     bytea[] := array_fill(NULL::bytea, ARRAY[v_events]);
  a_rev      bigint[] := array_fill(NULL::bigint, ARRAY[v_appends]);
  a_hash     bytea[] := array_fill(NULL::bytea, ARRAY[v_appends]);
BEGIN
  -- Lock and read the heads that exist, in the caller's (sorted) order.
  SELECT array_agg(h.revision ORDER BY u.k), array_agg(h.last_hash ORDER BY u.k)
    INTO v_heads, v_hashes
    FROM unnest(p_streams) WITH ORDINALITY AS u(id, k)
    LEFT JOIN LATERAL (
      SELECT s.revision, s.last_hash FROM event_store.streams s WHERE s.stream_id = u.id FOR UPDATE
    ) h ON true;

  FOR k IN 1..v_appends LOOP
    v_hi := v_lo + p_counts[k] - 1;
    v_rev := coalesce(v_heads[k], -1);
    IF (p_expected[k] = -1 AND v_rev = -1) OR (p_expected[k] >= 0 AND v_rev = p_expected[k]) THEN
      v_hash := coalesce(v_hashes[k], '\\x0000000000000000000000000000000000000000000000000000000000000000'::bytea);
      FOR i IN v_lo..v_hi LOOP
        v_rev := v_rev + 1;
        v_hash := sha256(v_hash || convert_to(
          p_streams[k] || E'\\n' || v_rev::text || E'\\n' || p_ids[i]::text || E'\\n' || p_types[i] || E'\\n' ||
          p_versions[i]::text || E'\\n' || v_ts || E'\\n' || p_data[i]::text || E'\\n' || p_meta[i]::text, 'UTF8'));
        e_stream[i] := p_streams[k];
        e_rev[i] := v_rev;
        e_hash[i] := v_hash;
      END LOOP;
      a_rev[k] := v_rev;
      a_hash[k] := v_hash;
      v_accepted := v_accepted + 1;
    ELSE
      -- Not at the expected revision: possibly a retry of a committed append; let the single
      -- append tell (it writes nothing while the expectation fails).
      RETURN QUERY SELECT k, a.o_status, a.o_revision, a.o_tx, a.o_seq
        FROM event_store.append(p_streams[k], p_expected[k], p_ids[v_lo:v_hi], p_types[v_lo:v_hi],
                                p_versions[v_lo:v_hi], p_data[v_lo:v_hi], p_meta[v_lo:v_hi]) a;
    END IF;
    v_lo := v_hi + 1;
  END LOOP;
  IF v_accepted = 0 THEN RETURN; END IF;

  -- New heads: an update of each row locked above (still at the revision read there), an insert
  -- for each new stream. A stream that another transaction created meanwhile is neither.
  INSERT INTO event_store.streams AS s (stream_id, revision, last_hash, updated_at)
    SELECT u.id, u.rev, u.h, v_now FROM unnest(p_streams, a_rev, a_hash) AS u(id, rev, h) WHERE u.rev IS NOT NULL
  ON CONFLICT (stream_id) DO UPDATE
    SET revision = excluded.revision, last_hash = excluded.last_hash, updated_at = excluded.updated_at
    WHERE s.revision = v_heads[array_position(p_streams, excluded.stream_id)];
  GET DIAGNOSTICS v_written = ROW_COUNT;
  IF v_written < v_accepted THEN
    RAISE EXCEPTION 'a stream of the batch was created concurrently' USING ERRCODE = 'HL002';
  END IF;

  RETURN QUERY
    WITH ins AS (
      INSERT INTO event_store.events (stream_id, revision, event_id, type, schema_version, data, metadata, recorded_at, hash)
      SELECT e.s, e.r, e.id, e.t, e.v, e.d, e.m, v_now, e.h
        FROM unnest(e_stream, e_rev, p_ids, p_types, p_versions, p_data, p_meta, e_hash)
             WITH ORDINALITY AS e(s, r, id, t, v, d, m, h, o)
       WHERE e.h IS NOT NULL
       ORDER BY e.o
      RETURNING stream_id, revision, seq
    )
    SELECT u.k::integer, 0::smallint, u.rev, pg_current_xact_id(), ins.seq
      FROM unnest(p_streams, a_rev) WITH ORDINALITY AS u(id, rev, k)
      JOIN ins ON ins.stream_id = u.id AND ins.revision = u.rev;
END
$fn$;
`,
  },
];
