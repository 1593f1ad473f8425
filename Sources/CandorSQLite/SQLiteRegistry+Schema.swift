import GRDB

extension SQLiteRegistry {
    /// The schema, one migration per change. Every table that holds subject data is keyed first by
    /// subject, and the database enforces what it can: unique references, known event kinds, answers.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: subjects, records, events, disputes") { db in
            try db.execute(
                sql: """
                    CREATE TABLE subject (
                        id   TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 18),
                        name TEXT
                    ) WITHOUT ROWID;

                    CREATE TABLE record (
                        subject     TEXT    NOT NULL REFERENCES subject (id),
                        id          INTEGER NOT NULL,
                        agency      TEXT    NOT NULL,
                        reference   TEXT    NOT NULL,
                        kind        TEXT    NOT NULL,
                        occurred    INTEGER NOT NULL,
                        amount      REAL,
                        legal_basis TEXT,
                        note        TEXT,
                        fulfilled   INTEGER,
                        retracted   INTEGER,
                        received_at REAL    NOT NULL,
                        PRIMARY KEY (subject, id)
                    ) WITHOUT ROWID;
                    CREATE UNIQUE INDEX record_by_reference ON record (agency, reference);
                    CREATE UNIQUE INDEX record_by_id ON record (id);

                    CREATE TABLE record_event (
                        id          INTEGER PRIMARY KEY,
                        subject     TEXT    NOT NULL,
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
                        subject   TEXT    NOT NULL,
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
                        subject     TEXT,
                        secret_hash TEXT NOT NULL CHECK (length(secret_hash) = 64),
                        created     REAL NOT NULL,
                        revoked     REAL
                    ) WITHOUT ROWID;

                    CREATE TABLE access_log (
                        sequence      INTEGER PRIMARY KEY,
                        subject       TEXT    NOT NULL,
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
                        subject TEXT    NOT NULL,
                        stars   INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
                        comment TEXT    NOT NULL,
                        at      REAL    NOT NULL
                    );
                    CREATE INDEX review_by_agency ON review (agency);
                    """)
        }
        return migrator
    }
}
