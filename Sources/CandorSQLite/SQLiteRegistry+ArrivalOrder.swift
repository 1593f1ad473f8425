import GRDB

extension SQLiteRegistry {
    /// Migration v17, the layout for bulk loads (docs/scaling.md, "The SQLite file's layout").
    static func registerArrivalOrder(in migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v17: records in arrival order under subject numbers") { db in
            // Records keyed by subject made every insert land on a random leaf of a table as large as the
            // registry: past the page cache, a bulk load read and wrote tens of gigabytes. Now each subject
            // gets a number when first seen (its keyed hash stays in the subject table alone), records lie in
            // arrival order under their id, and a subject's records and notices are found by its number: a
            // load of new subjects appends to every table and index but the reference's. A notice that a
            // record was created names the record instead of sealing a copy of what the record holds.
            try db.execute(
                sql: """
                    CREATE TABLE subject_v17 (
                        number    INTEGER PRIMARY KEY,
                        key       BLOB    NOT NULL UNIQUE CHECK (length(key) = 16),
                        sealed_id BLOB    NOT NULL,
                        name      BLOB
                    );
                    INSERT INTO subject_v17 (key, sealed_id, name) SELECT key, sealed_id, name FROM subject ORDER BY key;
                    -- Every notice's subject has a row; one that did not would take it from its log entry.
                    INSERT INTO subject_v17 (key, sealed_id)
                        SELECT m.subject, a.sealed_subject
                        FROM (SELECT subject, min(sequence) AS sequence FROM notice
                              WHERE subject NOT IN (SELECT key FROM subject_v17) GROUP BY subject) m
                        JOIN access_log a ON a.sequence = m.sequence;

                    CREATE TABLE record_v17 (
                        id          INTEGER PRIMARY KEY,
                        subject     INTEGER NOT NULL REFERENCES subject (number),
                        agency      TEXT    NOT NULL,
                        reference   TEXT    NOT NULL,
                        kind        TEXT    NOT NULL,
                        occurred    INTEGER NOT NULL,
                        amount      REAL,
                        legal_basis TEXT,
                        note        BLOB,
                        fulfilled   INTEGER,
                        retracted   INTEGER,
                        received_at REAL    NOT NULL
                    );
                    INSERT INTO record_v17 (id, subject, agency, reference, kind, occurred, amount, legal_basis, note,
                                            fulfilled, retracted, received_at)
                        SELECT r.id, s.number, r.agency, r.reference, r.kind, r.occurred, r.amount, r.legal_basis,
                               r.note, r.fulfilled, r.retracted, r.received_at
                        FROM record r JOIN subject_v17 s ON s.key = r.subject ORDER BY r.id;

                    CREATE TABLE notice_v17 (
                        id        INTEGER PRIMARY KEY,
                        subject   INTEGER NOT NULL REFERENCES subject (number),
                        sequence  INTEGER NOT NULL,
                        at_micros INTEGER NOT NULL,
                        cause     BLOB    NOT NULL,
                        record_id INTEGER,
                        read_at   REAL
                    );
                    INSERT INTO notice_v17 (id, subject, sequence, at_micros, cause, read_at)
                        SELECT n.id, s.number, n.sequence, n.at_micros, n.cause, n.read_at
                        FROM notice n JOIN subject_v17 s ON s.key = n.subject;

                    DROP TABLE record;
                    DROP TABLE notice;
                    DROP TABLE subject;
                    ALTER TABLE subject_v17 RENAME TO subject;
                    ALTER TABLE record_v17 RENAME TO record;
                    ALTER TABLE notice_v17 RENAME TO notice;
                    CREATE UNIQUE INDEX record_by_reference ON record (agency, reference);
                    CREATE INDEX record_by_subject ON record (subject);
                    CREATE INDEX notice_by_subject ON notice (subject, id);
                    """)
        }
    }
}
