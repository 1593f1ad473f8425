import CandorCore
import Foundation
import PostgresNIO

extension PostgresRegistry {
    /// The schema, one migration per change, the same tables as the embedded registry. Tables with subject
    /// data are keyed first by subject, ready to be distributed by it.
    static let migrations: [(name: String, sql: [String])] = [
        (
            "v1: subjects, records, events, disputes",
            [
                "CREATE TABLE subject (id TEXT PRIMARY KEY CHECK (length(id) = 18), name TEXT)",
                "CREATE SEQUENCE record_id",
                """
                CREATE TABLE record (
                    subject TEXT NOT NULL, id BIGINT NOT NULL, agency TEXT NOT NULL, reference TEXT NOT NULL,
                    kind TEXT NOT NULL, occurred INTEGER NOT NULL, amount DOUBLE PRECISION, legal_basis TEXT, note TEXT,
                    fulfilled INTEGER, retracted INTEGER, received_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (subject, id))
                """,
                "CREATE UNIQUE INDEX record_by_reference ON record (agency, reference)",
                "CREATE UNIQUE INDEX record_by_id ON record (id)",
                """
                CREATE TABLE record_event (
                    subject TEXT NOT NULL, id BIGSERIAL, record_id BIGINT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('fulfilled', 'retracted', 'dispute-opened', 'dispute-answered')),
                    day INTEGER NOT NULL, detail TEXT, recorded_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (subject, id))
                """,
                """
                CREATE TABLE dispute (
                    subject TEXT NOT NULL, id BIGSERIAL, record_id BIGINT NOT NULL, opened INTEGER NOT NULL,
                    answer TEXT CHECK (answer IN ('upheld', 'retracted')), answered INTEGER,
                    CHECK ((answer IS NULL) = (answered IS NULL)), PRIMARY KEY (subject, id))
                """,
                "CREATE UNIQUE INDEX dispute_by_id ON dispute (id)",
                "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            ]
        ),
        (
            "v2: keys, access log, reviews",
            [
                """
                CREATE TABLE api_key (
                    id TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('agency', 'provider', 'subject', 'auditor')),
                    label TEXT NOT NULL, agency TEXT, actions TEXT NOT NULL DEFAULT '', purpose TEXT, subject TEXT,
                    secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64), created DOUBLE PRECISION NOT NULL,
                    revoked DOUBLE PRECISION)
                """,
                """
                CREATE TABLE access_log (
                    sequence BIGINT PRIMARY KEY, subject TEXT NOT NULL, at_micros BIGINT NOT NULL, actor TEXT NOT NULL,
                    purpose TEXT NOT NULL, action TEXT NOT NULL, answer TEXT NOT NULL, previous_hash TEXT NOT NULL,
                    hash TEXT NOT NULL)
                """,
                "CREATE INDEX access_log_by_subject ON access_log (subject, sequence)",
                "CREATE TABLE access_head (only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row), sequence BIGINT NOT NULL, hash TEXT NOT NULL)",
                "INSERT INTO access_head (sequence, hash) VALUES (0, '0000000000000000000000000000000000000000000000000000000000000000')",
                """
                CREATE TABLE review (
                    agency TEXT NOT NULL, id BIGSERIAL, subject TEXT NOT NULL,
                    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5), comment TEXT NOT NULL,
                    at DOUBLE PRECISION NOT NULL, PRIMARY KEY (agency, id))
                """,
            ]
        ),
        (
            "v3: one review per subject and agency, open disputes by record",
            [
                "DELETE FROM review WHERE id NOT IN (SELECT max(id) FROM review GROUP BY agency, subject)",
                "CREATE UNIQUE INDEX review_one_per_subject ON review (agency, subject)",
                "CREATE INDEX dispute_open_by_record ON dispute (record_id) WHERE answer IS NULL",
            ]
        ),
        (
            "v4: access kinds, registry-wide entries",
            [
                """
                ALTER TABLE access_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'access'
                    CHECK (kind IN ('access', 'check', 'change', 'registry'))
                """,
                "UPDATE access_log SET kind = 'change' WHERE action LIKE ANY(ARRAY["
                    + AccessEntry.changeActionPatterns.map { "'\($0)'" }.joined(separator: ", ") + "])",
                "UPDATE access_log SET kind = 'check' WHERE action LIKE 'check %'",
            ]
        ),
        (
            sealingMigration,
            [
                "ALTER TABLE subject DROP CONSTRAINT IF EXISTS subject_id_check",
                "ALTER TABLE subject ADD COLUMN sealed_id BYTEA, ADD COLUMN sealed_name BYTEA",
                "ALTER TABLE record ADD COLUMN sealed_note BYTEA",
                "ALTER TABLE access_log ADD COLUMN sealed_subject BYTEA",
                "ALTER TABLE api_key ADD COLUMN sealed_subject BYTEA",
                "ALTER TABLE review ADD COLUMN sealed_comment BYTEA",
            ]
        ),
        (
            "v6: sessions of the pages",
            [
                """
                CREATE TABLE web_session (
                    id_hash TEXT PRIMARY KEY CHECK (length(id_hash) = 64), key_id TEXT NOT NULL,
                    created DOUBLE PRECISION NOT NULL, last_seen DOUBLE PRECISION NOT NULL)
                """
            ]
        ),
        ("v7: keys that expire", ["ALTER TABLE api_key ADD COLUMN expires DOUBLE PRECISION"]),
        (
            // The complete subtrees of the log's Merkle tree; a log written before is covered when the
            // registry opens (`coverLogTree`).
            "v8: the access log's stored tree and its checkpoints",
            [
                """
                CREATE TABLE log_node (
                    level INTEGER NOT NULL, idx BIGINT NOT NULL, hash BYTEA NOT NULL CHECK (length(hash) = 32),
                    PRIMARY KEY (level, idx))
                """,
                """
                CREATE TABLE log_checkpoint (
                    id BIGSERIAL PRIMARY KEY, size BIGINT NOT NULL, at_micros BIGINT NOT NULL, note TEXT NOT NULL)
                """,
            ]
        ),
        (
            "v9: attestations",
            [
                """
                CREATE TABLE attestation (
                    id TEXT PRIMARY KEY, subject TEXT NOT NULL, sealed_subject BYTEA NOT NULL, audience TEXT NOT NULL,
                    issued DOUBLE PRECISION NOT NULL, expires DOUBLE PRECISION NOT NULL, standing TEXT NOT NULL,
                    revoked DOUBLE PRECISION)
                """,
                "CREATE INDEX attestation_by_subject ON attestation (subject, issued)",
            ]
        ),
        (
            // Reasons and police reports are sealed like notes; disputes opened before have none.
            "v10: dispute grounds and reasons",
            [
                """
                ALTER TABLE dispute ADD COLUMN ground TEXT NOT NULL DEFAULT 'error'
                    CHECK (ground IN ('error', 'identity-theft')),
                    ADD COLUMN reason BYTEA, ADD COLUMN police_report BYTEA, ADD COLUMN answer_reason BYTEA
                """
            ]
        ),
        (
            "v11: statements",
            [
                """
                CREATE TABLE record_statement (
                    record_id BIGINT PRIMARY KEY REFERENCES record (id), subject TEXT NOT NULL, text BYTEA NOT NULL,
                    at DOUBLE PRECISION NOT NULL)
                """,
                "CREATE INDEX record_statement_by_subject ON record_statement (subject)",
            ]
        ),
        (
            "v12: reviewers and appeals",
            [
                "ALTER TABLE api_key DROP CONSTRAINT IF EXISTS api_key_role_check",
                """
                ALTER TABLE api_key ADD CONSTRAINT api_key_role_check
                    CHECK (role IN ('agency', 'provider', 'subject', 'auditor', 'reviewer'))
                """,
                """
                ALTER TABLE dispute ADD COLUMN appeal_opened INTEGER, ADD COLUMN appeal_reason BYTEA,
                    ADD COLUMN appeal_decision TEXT CHECK (appeal_decision IN ('confirmed', 'overturned')),
                    ADD COLUMN appeal_decided INTEGER, ADD COLUMN appeal_decision_reason BYTEA
                """,
            ]
        ),
        (
            // One open repair application per record, enforced by the store as well as by the rules.
            "v13: repair applications and permits",
            [
                """
                CREATE TABLE repair (
                    id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, record_id BIGINT NOT NULL REFERENCES record (id),
                    applied INTEGER NOT NULL, commitment BYTEA NOT NULL,
                    decision TEXT CHECK (decision IN ('granted', 'refused')), decided INTEGER, reason BYTEA)
                """,
                "CREATE INDEX repair_by_subject ON repair (subject)",
                "CREATE UNIQUE INDEX repair_open ON repair (record_id) WHERE decision IS NULL",
                """
                CREATE TABLE permit (
                    id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, list TEXT NOT NULL, action TEXT NOT NULL,
                    purpose TEXT NOT NULL CHECK (purpose IN ('medical', 'funeral', 'exam', 'official', 'other')),
                    explanation BYTEA NOT NULL, from_day INTEGER NOT NULL,
                    to_day INTEGER NOT NULL CHECK (to_day >= from_day), applied INTEGER NOT NULL,
                    agencies TEXT[] NOT NULL, decision TEXT CHECK (decision IN ('granted', 'refused')),
                    decided INTEGER, decided_by TEXT, reason BYTEA)
                """,
                "CREATE INDEX permit_by_subject ON permit (subject)",
                "CREATE INDEX permit_open ON permit (applied) WHERE decision IS NULL",
                "CREATE UNIQUE INDEX permit_one_open ON permit (subject, list, action) WHERE decision IS NULL",
                "CREATE INDEX permit_granted ON permit (to_day) WHERE decision = 'granted'",
            ]
        ),
        (
            "v14: officers",
            [
                """
                CREATE TABLE officer (
                    id BIGSERIAL PRIMARY KEY, agency TEXT NOT NULL, reference TEXT NOT NULL,
                    organisation TEXT NOT NULL, person TEXT NOT NULL,
                    role TEXT NOT NULL CHECK (role IN ('legal-representative', 'principal', 'directly-responsible',
                                                        'actual-controller')),
                    started INTEGER NOT NULL, ended INTEGER CHECK (ended IS NULL OR ended > started),
                    received_at DOUBLE PRECISION NOT NULL, UNIQUE (agency, reference))
                """,
                "CREATE INDEX officer_by_person ON officer (person)",
                "CREATE INDEX officer_by_organisation ON officer (organisation)",
            ]
        ),
        (
            // Each notice is written with the access log entry of its cause; its cause is sealed.
            "v15: notices",
            [
                """
                CREATE TABLE notice (
                    id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, sequence BIGINT NOT NULL, at_micros BIGINT NOT NULL,
                    cause BYTEA NOT NULL, read_at DOUBLE PRECISION)
                """,
                "CREATE INDEX notice_by_subject ON notice (subject, id)",
            ]
        ),
        (
            // A counter's denial is kept with its log entry; a correction reaches its key once per record.
            "v16: denials and corrections",
            [
                """
                CREATE TABLE check_denial (
                    id BIGSERIAL PRIMARY KEY, subject TEXT NOT NULL, key_id TEXT NOT NULL, action TEXT NOT NULL,
                    day INTEGER NOT NULL, lists TEXT NOT NULL, sequence BIGINT NOT NULL, last_record BIGINT NOT NULL)
                """,
                "CREATE INDEX check_denial_by_subject ON check_denial (subject, day)",
                """
                CREATE TABLE provider_notice (
                    id BIGSERIAL PRIMARY KEY, key_id TEXT NOT NULL, denial_id BIGINT NOT NULL REFERENCES check_denial (id),
                    record_id BIGINT NOT NULL, at DOUBLE PRECISION NOT NULL, correction BYTEA NOT NULL,
                    UNIQUE (denial_id, record_id))
                """,
                "CREATE INDEX provider_notice_by_key ON provider_notice (key_id, id)",
            ]
        ),
        (
            "v17: webhooks and their outbox",
            [
                """
                CREATE TABLE webhook (
                    id BIGSERIAL PRIMARY KEY, url TEXT NOT NULL,
                    audience TEXT NOT NULL CHECK (audience IN ('subjects', 'providers')), secret BYTEA NOT NULL,
                    created DOUBLE PRECISION NOT NULL)
                """,
                """
                CREATE TABLE outbox (
                    id BIGSERIAL PRIMARY KEY, webhook_id BIGINT NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
                    audience TEXT NOT NULL, notice_id BIGINT NOT NULL, ordering TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0, next_at DOUBLE PRECISION NOT NULL,
                    created DOUBLE PRECISION NOT NULL, failed BOOLEAN NOT NULL DEFAULT FALSE)
                """,
                "CREATE INDEX outbox_waiting ON outbox (webhook_id, ordering, id) WHERE NOT failed",
            ]
        ),
    ]

    /// The migration after which every table keys subjects by their keyed hash and holds identifiers, names,
    /// notes and comments only sealed: rows written before it are converted with the data key.
    static let sealingMigration = "v5: sealed identifiers, names, notes and comments"

    /// What the sealing migration drops and tightens once the rows are converted.
    static let afterSealing = [
        "ALTER TABLE subject DROP COLUMN name",
        "ALTER TABLE record DROP COLUMN note",
        "ALTER TABLE api_key DROP COLUMN subject",
        "ALTER TABLE review DROP COLUMN comment",
        "ALTER TABLE subject ALTER COLUMN sealed_id SET NOT NULL",
        "ALTER TABLE access_log ALTER COLUMN sealed_subject SET NOT NULL",
        "ALTER TABLE review ALTER COLUMN sealed_comment SET NOT NULL",
    ]

    /// Applies the migrations not yet applied, each in a transaction, one server at a time.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242)", logger: self.logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS candor_migration (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: self.logger)
            var applied: Set<String> = []
            for try await name in try await connection.query("SELECT name FROM candor_migration", logger: self.logger)
                .decode(String.self)
            { applied.insert(name) }
            for migration in Self.migrations where !applied.contains(migration.name) {
                for statement in migration.sql {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                if migration.name == Self.sealingMigration {
                    try await self.sealLegacyRows(on: connection)
                    for statement in Self.afterSealing {
                        try await connection.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                    }
                }
                try await connection.query(
                    "INSERT INTO candor_migration (name) VALUES (\(migration.name))", logger: self.logger)
            }
        }
    }
}
