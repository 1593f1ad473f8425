#!/usr/bin/env python3
"""The DuckDB peer of Candor's full re-rating: the SPEC's rating semantics as one SQL query.

    python3 Benchmarks/duckdb_ratings.py CITY.csv --as-of 2026-11-26 --output peer.csv [--policy FILE]

Loads the records of a `candor generate` CSV into a DuckDB table (timed apart), then computes every
subject's score, tier and lists with SQL (timed), and writes subject,score,tier,lists (lists joined by
';' in the policy's order) for a subject-by-subject comparison. Prints the timings as JSON.

The semantics (SPEC sections 3 and 6): a record counts on D unless retracted, pending (occurred after D),
expired (age >= lasts_days) or suspended by a dispute from the day after its deadline until answered; it
gives fulfilled_points once fulfilled on or before D, else points, times (1 - age/lasts_days) under linear
decay; sums per kind are capped; the score is base plus the sums, rounded half away from zero and
clamped; the tier is the first tier (in the policy's order) whose min the score reaches; a subject is on
a list while a record of its kinds is not retracted, suspended or fulfilled and
occurred + notice_days <= D < occurred + notice_days + max_days, unless the subject is a person who was
under 18 (completed years from the birth date in a valid resident identity number) on the record's date.
Sums are exact: every kind's sum is over lasts_days (or 1), scaled to their least common multiple.
"""

import argparse
import json
import math
import os
import sys
import time
import tomllib

import duckdb


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("csv")
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--output", required=True)
    parser.add_argument("--policy", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "CandorCore", "Resources", "demo-city.toml"))
    parser.add_argument("--database", default=":memory:", help="a DuckDB file instead of memory")
    options = parser.parse_args()

    with open(options.policy, "rb") as f:
        policy = tomllib.load(f)
    kinds = policy["kind"]
    lists = policy["list"]
    tiers = policy["tier"]
    score = policy["score"]
    response_days = policy.get("disputes", {}).get("response_days", 30)

    db = duckdb.connect(options.database)
    started = time.monotonic()
    db.execute(f"""
        CREATE OR REPLACE TABLE record AS
        SELECT row_number() OVER () AS rid, subject, kind, occurred::DATE AS occurred,
               fulfilled::DATE AS fulfilled, retracted::DATE AS retracted
        FROM read_csv('{options.csv}', header = true, all_varchar = true)
    """)
    load_seconds = time.monotonic() - started

    db.execute("CREATE OR REPLACE TABLE kind (idx INTEGER, id VARCHAR, points_milli BIGINT, fulfilled_milli BIGINT, "
               "lasts INTEGER, linear BOOLEAN, cap_milli BIGINT)")
    db.executemany("INSERT INTO kind VALUES (?, ?, ?, ?, ?, ?, ?)", [
        (i, k["id"], round(k["points"] * 1000), round(k.get("fulfilled_points", 0) * 1000), k["lasts_days"],
         k.get("decay", "none") == "linear", round(k["cap"] * 1000) if "cap" in k else None)
        for i, k in enumerate(kinds)])
    db.execute("CREATE OR REPLACE TABLE list_kind (list_idx INTEGER, list_id VARCHAR, kind VARCHAR, max_days INTEGER, "
               "notice INTEGER)")
    db.executemany("INSERT INTO list_kind VALUES (?, ?, ?, ?, ?)", [
        (i, l["id"], k, l["max_days"], l.get("notice_days", 0)) for i, l in enumerate(lists) for k in l["kinds"]])
    # Disputes by record: opened, answered, answer. The generated city has none; the query honours them.
    db.execute("CREATE OR REPLACE TABLE dispute (rid BIGINT, opened DATE, answered DATE, answer VARCHAR)")

    denominators = [k["lasts_days"] if k.get("decay", "none") == "linear" else 1 for k in kinds]
    scale = math.lcm(*denominators)
    tier_case = "CASE " + " ".join(
        f"WHEN score >= {t['min']} THEN '{t['id']}'" for t in tiers) + f" ELSE '{tiers[-1]['id']}' END"
    day = f"DATE '{options.as_of}'"

    query = f"""
        CREATE OR REPLACE TABLE rating AS
        WITH disputed AS (
            SELECT rid,
                   bool_or(answer = 'retracted') AS retracted,
                   bool_or({day} > opened + {response_days} AND (answered IS NULL OR {day} < answered)) AS suspended
            FROM dispute GROUP BY rid
        ),
        person AS (
            -- A resident identity number: 17 digits, a real birth date and the ISO 7064 check character;
            -- asked only of subjects with a record that could list them.
            SELECT subject, try_strptime(substr(subject, 7, 8), '%Y%m%d')::DATE AS born
            FROM (SELECT DISTINCT subject FROM record WHERE kind IN (SELECT kind FROM list_kind))
            WHERE regexp_full_match(subject, '[0-9]{{17}}[0-9X]')
              AND substr('10X98765432', 1 + (list_sum(list_transform(range(17),
                      lambda i: (ascii(substr(subject, i + 1, 1)) - 48)
                                * [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i + 1])) % 11)::INTEGER, 1)
                  = substr(subject, 18, 1)
              AND try_strptime(substr(subject, 7, 8), '%Y%m%d') IS NOT NULL
        ),
        r AS (
            SELECT rec.subject, rec.kind, rec.occurred,
                   -- Completed years on the record's date, by comparing (month, day): a 29 February
                   -- birthday is reached on 1 March in a common year.
                   coalesce(year(rec.occurred) - year(p.born)
                       - CASE WHEN month(rec.occurred) * 100 + day(rec.occurred) < month(p.born) * 100 + day(p.born)
                              THEN 1 ELSE 0 END < 18, false) AS minor,
                   rec.retracted IS NOT NULL OR coalesce(d.retracted, false) AS retracted,
                   coalesce(d.suspended, false) AS suspended,
                   ({day} - rec.occurred) AS age,
                   coalesce(rec.fulfilled <= {day}, false) AS fulfilled
            FROM record rec LEFT JOIN disputed d USING (rid) LEFT JOIN person p USING (subject)
        ),
        per_kind AS (
            SELECT r.subject, k.idx,
                   sum(CASE WHEN r.fulfilled THEN k.fulfilled_milli ELSE k.points_milli END::HUGEINT
                       * CASE WHEN k.linear THEN k.lasts - r.age ELSE 1 END) AS numerator,
                   any_value(CASE WHEN k.linear THEN k.lasts ELSE 1 END) AS denominator,
                   any_value(k.cap_milli) AS cap
            FROM r JOIN kind k ON k.id = r.kind
            WHERE NOT r.retracted AND r.age >= 0 AND r.age < k.lasts AND NOT r.suspended
            GROUP BY r.subject, k.idx
        ),
        total AS (
            SELECT subject,
                   sum(CASE WHEN cap IS NULL THEN numerator
                            ELSE least(greatest(numerator, -cap * denominator), cap * denominator) END
                       * ({scale} // denominator)) AS numerator
            FROM per_kind GROUP BY subject
        ),
        scored AS (
            SELECT s.subject,
                   {score['base']}::HUGEINT * 1000 * {scale} + coalesce(t.numerator, 0) AS x
            FROM (SELECT DISTINCT subject FROM record) s LEFT JOIN total t USING (subject)
        ),
        rounded AS (
            SELECT subject,
                   least(greatest(
                       sign(x) * ((abs(x) + 500 * {scale}) // (1000 * {scale})), {score['min']}), {score['max']})
                       AS score
            FROM scored
        ),
        listed AS (
            SELECT r.subject, string_agg(DISTINCT lk.list_idx::VARCHAR || ':' || lk.list_id, ';') AS lists
            FROM r JOIN list_kind lk ON lk.kind = r.kind
            WHERE NOT r.retracted AND NOT r.suspended AND NOT r.fulfilled AND r.age >= 0 AND NOT r.minor
              AND {day} >= r.occurred + lk.notice AND {day} < r.occurred + lk.notice + lk.max_days
            GROUP BY r.subject
        )
        SELECT rounded.subject, rounded.score::INTEGER AS score, {tier_case} AS tier, listed.lists
        FROM rounded LEFT JOIN listed USING (subject)
    """
    started = time.monotonic()
    db.execute(query)
    query_seconds = time.monotonic() - started

    rows = db.execute("SELECT subject, score, tier, lists FROM rating ORDER BY subject").fetchall()
    with open(options.output, "w") as out:
        out.write("subject,score,tier,lists\n")
        for subject, value, tier, listed in rows:
            names = [item.split(":", 1) for item in listed.split(";")] if listed else []
            ordered = ";".join(name for _, name in sorted(names, key=lambda pair: int(pair[0])))
            out.write(f"{subject},{value},{tier},{ordered}\n")
    print(json.dumps({"subjects": len(rows), "load_seconds": load_seconds, "query_seconds": query_seconds,
                      "threads": db.execute("SELECT current_setting('threads')").fetchone()[0]}))


if __name__ == "__main__":
    sys.exit(main())
