-- The central server's schema, one section per version, applied in order by
-- `lockbox central init` in one transaction (see src/central/server.rs). A section, once
-- released, never changes: a change is a new section.

-- === version 1: sites, the outbox entries they push (each applied once), and the central
-- change log the sites read back.
-- A site, by its id (`site.id` in its settings). `high_water` is the last outbox entry of
-- the site applied here: the next push starts after it.
CREATE TABLE site (
    id          TEXT PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,31}$'),
    high_water  BIGINT NOT NULL DEFAULT 0 CHECK (high_water >= 0),
    last_push   TIMESTAMPTZ
);
-- An outbox entry as a site pushed it: a business action (not a row diff), keyed by the
-- site and its number there. `content_hash` is the SHA-256 of `kind` and `body` as the site
-- sent them: a resend with other content under the same key is refused, loudly.
CREATE TABLE outbox_entry (
    site          TEXT NOT NULL REFERENCES site (id),
    seq           BIGINT NOT NULL CHECK (seq > 0),
    kind          TEXT NOT NULL,
    -- The body exactly as the site sent it (JSON text: jsonb would refuse a `\u0000` that
    -- SQLite's json_object writes for a NUL, and would stop the site's sync at it).
    body          TEXT NOT NULL,
    content_hash  TEXT NOT NULL CHECK (length(content_hash) = 64),
    applied_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, seq)
);
-- What the central office decides for every site (people, moves, watchlists, serials taken
-- in), read by the sites in id order. Each row carries the transaction that wrote it: a
-- site reads only below `pg_snapshot_xmin(pg_current_snapshot())`, so a row whose
-- transaction commits after one with a higher id is never skipped.
CREATE TABLE change_log (
    id     BIGSERIAL PRIMARY KEY,
    xid    XID8 NOT NULL DEFAULT pg_current_xact_id(),
    kind   TEXT NOT NULL,
    body   JSONB NOT NULL,
    at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- === version 2: the sites' books, journal entry by journal entry.
-- A site's transfer as its outbox described it: `local_id` is its id at the site. The
-- accounts are the site's by name (`liabilities:trust:DOC` is that inmate's trust account
-- there).
CREATE TABLE transfer (
    site           TEXT NOT NULL REFERENCES site (id),
    local_id       BIGINT NOT NULL,
    debit          TEXT NOT NULL,
    credit         TEXT NOT NULL CHECK (credit <> debit),
    amount_cents   BIGINT NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL,
    business_date  DATE NOT NULL,
    PRIMARY KEY (site, local_id)
);
CREATE INDEX transfer_by_credit ON transfer (credit);
CREATE INDEX transfer_by_debit ON transfer (debit);

-- === version 3: money orders are unique statewide, and the sites are told what the state
-- decides, in the order it was decided.
-- Each money order taken in at any site, by its issuer and serial as the sites key them
-- (trimmed, upper case, without spaces or dashes): the first site to push one owns it.
CREATE TABLE money_order_serial (
    issuer_key  TEXT NOT NULL,
    serial_key  TEXT NOT NULL,
    site        TEXT NOT NULL REFERENCES site (id),
    local_id    BIGINT NOT NULL,
    PRIMARY KEY (issuer_key, serial_key)
);
-- A money order pushed after the same one was taken in at another site: the later one is
-- put on hold at its site (`duplicate_elsewhere`), through the change log; if that site had
-- posted it already, the first one is put on hold at its site instead.
CREATE TABLE serial_clash (
    site            TEXT NOT NULL REFERENCES site (id),
    local_id        BIGINT NOT NULL,
    issuer_key      TEXT NOT NULL,
    serial_key      TEXT NOT NULL,
    first_site      TEXT NOT NULL,
    first_local_id  BIGINT NOT NULL,
    found_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (site, local_id)
);
-- Money orders posted, by site and number there (from the sites' `money_order.post`
-- entries, whatever order they come in): a money order with two copies posted was paid
-- twice (a site posted before it heard of the other, or a supervisor released the hold).
CREATE TABLE money_order_post (
    site      TEXT NOT NULL REFERENCES site (id),
    local_id  BIGINT NOT NULL,
    PRIMARY KEY (site, local_id)
);
-- The sites read the change log in (transaction, id) order, below the oldest transaction
-- still running: see `Central::changes`.
CREATE INDEX change_log_by_xid ON change_log (xid, id);
-- Where the state has each person it moved: the site (and facility) their account is at.
CREATE TABLE person_location (
    doc       TEXT PRIMARY KEY CHECK (doc ~ '^[0-9]{8}$'),
    site      TEXT NOT NULL REFERENCES site (id),
    facility  TEXT NOT NULL CHECK (length(facility) BETWEEN 1 AND 60),
    moved_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- === version 4: the state's people, told to every site.
-- A person the central office registers: every site learns them (the site they are at
-- serves them; the others know they are elsewhere). Where they are is `person_location`.
CREATE TABLE person (
    doc         TEXT PRIMARY KEY CHECK (doc ~ '^[0-9]{8}$'),
    last_name   TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 60),
    first_name  TEXT NOT NULL CHECK (length(first_name) <= 60),
    language    TEXT NOT NULL CHECK (language IN ('en', 'es')),
    added_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- === version 5: a moved person's account follows them; the state's obligations.
-- Obligations as the sites added them (`obligation.add`), by site and number there: the
-- report's obligations owed are these less what was paid on them (the sites' transfers)
-- and less what was sent on with a moved person.
CREATE TABLE obligation (
    site          TEXT NOT NULL REFERENCES site (id),
    local_id      BIGINT NOT NULL,
    doc           TEXT NOT NULL,
    kind          TEXT NOT NULL,
    amount_cents  BIGINT NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (site, local_id)
);
-- What was still owed on an obligation when its site sent it on with the person
-- (`person.moved_out`): owed at the new site from then on, as an obligation of its own.
CREATE TABLE obligation_moved (
    site             TEXT NOT NULL REFERENCES site (id),
    local_id         BIGINT NOT NULL,
    to_site          TEXT NOT NULL,
    remaining_cents  BIGINT NOT NULL CHECK (remaining_cents >= 0),
    PRIMARY KEY (site, local_id)
);
-- The obligations pushed before this version, from their entries. (Only those entries are
-- read as JSON: another body may hold what jsonb refuses.)
INSERT INTO obligation (site, local_id, doc, kind, amount_cents)
SELECT site, (d->>'obligation')::bigint, substr(subject, 5), d->>'kind',
       round((d->>'amount')::numeric * 100)::bigint
FROM (SELECT site, (body::jsonb->>'detail')::jsonb AS d, body::jsonb->>'subject' AS subject
      FROM (SELECT site, body FROM outbox_entry
            WHERE kind = 'action' AND body LIKE '%"action":"obligation.add"%' OFFSET 0) a
      OFFSET 0) e
WHERE d ? 'obligation'
ON CONFLICT DO NOTHING;
