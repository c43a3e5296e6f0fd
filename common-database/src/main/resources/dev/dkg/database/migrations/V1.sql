-- V1: the keygen server's key records, and the distributors' shared verification state.
-- See docs/storage.md ("Shared state in PostgreSQL").

-- One row per record of a keygen server's key_store, copied byte for byte with the same record number:
-- signer records and sealed, signed key records. Readers verify each exactly as they would the file.
CREATE TABLE key_records (
    store_id      bytea       NOT NULL CHECK (length(store_id) = 16),
    record_number bigint      NOT NULL CHECK (record_number >= 0),
    payload       bytea       NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (store_id, record_number)
);

-- One row per OTP key: everything that decides whether a code is accepted (VerificationState, field by field).
CREATE TABLE otp_state (
    key_id               text    PRIMARY KEY,
    hotp_verify_counter  bigint  NOT NULL DEFAULT 0  CHECK (hotp_verify_counter >= 0),
    hotp_issue_counter   bigint  NOT NULL DEFAULT 0  CHECK (hotp_issue_counter >= 0),
    last_totp_step       bigint  NOT NULL DEFAULT -1 CHECK (last_totp_step >= -1),
    consecutive_failures integer NOT NULL DEFAULT 0  CHECK (consecutive_failures >= 0),
    locked_until_ms      bigint  NOT NULL DEFAULT 0  CHECK (locked_until_ms >= 0),
    disabled             boolean NOT NULL DEFAULT false,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
