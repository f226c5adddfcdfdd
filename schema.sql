-- lockbox ledger schema. Each "-- === version N" section below is migration N: a new
-- database runs them all in order, an older one runs those it lacks.
--
-- Applied by the binary on first open and recorded in PRAGMA user_version. Money is always
-- integer cents. Ledger rows (transfer, receipt) and the audit trail are append-only: the
-- triggers at the end make UPDATE and DELETE on them fail; a correction is a new row.

-- === version 1: the ledger core.

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- State holidays: a posting on one of these dates posts nothing.
CREATE TABLE holiday (
    date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    name TEXT NOT NULL
);

-- A person known by a DOC number, inmate or offender under supervision.
CREATE TABLE person (
    doc        TEXT PRIMARY KEY CHECK (length(doc) = 8 AND doc NOT GLOB '*[^0-9]*'),
    last_name  TEXT NOT NULL CHECK (length(last_name) BETWEEN 1 AND 60),
    first_name TEXT NOT NULL CHECK (length(first_name) <= 60),
    facility   TEXT NOT NULL CHECK (length(facility) <= 60),
    birth_date TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX person_by_last_name ON person (last_name);

-- The chart of accounts. Names are hledger account names; `normal` says which side
-- increases the balance (assets: debit; liabilities: credit). debits_cents and
-- credits_cents are the running totals of the account's transfers, kept by the trigger
-- transfer_updates_accounts in the same transaction, so a balance is one row read;
-- `lockbox check` proves them equal to the sums of the transfers.
CREATE TABLE account (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    normal        TEXT NOT NULL CHECK (normal IN ('debit', 'credit')),
    doc           TEXT REFERENCES person (doc),
    debits_cents  INTEGER NOT NULL DEFAULT 0,
    credits_cents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX account_by_doc ON account (doc);
-- The two accounts every money order passes through: the lock box's money orders (an
-- asset) and the deposits received but not yet posted (owed to someone, a liability).
INSERT INTO account (id, name, normal) VALUES
    (1, 'assets:lockbox:money-orders', 'debit'),
    (2, 'liabilities:deposits:unposted', 'credit');

-- Each inmate's trust account.
CREATE TABLE trust_account (
    doc        TEXT PRIMARY KEY REFERENCES person (doc),
    account_id INTEGER NOT NULL UNIQUE REFERENCES account (id),
    opened_at  TEXT NOT NULL
);

-- What an inmate owes. The remaining balance is amount_cents less what the transfers
-- credited to its account have paid, so it can never drift from the ledger.
CREATE TABLE obligation (
    id           INTEGER PRIMARY KEY,
    doc          TEXT NOT NULL REFERENCES person (doc),
    kind         TEXT NOT NULL CHECK (kind IN ('fine', 'court_cost', 'restitution', 'intervention_fee')),
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    percent_bp   INTEGER NOT NULL CHECK (percent_bp BETWEEN 0 AND 10000),
    account_id   INTEGER NOT NULL UNIQUE REFERENCES account (id),
    created_at   TEXT NOT NULL
);
CREATE INDEX obligation_by_doc ON obligation (doc, id);

-- Clerks and supervisors.
CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 32),
    role            TEXT NOT NULL CHECK (role IN ('clerk', 'supervisor')),
    password_hash   TEXT,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    created_at      TEXT NOT NULL
);

-- A typed deposit slip; its number is the id with a check digit.
CREATE TABLE slip (
    id             INTEGER PRIMARY KEY CHECK (id BETWEEN 1 AND 99999999),
    doc            TEXT NOT NULL REFERENCES person (doc),
    inmate_name    TEXT NOT NULL,
    sender_name    TEXT NOT NULL,
    sender_address TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 99999),
    language       TEXT NOT NULL CHECK (language IN ('en', 'es')),
    kiosk_id       TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- One business-day posting. The date is unique: a second run of the same day resumes or
-- reports the first instead of posting again.
CREATE TABLE posting_batch (
    id            INTEGER PRIMARY KEY,
    business_date TEXT NOT NULL UNIQUE,
    cutoff        TEXT NOT NULL,
    started_at    TEXT NOT NULL,
    started_by    TEXT NOT NULL,
    finished_at   TEXT,
    posted_count  INTEGER,
    posted_cents  INTEGER
);

-- A money order taken in from the lock box. issuer_key + serial_key is unique, so the same
-- money order cannot be taken in twice.
CREATE TABLE money_order (
    id             INTEGER PRIMARY KEY,
    issuer         TEXT NOT NULL,
    serial         TEXT NOT NULL,
    issuer_key     TEXT NOT NULL,
    serial_key     TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents BETWEEN 1 AND 99999),
    issued_on      TEXT NOT NULL,
    slip_id        INTEGER UNIQUE REFERENCES slip (id),
    slip_typed     TEXT,
    doc            TEXT,
    inmate_name    TEXT,
    sender_name    TEXT,
    sender_address TEXT,
    status         TEXT NOT NULL CHECK (status IN ('ready', 'held', 'posted', 'returned')),
    received_at    TEXT NOT NULL,
    received_by    TEXT NOT NULL,
    ready_at       TEXT,
    batch_id       INTEGER REFERENCES posting_batch (id),
    UNIQUE (issuer_key, serial_key),
    CHECK (status <> 'ready' OR ready_at IS NOT NULL),
    CHECK ((status = 'posted') = (batch_id IS NOT NULL))
);
-- The posting walks ready money orders in id order.
CREATE INDEX money_order_ready ON money_order (status, id);
CREATE INDEX money_order_by_doc ON money_order (doc);
CREATE INDEX money_order_by_batch ON money_order (batch_id);

-- Why a money order was held, and how the hold ended.
CREATE TABLE hold (
    id             INTEGER PRIMARY KEY,
    money_order_id INTEGER NOT NULL UNIQUE REFERENCES money_order (id),
    reason         TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    resolution     TEXT CHECK (resolution IN ('released', 'returned')),
    resolved_at    TEXT,
    resolved_by    TEXT,
    note           TEXT
);
CREATE INDEX hold_open ON hold (resolution);

-- Double entry: every row moves amount_cents from one account's debit side to another's
-- credit side, so debits equal credits by construction.
CREATE TABLE transfer (
    id             INTEGER PRIMARY KEY,
    debit_account  INTEGER NOT NULL REFERENCES account (id),
    credit_account INTEGER NOT NULL REFERENCES account (id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('intake', 'post_trust', 'post_obligation', 'return')),
    money_order_id INTEGER REFERENCES money_order (id),
    batch_id       INTEGER REFERENCES posting_batch (id),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (debit_account <> credit_account)
);
CREATE INDEX transfer_by_debit ON transfer (debit_account);
CREATE INDEX transfer_by_credit ON transfer (credit_account);
-- A money order enters the ledger, leaves it and posts to each account at most once.
CREATE UNIQUE INDEX transfer_once ON transfer (money_order_id, kind, credit_account);

-- Inmate posting receipts, numbered without gaps (an INTEGER PRIMARY KEY takes max + 1
-- inside the posting's transaction, and rows are never deleted).
CREATE TABLE receipt (
    number         INTEGER PRIMARY KEY,
    money_order_id INTEGER NOT NULL UNIQUE REFERENCES money_order (id),
    doc            TEXT NOT NULL REFERENCES person (doc),
    batch_id       INTEGER NOT NULL REFERENCES posting_batch (id),
    created_at     TEXT NOT NULL
);

-- Documents waiting for the printer; the spool worker updates their state.
CREATE TABLE print_job (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    subject    TEXT NOT NULL,
    language   TEXT NOT NULL CHECK (language IN ('en', 'es')),
    payload    TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'printing', 'printed', 'failed')),
    attempts   INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX print_job_queue ON print_job (status, id);

-- The audit trail: who did what, when, to what, with what outcome. Each row's hash is
-- SHA-256 over the previous row's hash and the row's own content (see store/audit.rs).
CREATE TABLE audit (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);

CREATE TRIGGER transfer_updates_accounts AFTER INSERT ON transfer
BEGIN
    UPDATE account SET debits_cents = debits_cents + NEW.amount_cents WHERE id = NEW.debit_account;
    UPDATE account SET credits_cents = credits_cents + NEW.amount_cents WHERE id = NEW.credit_account;
END;

CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;

-- === version 2: intervention fees, supervision cases and offender PINs.

-- The transfer kinds grow the fee's: SQLite cannot change a CHECK in place, so the table is
-- rebuilt with the same rows, indexes and triggers.
CREATE TABLE transfer_v2 (
    id             INTEGER PRIMARY KEY,
    debit_account  INTEGER NOT NULL REFERENCES account (id),
    credit_account INTEGER NOT NULL REFERENCES account (id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('intake', 'post_trust', 'post_obligation', 'return',
                                                 'fee_assessment', 'fee_waiver', 'fee_payment')),
    money_order_id INTEGER REFERENCES money_order (id),
    batch_id       INTEGER REFERENCES posting_batch (id),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (debit_account <> credit_account)
);
INSERT INTO transfer_v2 SELECT * FROM transfer;
DROP TABLE transfer;
ALTER TABLE transfer_v2 RENAME TO transfer;
CREATE INDEX transfer_by_debit ON transfer (debit_account);
CREATE INDEX transfer_by_credit ON transfer (credit_account);
CREATE UNIQUE INDEX transfer_once ON transfer (money_order_id, kind, credit_account);
CREATE TRIGGER transfer_updates_accounts AFTER INSERT ON transfer
BEGIN
    UPDATE account SET debits_cents = debits_cents + NEW.amount_cents WHERE id = NEW.debit_account;
    UPDATE account SET credits_cents = credits_cents + NEW.amount_cents WHERE id = NEW.credit_account;
END;
CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

-- The fee's income and what waivers forgave of it (a contra account), and the fee
-- payments received by money order, cashier's check, card or eCheck.
INSERT INTO account (id, name, normal) VALUES
    (3, 'income:intervention-fees', 'credit'),
    (4, 'income:intervention-fees:waived', 'debit'),
    (5, 'assets:fees:payments-received', 'debit');

-- An offender's supervision case. The fee is fixed at placement (at most $60.00).
CREATE TABLE supervision_case (
    doc         TEXT PRIMARY KEY REFERENCES person (doc),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 121),
    supervision TEXT NOT NULL CHECK (supervision IN ('probation', 'parole', 'conditional_release',
                                                     'pretrial', 'drug_court', 'deferred_prosecution')),
    placed_on   TEXT NOT NULL,
    fee_cents   INTEGER NOT NULL CHECK (fee_cents BETWEEN 1 AND 6000),
    -- What the offender owes the fee to: a receivable, 'assets:receivable:fees:DOC'.
    account_id  INTEGER NOT NULL UNIQUE REFERENCES account (id),
    created_at  TEXT NOT NULL
);

-- Dated events of a case after its placement, in the order they were recorded. The fee
-- account is computed from these (domain/fee_account.rs); rows are never changed, a
-- mistake is corrected by a new event.
CREATE TABLE case_event (
    id           INTEGER PRIMARY KEY,
    doc          TEXT NOT NULL REFERENCES supervision_case (doc),
    date         TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('program_start', 'program_end', 'confined', 'released',
                                                'interstate_departed', 'absconded', 'closed', 'waiver',
                                                'waiver_rescinded', 'payment')),
    program      TEXT CHECK (program IN ('crc', 'rf', 'emp')),
    to_date      TEXT,
    amount_cents INTEGER CHECK (amount_cents > 0),
    instrument   TEXT CHECK (instrument IN ('money_order', 'cashiers_check', 'card', 'echeck')),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);
CREATE INDEX case_event_by_doc ON case_event (doc, date, id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;

-- Each month's fee written to the ledger by `lockbox fees assess`, at most once per
-- offender and month.
CREATE TABLE fee_assessment (
    doc            TEXT NOT NULL REFERENCES supervision_case (doc),
    month          TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    assessed_cents INTEGER NOT NULL CHECK (assessed_cents > 0),
    waived_cents   INTEGER NOT NULL CHECK (waived_cents >= 0),
    assessed_at    TEXT NOT NULL,
    PRIMARY KEY (doc, month)
) WITHOUT ROWID;

-- An offender's kiosk PIN: an argon2id hash made with a secret key kept outside the
-- database, and the count of wrong PINs in a row that locks it for a while.
CREATE TABLE offender_pin (
    doc             TEXT PRIMARY KEY REFERENCES person (doc),
    pin_hash        TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT,
    set_at          TEXT NOT NULL,
    set_by          TEXT NOT NULL
);

-- === version 3: the print spool's reprints.

-- A reprint is a new job marked as a duplicate (it prints DUPLICATE / DUPLICADO), pointing
-- at the job it copies.
ALTER TABLE print_job ADD COLUMN duplicate INTEGER NOT NULL DEFAULT 0 CHECK (duplicate IN (0, 1));
ALTER TABLE print_job ADD COLUMN reprint_of INTEGER REFERENCES print_job (id);

-- === version 4: print destinations and the reconciliation's index.

-- Which printer a job is for: `kiosk:ID` for what a kiosk prints for its visitor (slips,
-- stubs, vouchers), `desk` for the clerk's printer (receipts, statements, reprints), so one
-- printer never hands out another's papers.
-- No index of its own: the queue index (status, id) finds the few queued jobs, and an index
-- kept for every printed job would slow every slip and every posting.
ALTER TABLE print_job ADD COLUMN destination TEXT NOT NULL DEFAULT 'desk';
-- The console pages through open holds by money-order number.
CREATE INDEX hold_open_by_money_order ON hold (resolution, money_order_id);

-- === version 5: waiver requests.

-- A clerk enters an offender's request for an insufficient-income waiver with the figures of
-- the request form; a supervisor approves it (the waiver becomes a case event, in the same
-- transaction) or rejects it. Requests are kept after the decision, for the record.
CREATE TABLE waiver_request (
    id                   INTEGER PRIMARY KEY,
    doc                  TEXT NOT NULL REFERENCES supervision_case (doc),
    effective            TEXT NOT NULL,
    expires              TEXT NOT NULL CHECK (expires >= effective),
    amount_cents         INTEGER NOT NULL CHECK (amount_cents > 0),
    persons              INTEGER NOT NULL CHECK (persons > 0),
    monthly_income_cents INTEGER NOT NULL CHECK (monthly_income_cents >= 0),
    threshold_cents      INTEGER NOT NULL CHECK (threshold_cents > 0),
    employment           TEXT NOT NULL CHECK (employment IN ('employed', 'unemployed', 'unable_to_work')),
    requested_at         TEXT NOT NULL,
    requested_by         TEXT NOT NULL,
    status               TEXT NOT NULL DEFAULT 'pending'
                         CHECK (status IN ('pending', 'approved', 'rejected')),
    decided_at           TEXT,
    decided_by           TEXT,
    note                 TEXT
);
-- At most one request per offender waits at a time.
CREATE UNIQUE INDEX waiver_request_pending ON waiver_request (doc) WHERE status = 'pending';

-- === version 6: books that cannot lie.

-- The fee's reversing entries join the transfer kinds: a waiver, an exemption, a closing or
-- a rescinded waiver decided after a month was charged is corrected by a new row dated like
-- the month it corrects (see store/fee_books.rs). The table is rebuilt as in version 2.
CREATE TABLE transfer_v6 (
    id             INTEGER PRIMARY KEY,
    debit_account  INTEGER NOT NULL REFERENCES account (id),
    credit_account INTEGER NOT NULL REFERENCES account (id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('intake', 'post_trust', 'post_obligation', 'return',
                                                 'fee_assessment', 'fee_waiver', 'fee_payment',
                                                 'fee_reversal', 'fee_waiver_reversal')),
    money_order_id INTEGER REFERENCES money_order (id),
    batch_id       INTEGER REFERENCES posting_batch (id),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    CHECK (debit_account <> credit_account)
);
INSERT INTO transfer_v6 SELECT * FROM transfer;
DROP TABLE transfer;
ALTER TABLE transfer_v6 RENAME TO transfer;
CREATE INDEX transfer_by_debit ON transfer (debit_account);
CREATE INDEX transfer_by_credit ON transfer (credit_account);
CREATE UNIQUE INDEX transfer_once ON transfer (money_order_id, kind, credit_account);
CREATE TRIGGER transfer_updates_accounts AFTER INSERT ON transfer
BEGIN
    UPDATE account SET debits_cents = debits_cents + NEW.amount_cents WHERE id = NEW.debit_account;
    UPDATE account SET credits_cents = credits_cents + NEW.amount_cents WHERE id = NEW.credit_account;
END;
CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

-- The fee accounts by the names tools outside read (`income:fees`, `expenses:fees:waived`).
UPDATE account SET name = 'income:fees' WHERE id = 3;
UPDATE account SET name = 'expenses:fees:waived' WHERE id = 4;

-- The newest month a case's books are complete through (YYYY-MM); the monthly catch-up
-- charges the months after it. NULL: never brought up to date by this version, so the
-- catch-up compares every month with what the receivable holds.
ALTER TABLE supervision_case ADD COLUMN books_month TEXT;
-- Written by `fees assess` before the books followed the engine; the transfers say it all.
DROP TABLE fee_assessment;

-- Case-import lines already recorded, by their content's hash and occurrence in the file:
-- re-importing a file, or a line, records nothing new.
CREATE TABLE case_import (
    key         TEXT PRIMARY KEY,
    doc         TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
) WITHOUT ROWID;

-- Cash, a personal check or a personal item found in the lock box: not accepted (no money
-- moves), but recorded with its amount and the slip it came with, and that slip can no
-- longer be matched to a money order.
CREATE TABLE found_item (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL CHECK (kind IN ('cash', 'personal_check', 'personal_item')),
    amount_cents INTEGER CHECK (amount_cents > 0),
    slip_id      INTEGER UNIQUE REFERENCES slip (id),
    slip_typed   TEXT,
    found_at     TEXT NOT NULL,
    found_by     TEXT NOT NULL,
    CHECK (kind = 'personal_item' OR amount_cents IS NOT NULL)
);

-- The run of a posting now (or last) at work on a batch: when it began and who runs it, for
-- the message a second posting gets while the first holds the posting lock.
ALTER TABLE posting_batch ADD COLUMN run_started_at TEXT;
ALTER TABLE posting_batch ADD COLUMN run_by TEXT;

-- An intervention fee taken from an inmate's deposits by the posting is a payment the fee
-- engine sees (instrument `inmate_account`): the case-event table is rebuilt for the new
-- instrument, as `transfer` was.
CREATE TABLE case_event_v6 (
    id           INTEGER PRIMARY KEY,
    doc          TEXT NOT NULL REFERENCES supervision_case (doc),
    date         TEXT NOT NULL,
    event        TEXT NOT NULL CHECK (event IN ('program_start', 'program_end', 'confined', 'released',
                                                'interstate_departed', 'absconded', 'closed', 'waiver',
                                                'waiver_rescinded', 'payment')),
    program      TEXT CHECK (program IN ('crc', 'rf', 'emp')),
    to_date      TEXT,
    amount_cents INTEGER CHECK (amount_cents > 0),
    instrument   TEXT CHECK (instrument IN ('money_order', 'cashiers_check', 'card', 'echeck',
                                            'inmate_account')),
    recorded_at  TEXT NOT NULL,
    recorded_by  TEXT NOT NULL
);
INSERT INTO case_event_v6 SELECT * FROM case_event;
DROP TABLE case_event;
ALTER TABLE case_event_v6 RENAME TO case_event;
CREATE INDEX case_event_by_doc ON case_event (doc, date, id);
CREATE TRIGGER case_event_no_update BEFORE UPDATE ON case_event
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;
CREATE TRIGGER case_event_no_delete BEFORE DELETE ON case_event
BEGIN SELECT RAISE(ABORT, 'case events are append-only'); END;

-- The language a person's posting receipts and statements are printed in (English unless
-- set).
ALTER TABLE person ADD COLUMN language TEXT NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'es'));

-- Monthly statements are numbered without gaps: a statement gets its number the first time
-- it is issued (printed or saved), once per inmate and month; a reprint keeps it and says
-- DUPLICATE.
CREATE TABLE statement_issue (
    number    INTEGER PRIMARY KEY,
    doc       TEXT NOT NULL REFERENCES person (doc),
    month     TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
    issued_at TEXT NOT NULL,
    issued_by TEXT NOT NULL,
    UNIQUE (doc, month)
);
CREATE TRIGGER statement_issue_no_update BEFORE UPDATE ON statement_issue
BEGIN SELECT RAISE(ABORT, 'statement numbers are append-only'); END;
CREATE TRIGGER statement_issue_no_delete BEFORE DELETE ON statement_issue
BEGIN SELECT RAISE(ABORT, 'statement numbers are append-only'); END;

-- The catch-up finds the cases whose books are behind the month with one indexed read.
CREATE INDEX supervision_case_books ON supervision_case (books_month);

-- Lockouts that belong to no user row: the kiosk's technician exit, one per kiosk, counted
-- in the ledger (so restarting the kiosk or guessing from two processes gains nothing) and
-- apart from the clerks' own accounts (so the lobby cannot lock a clerk out).
CREATE TABLE attempt_lock (
    name            TEXT PRIMARY KEY,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    TEXT
) WITHOUT ROWID;

-- === version 7: tamper evidence with a key.

-- Every audit row gets a seal: HMAC-SHA256 (first 16 bytes) of its hash under the audit
-- key, a secret kept outside the database (audit.key beside the ledger). An edit that
-- recomputes the plain SHA-256 chain cannot recompute these.
ALTER TABLE audit ADD COLUMN mac BLOB;

-- The keyed seal of each row that carries money or authority, kept by triggers (made by
-- the binary from each table's columns, see store/seal.rs) in the same transaction as the
-- write and its audit row. `lockbox check` recomputes every seal.
CREATE TABLE seal (
    tbl     TEXT NOT NULL,
    row_key NOT NULL,
    mac     BLOB NOT NULL,
    PRIMARY KEY (tbl, row_key)
) WITHOUT ROWID;

-- The count and XOR of all seals, with their own keyed seal: a row deleted together with
-- its seal is found.
CREATE TABLE seal_total (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    rows INTEGER NOT NULL,
    xor  BLOB,
    mac  BLOB
);
INSERT INTO seal_total (id, rows) VALUES (1, 0);
CREATE TRIGGER seal_added AFTER INSERT ON seal BEGIN
    UPDATE seal_total SET rows = rows + 1, xor = lockbox_xor(xor, NEW.mac),
        mac = lockbox_total(rows + 1, lockbox_xor(xor, NEW.mac)) WHERE id = 1;
END;
CREATE TRIGGER seal_removed AFTER DELETE ON seal BEGIN
    UPDATE seal_total SET rows = rows - 1, xor = lockbox_xor(xor, OLD.mac),
        mac = lockbox_total(rows - 1, lockbox_xor(xor, OLD.mac)) WHERE id = 1;
END;
CREATE TRIGGER seal_changed AFTER UPDATE ON seal BEGIN
    UPDATE seal_total SET xor = lockbox_xor(lockbox_xor(xor, OLD.mac), NEW.mac),
        mac = lockbox_total(rows, lockbox_xor(lockbox_xor(xor, OLD.mac), NEW.mac)) WHERE id = 1;
END;

-- Every audit row carries its seal: a lockbox older than this (a console left open across
-- the upgrade) cannot append rows that would then read as forged.
CREATE TRIGGER audit_sealed BEFORE INSERT ON audit WHEN NEW.mac IS NULL
BEGIN SELECT RAISE(ABORT, 'an audit row without its seal: this lockbox is older than the ledger'); END;

-- === version 8: reprints by the number printed on the paper.
-- The console finds a receipt, slip, statement or voucher by its subject, on a ledger whose
-- print jobs run to the hundreds of thousands.
CREATE INDEX IF NOT EXISTS print_job_by_subject ON print_job (subject, kind, id);

-- === version 9: electronic deposits from the payment processor's daily file, screened by
-- DOMAIN.md's rules, and the watchlists that hold them for review.
-- A line of the processor's file, once: processor_id is the processor's transaction id, so
-- importing the same file again records nothing. received_at is UTC (sortable, for the
-- rolling windows); received_text is the time as the file gave it, with its offset.
CREATE TABLE IF NOT EXISTS electronic_deposit (
    id             INTEGER PRIMARY KEY,
    processor_id   TEXT NOT NULL UNIQUE CHECK (length(processor_id) BETWEEN 1 AND 64),
    received_at    TEXT NOT NULL,
    received_text  TEXT NOT NULL,
    channel        TEXT NOT NULL CHECK (channel IN ('card', 'cash')),
    doc            TEXT NOT NULL,
    sender_name    TEXT NOT NULL,
    sender_address TEXT NOT NULL,
    sender_key     TEXT NOT NULL,
    card           TEXT NOT NULL,
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    outcome        TEXT NOT NULL CHECK (outcome IN ('accepted', 'held', 'refused')),
    reasons        TEXT NOT NULL,
    imported_at    TEXT NOT NULL,
    imported_by    TEXT NOT NULL,
    -- A held line's review: a supervisor accepted it (it posts) or rejected it (it goes
    -- back to the processor) with a reason from a fixed list; reasons keeps why it was held.
    reviewed_at    TEXT,
    reviewed_by    TEXT,
    review         TEXT CHECK (review IN ('accepted', 'suspected_fraud', 'sender_unverified',
                                          'inmate_restricted', 'policy')),
    review_note    TEXT,
    CHECK ((reviewed_at IS NULL) = (review IS NULL))
);
-- The windows: a card's deposits to an inmate in 72 hours, a sender's and an inmate's in
-- 8 days. Refused lines never count, so they are not indexed for them.
CREATE INDEX IF NOT EXISTS electronic_by_card ON electronic_deposit (card, doc, received_at)
    WHERE outcome <> 'refused';
CREATE INDEX IF NOT EXISTS electronic_by_sender ON electronic_deposit (sender_key, received_at)
    WHERE outcome <> 'refused';
CREATE INDEX IF NOT EXISTS electronic_by_doc ON electronic_deposit (doc, received_at)
    WHERE outcome <> 'refused';
CREATE INDEX IF NOT EXISTS electronic_by_outcome ON electronic_deposit (outcome, received_text);

-- Senders (by their sender key: `card:FINGERPRINT` or `cash:folded name and address`) and
-- inmates (by DOC number) whose deposits are held for review, and pairs (`SENDERKEY DOC`) a
-- supervisor always accepts from the velocity rules. Removing one keeps the row.
CREATE TABLE IF NOT EXISTS watchlist (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('sender', 'inmate', 'pair')),
    key         TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
    added_at    TEXT NOT NULL,
    added_by    TEXT NOT NULL,
    removed_at  TEXT,
    removed_by  TEXT,
    CHECK ((removed_at IS NULL) = (removed_by IS NULL))
);
CREATE UNIQUE INDEX IF NOT EXISTS watchlist_once ON watchlist (kind, key) WHERE removed_at IS NULL;

-- === version 10: accepted electronic deposits post like money orders, are charged back and
-- settled with the processor.
-- The processor's side of the books: what it owes lockbox for deposits accepted (an asset,
-- until its settlement pays it), what it paid over, and the electronic deposits accepted
-- but not yet posted (owed to inmates, a liability kept apart from the lock box's own, so
-- the lock box's reconciliation still counts money orders only). Found by name: account ids
-- after 5 belong to inmates.
INSERT OR IGNORE INTO account (name, normal) VALUES
    ('assets:processor:receivable', 'debit'),
    ('assets:processor:settled', 'debit'),
    ('liabilities:deposits:unposted-electronic', 'credit');

-- The processor's stated settlement of a day, once, with what lockbox expected; the
-- difference stays in the processor receivable.
CREATE TABLE IF NOT EXISTS processor_settlement (
    business_date  TEXT PRIMARY KEY CHECK (business_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    stated_cents   INTEGER NOT NULL,
    expected_cents INTEGER NOT NULL,
    settled_at     TEXT NOT NULL,
    settled_by     TEXT NOT NULL
) WITHOUT ROWID;

-- --- once: the rest runs only on a ledger whose transfers have no electronic_id column yet
-- (SQLite cannot say "if not exists" of a rebuilt table or an added column).
-- Transfers name the electronic deposit they move, and gain the processor's kinds: an
-- accepted deposit entering the books, a chargeback, a settlement. Rebuilt as in version 6;
-- the rows' seals are checked before and made again after (see Ledger::migrate).
CREATE TABLE transfer_v10 (
    id             INTEGER PRIMARY KEY,
    debit_account  INTEGER NOT NULL REFERENCES account (id),
    credit_account INTEGER NOT NULL REFERENCES account (id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('intake', 'post_trust', 'post_obligation', 'return',
                                                 'fee_assessment', 'fee_waiver', 'fee_payment',
                                                 'fee_reversal', 'fee_waiver_reversal',
                                                 'electronic', 'chargeback', 'settlement')),
    money_order_id INTEGER REFERENCES money_order (id),
    batch_id       INTEGER REFERENCES posting_batch (id),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    electronic_id  INTEGER REFERENCES electronic_deposit (id),
    CHECK (debit_account <> credit_account),
    CHECK (money_order_id IS NULL OR electronic_id IS NULL)
);
INSERT INTO transfer_v10 SELECT *, NULL FROM transfer;
DROP TABLE transfer;
ALTER TABLE transfer_v10 RENAME TO transfer;
CREATE INDEX transfer_by_debit ON transfer (debit_account);
CREATE INDEX transfer_by_credit ON transfer (credit_account);
CREATE UNIQUE INDEX transfer_once ON transfer (money_order_id, kind, credit_account);
CREATE UNIQUE INDEX transfer_electronic_once ON transfer (electronic_id, kind, credit_account)
    WHERE electronic_id IS NOT NULL;
CREATE TRIGGER transfer_updates_accounts AFTER INSERT ON transfer
BEGIN
    UPDATE account SET debits_cents = debits_cents + NEW.amount_cents WHERE id = NEW.debit_account;
    UPDATE account SET credits_cents = credits_cents + NEW.amount_cents WHERE id = NEW.credit_account;
END;
CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

-- A posting receipt is for a money order or for an electronic deposit, one number series.
CREATE TABLE receipt_v10 (
    number         INTEGER PRIMARY KEY,
    money_order_id INTEGER UNIQUE REFERENCES money_order (id),
    doc            TEXT NOT NULL REFERENCES person (doc),
    batch_id       INTEGER NOT NULL REFERENCES posting_batch (id),
    created_at     TEXT NOT NULL,
    electronic_id  INTEGER UNIQUE REFERENCES electronic_deposit (id),
    CHECK ((money_order_id IS NULL) <> (electronic_id IS NULL))
);
INSERT INTO receipt_v10 SELECT *, NULL FROM receipt;
DROP TABLE receipt;
ALTER TABLE receipt_v10 RENAME TO receipt;
CREATE TRIGGER receipt_no_update BEFORE UPDATE ON receipt
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER receipt_no_delete BEFORE DELETE ON receipt
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;

-- An accepted electronic deposit is posted by a batch (batch_id), or charged back first
-- (charged_back_at, the chargeback line's time as the file gave it in chargeback_text).
ALTER TABLE electronic_deposit ADD COLUMN batch_id INTEGER REFERENCES posting_batch (id);
ALTER TABLE electronic_deposit ADD COLUMN charged_back_at TEXT;
ALTER TABLE electronic_deposit ADD COLUMN chargeback_text TEXT;
-- The posting finds what waits for it without reading the rest.
CREATE INDEX electronic_ready ON electronic_deposit (id)
    WHERE outcome = 'accepted' AND batch_id IS NULL AND charged_back_at IS NULL;
CREATE INDEX electronic_by_batch ON electronic_deposit (batch_id) WHERE batch_id IS NOT NULL;
-- A day's settlement finds the chargebacks the processor received that day.
CREATE INDEX electronic_charged_back ON electronic_deposit (chargeback_text)
    WHERE charged_back_at IS NOT NULL;
-- An inmate's statement finds the electronic deposits posted to them.
CREATE INDEX electronic_posted_by_doc ON electronic_deposit (doc, batch_id) WHERE batch_id IS NOT NULL;

-- === version 11: money orders screened at intake by the same velocity rules and watchlists
-- as electronic deposits.
-- --- once: the rest runs only on a ledger whose money orders have no sender_key column yet.
-- A money order's sender as the rules count it (its name and address folded, as a cash
-- line's; NULL without both) and its intake time in UTC, so one window spans money orders
-- and electronic deposits. Filled for the money orders already taken in by the upgrade.
ALTER TABLE money_order ADD COLUMN sender_key TEXT;
ALTER TABLE money_order ADD COLUMN received_utc TEXT;
-- The windows' distinct inmates of a sender and senders of an inmate are found a value at a
-- time, jumping from one to the next along these indexes, so a sender with thousands of
-- deposits in the window costs a few seeks, not a scan of them all.
CREATE INDEX money_order_by_sender ON money_order (sender_key, doc, received_utc)
    WHERE status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL;
CREATE INDEX money_order_by_doc_sender ON money_order (doc, sender_key, received_utc)
    WHERE status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL;
DROP INDEX IF EXISTS electronic_by_sender;
DROP INDEX IF EXISTS electronic_by_doc;
CREATE INDEX electronic_by_sender ON electronic_deposit (sender_key, doc, received_at)
    WHERE outcome <> 'refused';
CREATE INDEX electronic_by_doc ON electronic_deposit (doc, sender_key, received_at)
    WHERE outcome <> 'refused';
-- Every deposit the velocity rules count: electronic lines not refused, money orders not
-- returned whose sender and inmate are known. `at` is UTC text of one width.
CREATE VIEW deposit_window AS
    SELECT sender_key, doc, received_at AS at, amount_cents, outcome,
           received_text AS shown_at, 'electronic' AS source
    FROM electronic_deposit WHERE outcome <> 'refused'
    UNION ALL
    SELECT sender_key, doc, received_utc, amount_cents,
           CASE status WHEN 'held' THEN 'held' ELSE 'accepted' END,
           received_at, 'money_order'
    FROM money_order
    WHERE status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL;

-- === version 12: the windows read from their indexes alone.
-- Every column a velocity window or the card limit reads, the row's status included, is in
-- its index: without them each deposit counted cost a seek into the table besides, a
-- random page of a ledger of a gigabyte or more.
DROP INDEX IF EXISTS money_order_by_sender;
DROP INDEX IF EXISTS money_order_by_doc_sender;
CREATE INDEX money_order_by_sender ON money_order (sender_key, doc, received_utc, status)
    WHERE status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL;
CREATE INDEX money_order_by_doc_sender ON money_order (doc, sender_key, received_utc, status)
    WHERE status <> 'returned' AND sender_key IS NOT NULL AND doc IS NOT NULL;
DROP INDEX IF EXISTS electronic_by_sender;
DROP INDEX IF EXISTS electronic_by_doc;
DROP INDEX IF EXISTS electronic_by_card;
CREATE INDEX electronic_by_sender ON electronic_deposit (sender_key, doc, received_at, outcome)
    WHERE outcome <> 'refused';
CREATE INDEX electronic_by_doc ON electronic_deposit (doc, sender_key, received_at, outcome)
    WHERE outcome <> 'refused';
CREATE INDEX electronic_by_card
    ON electronic_deposit (card, doc, received_at, outcome, amount_cents)
    WHERE outcome <> 'refused';

-- === version 13: the outbox the sync service pushes to the central server (issue 18).
-- Every write that moves money or changes a case already leaves an audit entry (the
-- business action) and its transfers (the books' journal entries) in its own transaction;
-- these triggers append each of them to the outbox in that same transaction, in the order
-- written, whichever process wrote it. The central server keys each entry by (site, seq):
-- a number must never be reused, and is not, as outbox rows are never deleted (a rowid is
-- only reused after the largest row goes; AUTOINCREMENT would cost every insert a write to
-- sqlite_sequence besides). `sent_at` is set once the central server has applied it.
-- --- once: the rest runs only on a ledger with no outbox yet (its history goes into it once).
CREATE TABLE outbox (
    seq      INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('action', 'transfer')),
    body     TEXT NOT NULL CHECK (json_valid(body)),
    sent_at  TEXT
);
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox is append-only: its numbers must never be reused'); END;
-- What an entry says, written once for the triggers and for the history alike. (A
-- migration that rebuilds `transfer` or `audit` must drop these views first and make them
-- again after: SQLite refuses to rename a table a view names.)
CREATE VIEW outbox_transfer_body AS
SELECT t.id, json_object(
        'id', t.id,
        'debit', (SELECT name FROM account WHERE id = t.debit_account),
        'credit', (SELECT name FROM account WHERE id = t.credit_account),
        'amount_cents', t.amount_cents,
        'kind', t.kind,
        'business_date', t.business_date,
        'created_at', t.created_at) AS body
FROM transfer t;
CREATE VIEW outbox_action_body AS
SELECT a.id, json_object(
        'audit_id', a.id, 'at', a.at, 'actor', a.actor, 'action', a.action,
        'subject', a.subject, 'outcome', a.outcome, 'detail', a.detail) AS body
FROM audit a;
CREATE TRIGGER outbox_transfer AFTER INSERT ON transfer
BEGIN
    INSERT INTO outbox (kind, body)
    SELECT 'transfer', body FROM outbox_transfer_body WHERE id = NEW.id;
END;
CREATE TRIGGER outbox_action AFTER INSERT ON audit
BEGIN
    INSERT INTO outbox (kind, body)
    SELECT 'action', body FROM outbox_action_body WHERE id = NEW.id;
END;
-- A ledger from before keeps its history: everything on file goes out first, the journal
-- entries then the actions, each in the order written.
INSERT INTO outbox (kind, body)
SELECT 'transfer', body FROM outbox_transfer_body ORDER BY id;
INSERT INTO outbox (kind, body)
SELECT 'action', body FROM outbox_action_body ORDER BY id;

-- === version 14: what the central server tells every site (issue 18).
-- An intake's outbox entry also names its money order's issuer and serial (as the ledger
-- keys them), so the central server finds one money order taken in at two sites. The
-- trigger that reads the view is dropped and made again with it.
DROP TRIGGER IF EXISTS outbox_action;
DROP VIEW IF EXISTS outbox_action_body;
CREATE VIEW outbox_action_body AS
SELECT a.id, CASE WHEN m.id IS NULL THEN json_object(
        'audit_id', a.id, 'at', a.at, 'actor', a.actor, 'action', a.action,
        'subject', a.subject, 'outcome', a.outcome, 'detail', a.detail)
    ELSE json_object(
        'audit_id', a.id, 'at', a.at, 'actor', a.actor, 'action', a.action,
        'subject', a.subject, 'outcome', a.outcome, 'detail', a.detail,
        'issuer_key', m.issuer_key, 'serial_key', m.serial_key) END AS body
FROM audit a
LEFT JOIN money_order m
    ON a.action = 'money_order.intake' AND m.id = CAST(substr(a.subject, 13) AS INTEGER);
CREATE TRIGGER outbox_action AFTER INSERT ON audit
BEGIN
    INSERT INTO outbox (kind, body)
    SELECT 'action', body FROM outbox_action_body WHERE id = NEW.id;
END;
-- --- once: the rest runs only on a ledger without these tables yet.
-- Money orders taken in at other sites, as the central server says: one taken in here
-- with the same issuer and serial is held (`duplicate_elsewhere`).
CREATE TABLE serial_elsewhere (
    id          INTEGER PRIMARY KEY,
    issuer_key  TEXT NOT NULL,
    serial_key  TEXT NOT NULL,
    site        TEXT NOT NULL,
    local_id    INTEGER NOT NULL,
    UNIQUE (issuer_key, serial_key)
);
-- People the state moved to another site: their slips are refused here ("moved to
-- FACILITY") and their money orders held (`inmate_moved`). A person moved back is deleted
-- from it. Not tied to `person`: a move is kept for someone this site adds only later.
CREATE TABLE person_elsewhere (
    doc       TEXT PRIMARY KEY CHECK (length(doc) = 8 AND doc NOT GLOB '*[^0-9]*'),
    site      TEXT NOT NULL,
    facility  TEXT NOT NULL CHECK (length(facility) <= 60),
    moved_at  TEXT NOT NULL
);
-- The money orders on file before go out once, by issuer and serial, so the central server
-- knows them too (their intakes went out before the intake's entry named them).
INSERT INTO outbox (kind, body)
SELECT 'action', json_object(
        'action', 'money_order.serial', 'subject', 'money_order:' || id, 'at', received_at,
        'issuer_key', issuer_key, 'serial_key', serial_key)
FROM money_order ORDER BY id;

-- === version 15: a moved person's account follows them (issue 18).
-- --- once: the rest runs only on a ledger without person_arrival yet.
-- Two transfer kinds more: `move_out` takes a moved person's trust balance off this site's
-- books, owed to the site they went to (`liabilities:interfacility:SITE`); `move_in` puts
-- it on the new site's, owed by the old one. The table is rebuilt for its CHECK (same
-- columns, same ids: the rows' seals stay good; their triggers are made again on open).
DROP TRIGGER IF EXISTS outbox_transfer;
DROP VIEW IF EXISTS outbox_transfer_body;
DROP TRIGGER IF EXISTS seal_transfer_delete;
CREATE TABLE transfer_v15 (
    id             INTEGER PRIMARY KEY,
    debit_account  INTEGER NOT NULL REFERENCES account (id),
    credit_account INTEGER NOT NULL REFERENCES account (id),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    kind           TEXT NOT NULL CHECK (kind IN ('intake', 'post_trust', 'post_obligation', 'return',
                                                 'fee_assessment', 'fee_waiver', 'fee_payment',
                                                 'fee_reversal', 'fee_waiver_reversal',
                                                 'electronic', 'chargeback', 'settlement',
                                                 'move_out', 'move_in')),
    money_order_id INTEGER REFERENCES money_order (id),
    batch_id       INTEGER REFERENCES posting_batch (id),
    business_date  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    electronic_id  INTEGER REFERENCES electronic_deposit (id),
    CHECK (debit_account <> credit_account),
    CHECK (money_order_id IS NULL OR electronic_id IS NULL)
);
INSERT INTO transfer_v15 SELECT * FROM transfer ORDER BY id;
DROP TABLE transfer;
ALTER TABLE transfer_v15 RENAME TO transfer;
CREATE INDEX transfer_by_debit ON transfer (debit_account);
CREATE INDEX transfer_by_credit ON transfer (credit_account);
CREATE UNIQUE INDEX transfer_once ON transfer (money_order_id, kind, credit_account);
CREATE UNIQUE INDEX transfer_electronic_once ON transfer (electronic_id, kind, credit_account)
    WHERE electronic_id IS NOT NULL;
CREATE TRIGGER transfer_updates_accounts AFTER INSERT ON transfer
BEGIN
    UPDATE account SET debits_cents = debits_cents + NEW.amount_cents WHERE id = NEW.debit_account;
    UPDATE account SET credits_cents = credits_cents + NEW.amount_cents WHERE id = NEW.credit_account;
END;
CREATE TRIGGER transfer_no_update BEFORE UPDATE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE TRIGGER transfer_no_delete BEFORE DELETE ON transfer
BEGIN SELECT RAISE(ABORT, 'ledger rows are append-only'); END;
CREATE VIEW outbox_transfer_body AS
SELECT t.id, json_object(
        'id', t.id,
        'debit', (SELECT name FROM account WHERE id = t.debit_account),
        'credit', (SELECT name FROM account WHERE id = t.credit_account),
        'amount_cents', t.amount_cents,
        'kind', t.kind,
        'business_date', t.business_date,
        'created_at', t.created_at) AS body
FROM transfer t;
-- The outbox names what an entry copies instead of holding a copy of it (issue 17: the
-- copies were a quarter of a ledger's bytes): `source` is the transfer's or the audit
-- entry's id, rows that are append-only and sealed, and the entry's body is made from it
-- when it is pushed, by the same views, to the same bytes each time. Entries written
-- before keep their body (the history's, and the serials sent once). A later change to
-- what the views make must write the bodies of entries not yet sent first.
-- (Triggers that name the outbox go first: SQLite refuses to rename a table over them.)
DROP TRIGGER IF EXISTS outbox_action;
DROP TRIGGER IF EXISTS outbox_transfer;
CREATE TABLE outbox_v15 (
    seq      INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL CHECK (kind IN ('action', 'transfer')),
    source   INTEGER,
    body     TEXT CHECK (body IS NULL OR json_valid(body)),
    sent_at  TEXT,
    CHECK ((source IS NULL) <> (body IS NULL))
);
INSERT INTO outbox_v15 (seq, kind, source, body, sent_at)
SELECT seq, kind, NULL, body, sent_at FROM outbox ORDER BY seq;
DROP TABLE outbox;
ALTER TABLE outbox_v15 RENAME TO outbox;
CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;
CREATE TRIGGER outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox is append-only: its numbers must never be reused'); END;
CREATE TRIGGER outbox_action AFTER INSERT ON audit
BEGIN
    INSERT INTO outbox (kind, source) VALUES ('action', NEW.id);
END;
CREATE TRIGGER outbox_transfer AFTER INSERT ON transfer
BEGIN
    INSERT INTO outbox (kind, source) VALUES ('transfer', NEW.id);
END;
-- A person's balance and obligations that came from another site, once each: the old
-- site's entry (its site id and audit number) names it, so a change read again books
-- nothing twice.
CREATE TABLE person_arrival (
    id          INTEGER PRIMARY KEY,
    from_site   TEXT NOT NULL,
    from_ref    INTEGER NOT NULL,
    doc         TEXT NOT NULL REFERENCES person (doc),
    trust_cents INTEGER NOT NULL,
    transfer_id INTEGER REFERENCES transfer (id),
    arrived_at  TEXT NOT NULL,
    UNIQUE (from_site, from_ref)
);
-- Obligations sent on with a person who moved: what was still owed went to the new site
-- (as an obligation there), so here nothing more is owed on it.
CREATE TABLE obligation_moved (
    obligation_id   INTEGER PRIMARY KEY REFERENCES obligation (id),
    site            TEXT NOT NULL,
    remaining_cents INTEGER NOT NULL CHECK (remaining_cents >= 0),
    moved_at        TEXT NOT NULL
);
-- Obligations the central office added for a person placed here (`lockbox central
-- obligation`), once each by the reference the central server gave it.
CREATE TABLE obligation_from_central (
    reference      TEXT PRIMARY KEY CHECK (length(reference) BETWEEN 1 AND 64),
    obligation_id  INTEGER REFERENCES obligation (id),
    added_at       TEXT NOT NULL
);

-- === version 16: a money order's return on a column of its own (issue 17).
-- --- once: the rest runs only on a ledger whose money orders have no returned_at yet.
-- When a hold ended in the money order's return. The velocity windows leave returned money
-- orders out; with the rule written on `status`, every posting (ready to posted) rewrote
-- both window indexes' entries of each money order it posted, two random pages of a big
-- ledger per money order, about a third of what a posting wrote to disk. A money order is
-- returned once, from a hold, and never changes after; `check` holds the two together.
ALTER TABLE money_order ADD COLUMN returned_at TEXT;
UPDATE money_order SET returned_at = COALESCE(
        (SELECT MAX(h.resolved_at) FROM hold h
         WHERE h.money_order_id = money_order.id AND h.resolution = 'returned'),
        received_at)
WHERE status = 'returned';

-- === version 17: the velocity windows read by the return time, not the status (issue 17).
-- The same windows as version 12's, by the column a posting does not change. (A section of
-- its own: a ledger whose version was set back runs version 12 again, and this after it.)
DROP INDEX IF EXISTS money_order_by_sender;
DROP INDEX IF EXISTS money_order_by_doc_sender;
CREATE INDEX money_order_by_sender ON money_order (sender_key, doc, received_utc, returned_at)
    WHERE returned_at IS NULL AND sender_key IS NOT NULL AND doc IS NOT NULL;
CREATE INDEX money_order_by_doc_sender ON money_order (doc, sender_key, received_utc, returned_at)
    WHERE returned_at IS NULL AND sender_key IS NOT NULL AND doc IS NOT NULL;
DROP VIEW IF EXISTS deposit_window;
CREATE VIEW deposit_window AS
    SELECT sender_key, doc, received_at AS at, amount_cents, outcome,
           received_text AS shown_at, 'electronic' AS source
    FROM electronic_deposit WHERE outcome <> 'refused'
    UNION ALL
    SELECT sender_key, doc, received_utc, amount_cents,
           CASE status WHEN 'held' THEN 'held' ELSE 'accepted' END,
           received_at, 'money_order'
    FROM money_order
    WHERE returned_at IS NULL AND sender_key IS NOT NULL AND doc IS NOT NULL;
-- A money order is returned with its return time, or not at all: a lockbox older than this
-- (a console left open across the upgrade) would return it without one, and the windows
-- would go on counting it.
DROP TRIGGER IF EXISTS money_order_returned_at;
CREATE TRIGGER money_order_returned_at BEFORE UPDATE OF status ON money_order
WHEN NEW.status = 'returned' AND NEW.returned_at IS NULL
BEGIN SELECT RAISE(ABORT, 'a returned money order without its return time: this lockbox is older than the ledger'); END;

-- === version 18: what an obligation has received, read from the index alone (issue 17).
-- A posting reads, for each deposit to an inmate who owes, what each obligation has
-- received so far: the sum of the transfers crediting its account. With the index holding
-- the account alone, that was one lookup in the table for every deduction ever made, each
-- a random page of a big ledger, so a posting grew slower with every year of an
-- inmate's payments. The amounts in the index make it one short range.
DROP INDEX IF EXISTS transfer_by_credit;
CREATE INDEX transfer_by_credit ON transfer (credit_account, amount_cents);

-- === version 19: a slip's print jobs name its row instead of copying it (issue 17).
-- A deposit slip's job held a copy of the slip's row as JSON, and the visitor stub's job,
-- which shows the same, a second one: about 580 bytes a kiosk slip wrote twice over. The
-- slip job now holds only what the row does not (the facility, large print) and is made
-- whole from the row when printed; the stub's payload is empty and prints its slip job's.
-- Nothing in the tables changes: the version tells a lockbox older than this, which could
-- not print such a job, to leave the ledger alone.

-- === version 20: print jobs sealed (found by an outside review).
-- A print job's payload (a receipt's sender, amount and inmate; a voucher's figures) could
-- be edited with SQL, and a reprint printed the forgery while `check` passed. The jobs are
-- sealed now like every other row that carries money: what a job is to print (its kind,
-- subject, language, payload and what it reprints), not its progress through the printer
-- (status, attempts, last error, when it last changed), which the spool changes all day.
-- The triggers and the existing jobs' seals are made by lockbox itself (`seal.rs`).
-- Also: a site read the central change log in the text order of its transaction numbers
-- ("1000" before "884") and passed over what lay between, so it may lack moves and other
-- sites' serials. Its next sync reads the change log again from the start (as `sync
-- --reread` does; applying a change again changes nothing).
DELETE FROM setting WHERE key = 'central_cursor';
-- And the outbox's triggers as version 15 made them, naming their row: a ledger whose
-- version number was set back to 13 or 14 had them made again in the copying form, whose
-- copies the push now refuses as written behind lockbox's back (found by a review).
DROP TRIGGER IF EXISTS outbox_action;
CREATE TRIGGER outbox_action AFTER INSERT ON audit
BEGIN
    INSERT INTO outbox (kind, source) VALUES ('action', NEW.id);
END;
DROP TRIGGER IF EXISTS outbox_transfer;
CREATE TRIGGER outbox_transfer AFTER INSERT ON transfer
BEGIN
    INSERT INTO outbox (kind, source) VALUES ('transfer', NEW.id);
END;
