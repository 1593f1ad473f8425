import CandorCore
import CandorRegistry
import GRDB

extension SQLiteRegistry {
    /// The schema, one migration per change. Every table that holds subject data is keyed first by
    /// subject, and the database enforces what it can: unique references, known event kinds, answers.
    ///
    /// No identifier, name or note is stored in the clear (see `DataSealer`): a subject column holds the
    /// 16-byte index of the identifier, and the identifier itself, names and notes are sealed blobs.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: subjects, records, events, disputes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE subject (
                        key       BLOB NOT NULL PRIMARY KEY CHECK (length(key) = 16),
                        sealed_id BLOB NOT NULL,
                        name      BLOB
                    ) WITHOUT ROWID;

                    CREATE TABLE record (
                        subject     BLOB    NOT NULL REFERENCES subject (key),
                        id          INTEGER NOT NULL,
                        agency      TEXT    NOT NULL,
                        reference   TEXT    NOT NULL,
                        kind        TEXT    NOT NULL,
                        occurred    INTEGER NOT NULL,
                        amount      REAL,
                        legal_basis TEXT,
                        note        BLOB,
                        fulfilled   INTEGER,
                        retracted   INTEGER,
                        received_at REAL    NOT NULL,
                        PRIMARY KEY (subject, id)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX record_by_reference ON record (agency, reference);
                    CREATE UNIQUE INDEX record_by_id ON record (id);

                    CREATE TABLE record_event (
                        id          INTEGER PRIMARY KEY,
                        subject     BLOB    NOT NULL,
                        record_id   INTEGER NOT NULL REFERENCES record (id),
                        kind        TEXT    NOT NULL
                                    CHECK (kind IN ('fulfilled', 'retracted', 'dispute-opened', 'dispute-answered')),
                        day         INTEGER NOT NULL,
                        detail      TEXT,
                        recorded_at REAL    NOT NULL
                    );
                    CREATE INDEX record_event_by_subject ON record_event (subject, record_id);

                    CREATE TABLE dispute (
                        id        INTEGER PRIMARY KEY,
                        subject   BLOB    NOT NULL,
                        record_id INTEGER NOT NULL REFERENCES record (id),
                        opened    INTEGER NOT NULL,
                        answer    TEXT    CHECK (answer IN ('upheld', 'retracted')),
                        answered  INTEGER CHECK ((answer IS NULL) = (answered IS NULL))
                    );
                    CREATE INDEX dispute_by_subject ON dispute (subject, record_id);

                    CREATE TABLE meta (
                        key   TEXT NOT NULL PRIMARY KEY,
                        value TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v2: keys, access log, reviews") { db in
            try db.execute(
                sql: """
                    CREATE TABLE api_key (
                        id          TEXT NOT NULL PRIMARY KEY,
                        role        TEXT NOT NULL CHECK (role IN ('agency', 'provider', 'subject', 'auditor')),
                        label       TEXT NOT NULL,
                        agency      TEXT,
                        actions     TEXT NOT NULL DEFAULT '',
                        purpose     TEXT,
                        subject     BLOB,
                        secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
                        created     REAL NOT NULL,
                        revoked     REAL
                    ) WITHOUT ROWID;

                    CREATE TABLE access_log (
                        sequence      INTEGER PRIMARY KEY,
                        subject       BLOB    NOT NULL,
                        sealed_subject BLOB   NOT NULL,
                        at_micros     INTEGER NOT NULL,
                        actor         TEXT    NOT NULL,
                        purpose       TEXT    NOT NULL,
                        action        TEXT    NOT NULL,
                        answer        TEXT    NOT NULL,
                        previous_hash TEXT    NOT NULL,
                        hash          TEXT    NOT NULL
                    );
                    CREATE INDEX access_log_by_subject ON access_log (subject, sequence);

                    CREATE TABLE review (
                        id      INTEGER PRIMARY KEY,
                        agency  TEXT    NOT NULL,
                        subject BLOB    NOT NULL,
                        stars   INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
                        comment TEXT    NOT NULL,
                        at      REAL    NOT NULL
                    );
                    CREATE INDEX review_by_agency ON review (agency);
                    """)
        }
        migrator.registerMigration("v3: one review per subject and agency, sealed comments, open disputes") { db in
            // Of a subject's several reviews of one agency, the newest stands; comments are sealed from now on
            // (those written before are sealed when the registry opens, with its data key).
            try db.execute(
                sql: """
                    DELETE FROM review WHERE id NOT IN (SELECT max(id) FROM review GROUP BY agency, subject);
                    CREATE UNIQUE INDEX review_one_per_subject ON review (agency, subject);
                    CREATE INDEX dispute_open_by_record ON dispute (record_id) WHERE answer IS NULL;
                    """)
        }
        migrator.registerMigration("v4: access kinds, registry-wide entries") { db in
            // An entry about every subject at once has the subject index of 16 zero bytes and an empty seal.
            let changes = AccessEntry.changeActionPatterns.map { "action LIKE '\($0)'" }.joined(separator: " OR ")
            try db.execute(
                sql: """
                    ALTER TABLE access_log ADD COLUMN kind TEXT NOT NULL DEFAULT 'access'
                        CHECK (kind IN ('access', 'check', 'change', 'registry'));
                    UPDATE access_log SET kind = 'change' WHERE \(changes);
                    UPDATE access_log SET kind = 'check' WHERE action LIKE 'check %';
                    """)
        }
        migrator.registerMigration("v5: sessions of the pages") { db in
            try db.execute(
                sql: """
                    CREATE TABLE web_session (
                        id_hash   TEXT NOT NULL PRIMARY KEY CHECK (length(id_hash) = 64),
                        key_id    TEXT NOT NULL,
                        created   REAL NOT NULL,
                        last_seen REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6: keys that expire") { db in
            try db.execute(sql: "ALTER TABLE api_key ADD COLUMN expires REAL")
        }
        migrator.registerMigration("v7: the access log's stored tree and its checkpoints") { db in
            // The complete subtrees of the log's Merkle tree, so that checkpoints and proofs read O(log n)
            // nodes; a log written before is covered when the registry opens (`coverLogTree`).
            try db.execute(
                sql: """
                    CREATE TABLE log_node (
                        level INTEGER NOT NULL,
                        idx   INTEGER NOT NULL,
                        hash  BLOB    NOT NULL CHECK (length(hash) = 32),
                        PRIMARY KEY (level, idx)
                    ) WITHOUT ROWID;

                    CREATE TABLE log_checkpoint (
                        id        INTEGER PRIMARY KEY,
                        size      INTEGER NOT NULL,
                        at_micros INTEGER NOT NULL,
                        note      TEXT    NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v8: attestations") { db in
            try db.execute(
                sql: """
                    CREATE TABLE attestation (
                        id             TEXT NOT NULL PRIMARY KEY,
                        subject        BLOB NOT NULL,
                        sealed_subject BLOB NOT NULL,
                        audience       TEXT NOT NULL,
                        issued         REAL NOT NULL,
                        expires        REAL NOT NULL,
                        standing       TEXT NOT NULL,
                        revoked        REAL
                    ) WITHOUT ROWID;
                    CREATE INDEX attestation_by_subject ON attestation (subject, issued);
                    """)
        }
        migrator.registerMigration("v9: dispute grounds and reasons") { db in
            // Reasons and police reports are sealed like notes; disputes opened before have none.
            try db.execute(
                sql: """
                    ALTER TABLE dispute ADD COLUMN ground TEXT NOT NULL DEFAULT 'error'
                        CHECK (ground IN ('error', 'identity-theft'));
                    ALTER TABLE dispute ADD COLUMN reason BLOB;
                    ALTER TABLE dispute ADD COLUMN police_report BLOB;
                    ALTER TABLE dispute ADD COLUMN answer_reason BLOB;
                    """)
        }
        migrator.registerMigration("v10: statements") { db in
            try db.execute(
                sql: """
                    CREATE TABLE record_statement (
                        record_id INTEGER NOT NULL PRIMARY KEY REFERENCES record (id),
                        subject   BLOB    NOT NULL,
                        text      BLOB    NOT NULL,
                        at        REAL    NOT NULL
                    );
                    CREATE INDEX record_statement_by_subject ON record_statement (subject);
                    """)
        }
        migrator.registerMigration("v11: reviewers and appeals") { db in
            // SQLite cannot change a CHECK: the key table is rebuilt with the reviewer role. A dispute carries
            // at most one appeal; its reasons are sealed like the dispute's.
            try db.execute(
                sql: """
                    CREATE TABLE api_key_v11 (
                        id          TEXT NOT NULL PRIMARY KEY,
                        role        TEXT NOT NULL
                                    CHECK (role IN ('agency', 'provider', 'subject', 'auditor', 'reviewer')),
                        label       TEXT NOT NULL,
                        agency      TEXT,
                        actions     TEXT NOT NULL DEFAULT '',
                        purpose     TEXT,
                        subject     BLOB,
                        secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
                        created     REAL NOT NULL,
                        revoked     REAL,
                        expires     REAL
                    ) WITHOUT ROWID;
                    INSERT INTO api_key_v11
                        SELECT id, role, label, agency, actions, purpose, subject, secret_hash, created, revoked, expires
                        FROM api_key;
                    DROP TABLE api_key;
                    ALTER TABLE api_key_v11 RENAME TO api_key;

                    ALTER TABLE dispute ADD COLUMN appeal_opened INTEGER;
                    ALTER TABLE dispute ADD COLUMN appeal_reason BLOB;
                    ALTER TABLE dispute ADD COLUMN appeal_decision TEXT CHECK (appeal_decision IN ('confirmed', 'overturned'));
                    ALTER TABLE dispute ADD COLUMN appeal_decided INTEGER;
                    ALTER TABLE dispute ADD COLUMN appeal_decision_reason BLOB;
                    CREATE INDEX dispute_open_appeal ON dispute (appeal_opened) WHERE appeal_opened IS NOT NULL AND appeal_decision IS NULL;
                    """)
        }
        migrator.registerMigration("v12: repair applications and permits") { db in
            // One open repair application per record, enforced by the store as well as by the rules.
            try db.execute(
                sql: """
                    CREATE TABLE repair (
                        id         INTEGER PRIMARY KEY,
                        subject    BLOB    NOT NULL,
                        record_id  INTEGER NOT NULL REFERENCES record (id),
                        applied    INTEGER NOT NULL,
                        commitment BLOB    NOT NULL,
                        decision   TEXT    CHECK (decision IN ('granted', 'refused')),
                        decided    INTEGER,
                        reason     BLOB
                    );
                    CREATE INDEX repair_by_subject ON repair (subject);
                    CREATE UNIQUE INDEX repair_open ON repair (record_id) WHERE decision IS NULL;

                    CREATE TABLE permit (
                        id          INTEGER PRIMARY KEY,
                        subject     BLOB    NOT NULL,
                        list        TEXT    NOT NULL,
                        action      TEXT    NOT NULL,
                        purpose     TEXT    NOT NULL
                                    CHECK (purpose IN ('medical', 'funeral', 'exam', 'official', 'other')),
                        explanation BLOB    NOT NULL,
                        from_day    INTEGER NOT NULL,
                        to_day      INTEGER NOT NULL CHECK (to_day >= from_day),
                        applied     INTEGER NOT NULL,
                        agencies    TEXT    NOT NULL,
                        decision    TEXT    CHECK (decision IN ('granted', 'refused')),
                        decided     INTEGER,
                        decided_by  TEXT,
                        reason      BLOB
                    );
                    CREATE INDEX permit_by_subject ON permit (subject);
                    CREATE INDEX permit_open ON permit (applied) WHERE decision IS NULL;
                    CREATE UNIQUE INDEX permit_one_open ON permit (subject, list, action) WHERE decision IS NULL;
                    CREATE INDEX permit_granted ON permit (to_day) WHERE decision = 'granted';
                    """)
        }
        migrator.registerMigration("v13: officers") { db in
            try db.execute(
                sql: """
                    CREATE TABLE officer (
                        id           INTEGER PRIMARY KEY,
                        agency       TEXT    NOT NULL,
                        reference    TEXT    NOT NULL,
                        organisation BLOB    NOT NULL,
                        person       BLOB    NOT NULL,
                        role         TEXT    NOT NULL CHECK (role IN ('legal-representative', 'principal',
                                                                      'directly-responsible', 'actual-controller')),
                        started      INTEGER NOT NULL,
                        ended        INTEGER CHECK (ended IS NULL OR ended > started),
                        received_at  REAL    NOT NULL,
                        UNIQUE (agency, reference)
                    );
                    CREATE INDEX officer_by_person ON officer (person);
                    CREATE INDEX officer_by_organisation ON officer (organisation);
                    """)
        }
        migrator.registerMigration("v14: notices") { db in
            // Each notice is written with the access log entry of its cause; its cause is sealed.
            try db.execute(
                sql: """
                    CREATE TABLE notice (
                        id        INTEGER PRIMARY KEY,
                        subject   BLOB    NOT NULL,
                        sequence  INTEGER NOT NULL,
                        at_micros INTEGER NOT NULL,
                        cause     BLOB    NOT NULL,
                        read_at   REAL
                    );
                    CREATE INDEX notice_by_subject ON notice (subject, id);
                    """)
        }
        migrator.registerMigration("v15: denials and corrections") { db in
            // A counter's denial is kept with its log entry; a correction reaches its key once per record.
            try db.execute(
                sql: """
                    CREATE TABLE check_denial (
                        id       INTEGER PRIMARY KEY,
                        subject  BLOB    NOT NULL,
                        key_id   TEXT    NOT NULL,
                        action   TEXT    NOT NULL,
                        day      INTEGER NOT NULL,
                        lists    TEXT    NOT NULL,
                        sequence INTEGER NOT NULL,
                        last_record INTEGER NOT NULL
                    );
                    CREATE INDEX check_denial_by_subject ON check_denial (subject, day);

                    CREATE TABLE provider_notice (
                        id         INTEGER PRIMARY KEY,
                        key_id     TEXT    NOT NULL,
                        denial_id  INTEGER NOT NULL REFERENCES check_denial (id),
                        record_id  INTEGER NOT NULL,
                        at         REAL    NOT NULL,
                        correction BLOB    NOT NULL,
                        UNIQUE (denial_id, record_id)
                    );
                    CREATE INDEX provider_notice_by_key ON provider_notice (key_id, id);
                    """)
        }
        migrator.registerMigration("v16: webhooks and their outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE webhook (
                        id       INTEGER PRIMARY KEY,
                        url      TEXT NOT NULL,
                        audience TEXT NOT NULL CHECK (audience IN ('subjects', 'providers')),
                        secret   BLOB NOT NULL,
                        created  REAL NOT NULL
                    );
                    CREATE TABLE outbox (
                        id         INTEGER PRIMARY KEY,
                        webhook_id INTEGER NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
                        audience   TEXT    NOT NULL,
                        notice_id  INTEGER NOT NULL,
                        ordering   TEXT    NOT NULL,
                        attempts   INTEGER NOT NULL DEFAULT 0,
                        next_at    REAL    NOT NULL,
                        created    REAL    NOT NULL,
                        failed     INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE INDEX outbox_waiting ON outbox (webhook_id, ordering, id) WHERE failed = 0;
                    """)
        }
        registerArrivalOrder(in: &migrator)
        return migrator
    }
}
