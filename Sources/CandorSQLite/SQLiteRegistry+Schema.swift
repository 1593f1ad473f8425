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
        return migrator
    }
}
