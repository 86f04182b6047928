"""The newest schema steps: the central's department, the signing key, 即办 decision numbers
and handovers. offline/storage/migrations.py imports them and lists them in MIGRATIONS, in this
order, after the older steps; never edit a released one.
"""

from __future__ import annotations

SCHEMA_CENTRAL_DEPARTMENT = """
-- The department a connected window works for, as the central sent it (GET /department,
-- refreshed with the catalog): every document of a connected profile prints with it.
-- One row; training profiles never have one (they use resources/training/department.json).
CREATE TABLE central_department (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,                      -- JSON, contract schema Department
    fetched_at TEXT NOT NULL
);
"""

SCHEMA_SIGNING_KEY = """
-- The department's signing key an administrator imported (docs/admin.md, Signing keys): a
-- PKCS#12 file kept encrypted in the profile, or a key on a PKCS#11 token (UKey). Its password
-- or PIN is in the OS keyring, never here. One row at most: importing again replaces it.
CREATE TABLE signing_key (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    kind TEXT NOT NULL CHECK (kind IN ('pkcs12', 'pkcs11')),
    config TEXT NOT NULL,                    -- JSON: where the key is, its certificate's summary
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL
);
"""

SCHEMA_IMMEDIATE_NUMBERS = """
-- 即办 decisions made at the window: the yearly sequence behind their 文号
-- (client/generated_ids.py format_decision_number), allocated in the decision's transaction.
CREATE TABLE decision_number_sequences (
    window_code TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL,
    PRIMARY KEY (window_code, year)
);
"""

SCHEMA_HANDOVERS = """
-- 出证 / 送达 (offline/cases/handover.py): how the decision left the window, once per case. In
-- person: who collected it and with which ID (the applicant, its legal representative, or an
-- agent whose 授权委托书 is a material file of the case); by post: the address, carrier and
-- waybill number. Written with the certify event that moves the case to 办结.
CREATE TABLE case_handovers (
    handover_id TEXT PRIMARY KEY,            -- UUIDv7
    case_id TEXT NOT NULL UNIQUE REFERENCES cases (case_id),
    method TEXT NOT NULL CHECK (method IN ('in_person', 'mail')),
    collector_role TEXT NOT NULL DEFAULT '', -- applicant, legal_representative, agent
    collector_name TEXT NOT NULL DEFAULT '',
    collector_id_type TEXT NOT NULL DEFAULT '',
    collector_id_number TEXT NOT NULL DEFAULT '',
    authorization_file_id TEXT,              -- material_files.file_id of the 授权委托书
    address TEXT NOT NULL DEFAULT '',
    carrier TEXT NOT NULL DEFAULT '',
    waybill TEXT NOT NULL DEFAULT '',
    delivered TEXT NOT NULL,                 -- the document handed over, as the 送达回证 says
    handed_over_at TEXT NOT NULL,            -- ISO 8601 with offset
    recorded_by TEXT NOT NULL
);
"""
