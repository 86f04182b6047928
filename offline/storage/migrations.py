"""Ordered schema migrations; `PRAGMA user_version` holds how many have run.

Append new steps to MIGRATIONS; never edit a released one. Each step runs in its own
transaction together with the user_version bump, after a backup copy of the database. The
newest steps' SQL lives in offline/storage/migrations_recent.py (a new step goes there too) and is
listed here in order.
"""

from __future__ import annotations

from offline.storage.migrations_recent import (
    SCHEMA_CENTRAL_DEPARTMENT,
    SCHEMA_HANDOVERS,
    SCHEMA_IMMEDIATE_NUMBERS,
    SCHEMA_SIGNING_KEY,
)

SCHEMA_V1 = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);

CREATE TABLE catalog_items (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    department_code TEXT NOT NULL,
    department_name TEXT NOT NULL,
    pinyin_initials TEXT NOT NULL,
    data TEXT NOT NULL,                      -- the item as JSON (client.catalog.item_to_dict)
    source TEXT NOT NULL,                    -- 'training' or 'central'
    updated_at TEXT NOT NULL
);

CREATE TABLE case_number_sequences (
    window_code TEXT NOT NULL,
    day TEXT NOT NULL,                       -- YYYYMMDD
    last INTEGER NOT NULL,
    PRIMARY KEY (window_code, day)
);

CREATE TABLE cases (
    case_id TEXT PRIMARY KEY,                -- UUIDv7, generated here
    case_number TEXT NOT NULL UNIQUE,
    item_code TEXT NOT NULL,
    item_name TEXT NOT NULL,
    item_snapshot TEXT NOT NULL,             -- the item as it was at intake (JSON)
    stage TEXT NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    window_code TEXT NOT NULL,
    clerk TEXT NOT NULL,
    created_at TEXT NOT NULL,                -- ISO 8601 with offset
    accepted_on TEXT,                        -- YYYY-MM-DD
    due_date TEXT,                           -- YYYY-MM-DD
    calendar_complete INTEGER NOT NULL DEFAULT 1,
    training INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX cases_created_at ON cases (created_at);

CREATE TABLE parties (
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    role TEXT NOT NULL CHECK (role IN ('applicant', 'agent')),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    id_type TEXT NOT NULL,
    id_number TEXT NOT NULL,
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    legal_representative TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_id, role)
);

CREATE TABLE materials (
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    form TEXT NOT NULL,
    required_copies INTEGER NOT NULL,
    requirement TEXT NOT NULL,
    applicable INTEGER NOT NULL,
    original_received INTEGER NOT NULL,
    copies_received INTEGER NOT NULL,
    PRIMARY KEY (case_id, code)
);

CREATE TABLE material_files (
    file_id TEXT PRIMARY KEY,                -- UUIDv7
    case_id TEXT NOT NULL,
    material_code TEXT NOT NULL,
    position INTEGER NOT NULL,
    display_name TEXT NOT NULL,
    sha256 TEXT NOT NULL,                    -- name in the content-addressed file store
    size INTEGER NOT NULL,
    media_type TEXT NOT NULL,
    stored_at TEXT NOT NULL,
    FOREIGN KEY (case_id, material_code) REFERENCES materials (case_id, code)
);
CREATE INDEX material_files_sha256 ON material_files (sha256);

CREATE TABLE supplement_lines (
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (case_id, position)
);

CREATE TABLE case_events (
    event_id TEXT PRIMARY KEY,               -- UUIDv7; the Idempotency-Key when synced
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    kind TEXT NOT NULL,
    stage TEXT NOT NULL,
    payload TEXT NOT NULL,                   -- JSON
    actor TEXT NOT NULL,
    occurred_at TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('local', 'central'))
);
CREATE INDEX case_events_case ON case_events (case_id, occurred_at);

CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,   -- global send order
    op_id TEXT NOT NULL UNIQUE,              -- UUIDv7; the idempotency key
    case_id TEXT REFERENCES cases (case_id),
    kind TEXT NOT NULL,                      -- case.put, material.upload, event.post, ...
    payload TEXT NOT NULL,                   -- JSON
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'in_flight', 'done', 'parked')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    upload_url TEXT,                         -- tus upload URL, so a restart resumes
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX outbox_state ON outbox (state, case_id, seq);

CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL UNIQUE,          -- UUIDv7
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    window_code TEXT NOT NULL,
    action TEXT NOT NULL,
    case_id TEXT,
    details TEXT NOT NULL,                   -- canonical JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
"""

SCHEMA_V2 = """
CREATE TABLE decisions (
    case_id TEXT PRIMARY KEY REFERENCES cases (case_id),
    approved INTEGER NOT NULL,
    document_number TEXT NOT NULL UNIQUE,    -- 文号
    content TEXT NOT NULL,
    legal_basis TEXT NOT NULL,               -- JSON [{"law", "article"}]
    reasons TEXT NOT NULL,
    decided_on TEXT NOT NULL,
    handler TEXT NOT NULL,
    valid_from TEXT,
    valid_until TEXT,
    source TEXT NOT NULL CHECK (source IN ('local', 'central')),
    recorded_at TEXT NOT NULL
);

-- Every document produced: the seal-use ledger is the rows with sealed = 1.
CREATE TABLE document_prints (
    print_id TEXT PRIMARY KEY,               -- UUIDv7
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    kind TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('print', 'reprint', 'void')),
    sealed INTEGER NOT NULL,
    signed INTEGER NOT NULL,
    operator TEXT NOT NULL,
    window_code TEXT NOT NULL,
    at TEXT NOT NULL,
    sha256 TEXT,                             -- of the PDF produced (NULL for a void)
    voids TEXT REFERENCES document_prints (print_id),
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX document_prints_case ON document_prints (case_id, kind);
CREATE TRIGGER document_prints_no_update BEFORE UPDATE ON document_prints
BEGIN SELECT RAISE(ABORT, 'document_prints is a ledger: append only'); END;
CREATE TRIGGER document_prints_no_delete BEFORE DELETE ON document_prints
BEGIN SELECT RAISE(ABORT, 'document_prints is a ledger: append only'); END;
"""

SCHEMA_V3 = """
-- The sync engine's own state: the changes cursor, the audit position, the last success.
CREATE TABLE sync_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- What the central told us about a case (changes feed) and when it confirmed a material.
ALTER TABLE cases ADD COLUMN supervision TEXT;        -- JSON from the central
ALTER TABLE cases ADD COLUMN central_decision TEXT;   -- JSON from the central
ALTER TABLE material_files ADD COLUMN confirmed_at TEXT;  -- server holds it, sha256 checked
ALTER TABLE material_files ADD COLUMN purged_at TEXT;     -- local copy deleted (retention)
CREATE INDEX outbox_case ON outbox (case_id, seq);
"""

SCHEMA_V4 = """
-- The people who logged in online at this window (docs/accounts.md): who the central said
-- they are, and the verifier that lets them log in offline afterwards.
CREATE TABLE accounts (
    username TEXT PRIMARY KEY,
    person TEXT NOT NULL,                    -- JSON (client.accounts.person_to_dict)
    verifier TEXT,                           -- JSON: argon2id parameters, salt and hash
    online_at TEXT NOT NULL,                 -- the last online login, ISO 8601
    failures INTEGER NOT NULL DEFAULT 0,     -- offline failures since the last success
    locked_until TEXT                        -- ISO 8601, while locked out after failures
);
-- Who is at the window now ('person': a username) and whether it is locked ('locked').
CREATE TABLE window_session (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL                      -- JSON
);
-- The free-text 经办人 and the hidden roles are gone: the person comes from the login.
-- Cases, events and audit records keep the actor they were recorded with.
DELETE FROM settings WHERE key IN ('window.clerk', 'window.roles');
"""


SCHEMA_CASE_SEARCH = """
-- 办件查询 (offline/cases/search.py): every kind of search is an index lookup. The tails
-- (last 4-6 characters of an ID number, last 4 of a phone or a case number) are expression
-- indexes, so nothing extra is stored and SQLCipher sees plain SQL.
CREATE INDEX cases_stage ON cases (stage, created_at);
CREATE INDEX cases_item ON cases (item_code, created_at);
CREATE INDEX cases_due ON cases (due_date);
CREATE INDEX cases_number_tail4 ON cases (substr(case_number, -4));
CREATE INDEX cases_number_tail13 ON cases (substr(case_number, -13));
CREATE INDEX parties_name ON parties (name);
CREATE INDEX parties_id_number ON parties (id_number);
CREATE INDEX parties_id_tail4 ON parties (substr(id_number, -4));
CREATE INDEX parties_id_tail5 ON parties (substr(id_number, -5));
CREATE INDEX parties_id_tail6 ON parties (substr(id_number, -6));
CREATE INDEX parties_phone ON parties (phone);
CREATE INDEX parties_phone_tail4 ON parties (substr(phone, -4));
"""


SCHEMA_CASE_CLOCK = """
-- A case's clock (offline/cases/clock.py): where it started, the legal due date beside the
-- promised one (cases.due_date), the periods not counted and the art. 42 extensions.
ALTER TABLE cases ADD COLUMN clock_start TEXT;        -- YYYY-MM-DD; NULL: accepted_on
ALTER TABLE cases ADD COLUMN legal_due_date TEXT;     -- YYYY-MM-DD
CREATE TABLE case_pauses (
    pause_id TEXT PRIMARY KEY,               -- UUIDv7
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    kind TEXT NOT NULL,                      -- client.supervision.PauseKind
    started_on TEXT NOT NULL,
    ended_on TEXT,                           -- NULL: still running
    reason TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX case_pauses_case ON case_pauses (case_id, started_on);
CREATE TABLE case_extensions (
    extension_id TEXT PRIMARY KEY,           -- UUIDv7
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    days INTEGER NOT NULL,
    approver TEXT NOT NULL,
    reasons TEXT NOT NULL,
    granted_on TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE INDEX case_extensions_case ON case_extensions (case_id);
-- 督办 orders from the central (changes feed) and the window's answer.
CREATE TABLE supervision_orders (
    order_id TEXT PRIMARY KEY,               -- the central's id
    case_id TEXT NOT NULL REFERENCES cases (case_id),
    issued_at TEXT NOT NULL,
    issuer TEXT NOT NULL,
    deadline TEXT NOT NULL,                  -- YYYY-MM-DD: answer by
    note TEXT NOT NULL DEFAULT '',
    answer TEXT,                             -- NULL: unanswered; explained / done
    answer_text TEXT NOT NULL DEFAULT '',
    answered_by TEXT,
    answered_at TEXT
);
CREATE INDEX supervision_orders_open ON supervision_orders (case_id) WHERE answer IS NULL;
"""


SCHEMA_PENDING_INDEXES = """
-- Reads that ask "what still waits" (status, health, the engine's heads, the queue screen)
-- must cost what is pending, not what was ever sent: done rows stay (the audit and the
-- reconciliation read them) but are left out of these two indexes. A query uses them only
-- when its WHERE says `state != 'done'` (or `state = 'parked'`) in those exact words.
CREATE INDEX outbox_pending ON outbox (case_id, seq) WHERE state != 'done';
CREATE INDEX outbox_pending_created ON outbox (created_at) WHERE state != 'done';
-- Retention asks every round whether a kept (not yet purged) file is due: not all files ever.
CREATE INDEX material_files_kept ON material_files (confirmed_at) WHERE purged_at IS NULL;
"""

SCHEMA_REFUSAL_CLAUSE = """
-- 不予受理 by 项 (行政许可法 art. 32 ¶1): (一) the matter needs no permit, (二) it is not this
-- body's power, and then the body the applicant must apply to. 0: recorded before the 项 was
-- asked (the notice then cites art. 32 ¶1 without a 项).
ALTER TABLE cases ADD COLUMN refusal_clause INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN competent_body TEXT NOT NULL DEFAULT '';
"""

SCHEMA_RATINGS_LEDGER = """
-- 好差评 (GB/T 39734/39735, offline/cases/rating.py): one rating per case, five levels; a 差评
-- (score <= 2) carries its reason and stays flagged for the chief representative until they
-- mark it handled.
CREATE TABLE case_ratings (
    rating_id TEXT PRIMARY KEY,              -- UUIDv7, also the rating event's id
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (case_id),
    score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    level TEXT NOT NULL,                     -- client.rating.Level value
    reason TEXT NOT NULL DEFAULT '',
    channel TEXT NOT NULL CHECK (channel IN ('window', 'qr')),
    rated_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    flagged INTEGER NOT NULL,                -- 1: a 差评 for the chief representative
    handled_by TEXT,
    handled_at TEXT,
    handled_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_ratings_rated_at ON case_ratings (rated_at);
CREATE INDEX case_ratings_open_flags ON case_ratings (rated_at) WHERE flagged = 1
    AND handled_at IS NULL;
-- The seal-use ledger (用印登记簿) is read by time range over every print.
CREATE INDEX document_prints_at ON document_prints (at);
CREATE INDEX document_prints_voids ON document_prints (voids) WHERE voids IS NOT NULL;
"""


MIGRATIONS: tuple[str, ...] = (
    SCHEMA_V1,
    SCHEMA_V2,
    SCHEMA_V3,
    SCHEMA_V4,
    SCHEMA_CASE_SEARCH,
    SCHEMA_CASE_CLOCK,
    SCHEMA_PENDING_INDEXES,
    SCHEMA_REFUSAL_CLAUSE,
    SCHEMA_RATINGS_LEDGER,
    SCHEMA_CENTRAL_DEPARTMENT,
    SCHEMA_SIGNING_KEY,
    SCHEMA_IMMEDIATE_NUMBERS,
    SCHEMA_HANDOVERS,
)
