"""What the reliability harnesses share: test people, the server process, clients that stream record
batches and checks, and the proof at the end that no promise was broken.

`Reliability/crash-harness` kills the Candor server; `Reliability/failover` kills the PostgreSQL primary
under two Candor servers. Both end with `prove`.
"""

import collections
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time

AGENCIES = {"court": "court.judgment-default", "tax": "tax.late-filing"}
# Two clients submit for the court and one for the tax bureau, each batch in its own transaction.
CLIENTS = ["court", "tax", "court"]
BATCH = 20


def person_id(n):
    """A valid resident identity number (GB 11643) for the n-th test person."""
    born = time.gmtime(time.mktime((1970, 1, 1, 0, 0, 0, 0, 0, 0)) + 86400 * (n * 37 % 15000))
    body = "110105" + time.strftime("%Y%m%d", born) + "%03d" % (n % 1000)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[total % 11]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def candor_executable(given):
    """The candor executable given, or the one `swift build` makes; exits when there is none."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candor = given or os.path.join(
        subprocess.run(["swift", "build", "--show-bin-path"], cwd=root, capture_output=True, text=True,
                       check=True).stdout.strip(), "candor")
    if not os.access(candor, os.X_OK):
        sys.exit(f"no candor executable at {candor}; run `swift build` first")
    return candor


class Server:
    """One `candor serve` process on a registry, started and killed; `name` tells several apart."""

    def __init__(self, candor, folder, store_args, name="server"):
        self.candor, self.folder, self.store_args, self.name = candor, folder, store_args, name
        self.port = free_port()
        self.process = None
        self.up = threading.Event()
        self.log = open(os.path.join(folder, f"{name}.log"), "ab")

    def run(self, *args, check=True):
        result = subprocess.run([self.candor, *args, *self.store_args], cwd=self.folder, capture_output=True, text=True)
        if check and result.returncode != 0:
            sys.exit(f"candor {' '.join(args)} failed:\n{result.stderr}")
        return result

    def start(self):
        self.process = subprocess.Popen(
            [self.candor, "serve", "--port", str(self.port), "--rate-per-key", "1000000", *self.store_args],
            cwd=self.folder, stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/health")
                if connection.getresponse().status == 200:
                    self.up.set()
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                sys.exit(f"candor serve exited with {self.process.returncode}; see {self.folder}/{self.name}.log")
            time.sleep(0.05)
        sys.exit(f"candor serve did not become ready within 60 s; see {self.folder}/{self.name}.log")

    def kill(self):
        self.up.clear()
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """SIGTERM, and True once the server has exited; after 30 s it is killed and False returned."""
        self.up.clear()
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
            return True
        except subprocess.TimeoutExpired:
            self.kill()
            return False


class Client:
    """A keep-alive HTTP connection that reports a dead server as None rather than an answer."""

    def __init__(self, server, token, tally=None):
        self.server, self.token, self.connection, self.tally = server, token, None, tally

    def request(self, method, path, body=None):
        self.server.up.wait()
        started = time.monotonic()
        try:
            return self.exchange(method, path, body)
        finally:
            if self.tally is not None:
                with self.tally.lock:
                    self.tally.slowest = max(self.tally.slowest, time.monotonic() - started)

    def exchange(self, method, path, body):
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
            headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
            self.connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = self.connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        except (OSError, http.client.HTTPException, json.JSONDecodeError):
            self.connection = None
            return None, None


class Tally:
    """What the clients saw: acknowledged records, batches whose outcome is unknown, answered checks, and
    when each write and check succeeded (for the failover's gaps)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.acknowledged = {}  # (agency, reference) -> subject
        self.unacknowledged = []  # (agency, [records])
        self.checks = 0
        self.refused_checks = 0
        self.write_times = []
        self.check_times = []
        self.failures = []
        # The longest a request waited for its answer (or for the client to give up after 60 s).
        self.slowest = 0.0


def unknown_outcome(status, answer):
    """No answer, or the registry's own 503: its database could not be reached, so the outcome of a
    change is unknown and the client sends it again."""
    return status is None or (status == 503 and (answer or {}).get("error", {}).get("code") == "unavailable")


def submitter(servers, token, agency, subjects, tally, stop, seed):
    """Streams batches of `BATCH` records for `agency`, taking the servers in turn."""
    rng = random.Random(seed)
    clients = [Client(server, token, tally) for server in servers]
    number = 0
    while not stop.is_set():
        number += 1
        records = [
            {
                "reference": f"{agency}-{seed}-{number}-{i}",
                "subject": rng.choice(subjects),
                "kind": AGENCIES[agency],
                "occurred": "2026-0%d-%02d" % (rng.randint(1, 9), rng.randint(1, 28)),
                "note": "reliability harness",
            }
            for i in range(BATCH)
        ]
        status, answer = clients[number % len(clients)].request("POST", "/v1/records", records)
        with tally.lock:
            if unknown_outcome(status, answer):
                tally.unacknowledged.append((agency, records))
            elif status != 200 or answer["created"] != len(records):
                tally.failures.append(f"batch {agency}-{seed}-{number}: {status} {str(answer)[:300]}")
            else:
                tally.write_times.append(time.monotonic())
                for record in records:
                    tally.acknowledged[(agency, record["reference"])] = record["subject"]


def checker(server, token, subjects, tally, stop, seed):
    """Asks checks of one server as fast as it answers."""
    rng = random.Random(seed)
    client = Client(server, token, tally)
    while not stop.is_set():
        check = {"subject": rng.choice(subjects), "action": "rail.high-speed", "purpose": "reliability harness"}
        status, answer = client.request("POST", "/v1/checks", check)
        with tally.lock:
            if status == 200:
                tally.checks += 1
                tally.check_times.append(time.monotonic())
            elif unknown_outcome(status, answer):
                tally.refused_checks += 1
            else:
                tally.failures.append(f"check: {status} {answer}")
        if status != 200:
            time.sleep(0.01)


def make_keys(server):
    """Keys for the two agencies, a provider and an auditor, made with the CLI."""
    tokens = {}
    for agency in AGENCIES:
        key = json.loads(server.run("keys", "create", "--role", "agency", "--agency", agency, "--json").stdout)
        tokens[agency] = key["token"]
    tokens["provider"] = json.loads(server.run(
        "keys", "create", "--role", "provider", "--actions", "rail.high-speed", "--purpose", "reliability harness",
        "--json").stdout)["token"]
    tokens["auditor"] = json.loads(server.run("keys", "create", "--role", "auditor", "--json").stdout)["token"]
    return tokens


def prove(servers, tokens, subjects, tally):
    """Once nothing more changes: every acknowledged record present exactly once, every unacknowledged
    batch wholly present or wholly absent (and resubmitting it says so), the access log verifies, and every
    rating each server serves equals a full recomputation. Returns (problems, summary lines); stops the
    servers."""
    problems = list(tally.failures)
    # A request must be answered, even if only with 503: one the server kept waiting is a hang.
    if tally.slowest > 30:
        problems.append(f"a request waited {tally.slowest:.0f} s for its answer")
    auditor = Client(servers[0], tokens["auditor"])
    present = collections.Counter()
    for subject in subjects:
        status, file = auditor.request("GET", f"/v1/subjects/{subject}?purpose=reliability%20harness")
        if status != 200:
            problems.append(f"reading {subject}: {status} {file}")
            continue
        for record in file["records"]:
            present[(record["agency"], record["reference"])] += 1

    missing = [key for key in tally.acknowledged if present[key] != 1]
    problems += [f"acknowledged record {a}/{r} is present {present[(a, r)]} times" for a, r in missing]
    problems += [f"record {a}/{r} is stored {n} times" for (a, r), n in present.items() if n > 1]
    whole, absent = 0, 0
    for agency, records in tally.unacknowledged:
        found = sum(present[(agency, record["reference"])] for record in records)
        if found == len(records):
            whole += 1
        elif found == 0:
            absent += 1
        else:
            problems.append(f"unacknowledged batch {records[0]['reference']}: {found} of {len(records)} visible")

    # Submitting an unacknowledged batch again: what is there is `unchanged`, what is not is `created`.
    resubmitted = 0
    for agency, records in tally.unacknowledged:
        status, answer = Client(servers[0], tokens[agency]).request("POST", "/v1/records", records)
        expected = "unchanged" if present[(agency, records[0]["reference"])] else "created"
        if status != 200 or any(result["status"] != expected for result in answer["results"]):
            problems.append(f"resubmitting {records[0]['reference']}: expected all {expected}, got {answer}")
        resubmitted += len(records)
        for record in records:
            present[(agency, record["reference"])] = 1

    # Every subject's rating as each server serves it, now that nothing more changes. The other servers
    # learn of the resubmissions from the access log; they are given a moment to.
    time.sleep(1)
    served = {}
    for server in servers:
        client = Client(server, tokens["auditor"])
        for subject in subjects:
            status, file = client.request("GET", f"/v1/subjects/{subject}?purpose=reliability%20harness")
            if status != 200:
                problems.append(f"reading {subject} from {server.name}: {status} {file}")
                continue
            rating = file["rating"]
            served[(server.name, subject)] = (rating["score"], rating["tier"]["id"],
                                              sorted(l["id"] for l in rating["lists"]), rating["asOf"])
    for server in servers:
        if not server.stop():
            problems.append(f"{server.name} did not stop within 30 s of SIGTERM; see {server.folder}/{server.name}.log")

    audit = servers[0].run("audit", "verify", check=False)
    if audit.returncode != 0:
        problems.append(f"candor audit verify failed: {audit.stdout} {audit.stderr}")
    as_of = next(iter(served.values()))[3] if served else time.strftime("%Y-%m-%d", time.gmtime())
    export = servers[0].run("export", "ratings", "--as-of", as_of, "--quiet")
    recomputed = {}
    for line in export.stdout.splitlines():
        row = json.loads(line)
        recomputed[row["subject"]] = (row["score"], row["tier"], sorted(row["lists"]))
    differing = [(name, s) for (name, s), (score, tier, lists, _) in served.items()
                 if s in recomputed and recomputed[s] != (score, tier, lists)]
    problems += [f"{s} on {name}: served {served[(name, s)][:3]}, recomputed {recomputed[s]}" for name, s in differing]
    rated = sum(1 for (_, s) in served if s in recomputed)
    if rated == 0:
        problems.append("no subject was rated by both the servers and the recomputation")

    summary = [
        f"records acknowledged:           {len(tally.acknowledged)}, each present exactly once: "
        f"{len(tally.acknowledged) - len(missing)}",
        f"unacknowledged batches:         {len(tally.unacknowledged)} ({whole} wholly stored, {absent} absent, "
        f"{len(tally.unacknowledged) - whole - absent} in part); {resubmitted} records resubmitted",
        f"records stored in all:          {sum(present.values())}",
        f"checks answered:                {tally.checks} ({tally.refused_checks} unanswered or refused as unavailable)",
        f"longest wait for an answer:     {tally.slowest:.1f} s",
        f"access log:                     {'verifies' if audit.returncode == 0 else 'DOES NOT VERIFY'}",
        f"ratings equal to recomputation: {rated - len(differing)} of {rated} (server, subject) pairs",
    ]
    return problems, summary


def report(problems, summary, folder, keep):
    """Prints the summary and the problems; exits non-zero when there are problems."""
    for line in summary:
        print(line)
    if problems:
        print(f"\n{len(problems)} problems:")
        for problem in problems[:50]:
            print(f"  {problem[:400]}")
        print(f"working folder kept: {folder}")
        sys.exit(1)
    print("no promise broken")
    if keep:
        print(f"working folder kept: {folder}")
