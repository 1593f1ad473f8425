"""A demo city served on a free loopback port, with a key for every role: what the browser tests and the
API tests run against."""
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
AS_OF = time.strftime("%Y-%m-%d")


def candor_binary():
    path = os.environ.get("CANDOR_EXECUTABLE")
    if path:
        return path
    bin_path = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                              capture_output=True, text=True).stdout.strip()
    return os.path.join(bin_path, "candor")


class City:
    """A small demo city in a temporary folder, served on a free loopback port."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="candor-city-")
        self.binary = candor_binary()
        self.run("demo", "--no-serve", "--quiet", "--people", "3000", "--businesses", "400", "--seed", "11")
        ratings = [json.loads(line) for line in self.run("export", "ratings", "--quiet").splitlines()]
        # A person listed because of a court judgment that was not performed: the record the test disputes.
        self.listed = next(r["subject"] for r in ratings
                           if "judgment-defaulters" in r["lists"] and r["subject"][:17].isdigit()
                           and "court.judgment-default" in self.run("rate", r["subject"], "--json"))
        self.unlisted = next(r["subject"] for r in ratings if not r["lists"] and r["subject"][:17].isdigit())
        self.subject_key = self.key("--role", "subject", "--subject", self.listed)
        self.provider_key = self.key("--role", "provider", "--actions", "rail.high-speed,air.ticket",
                                     "--purpose", "Ticket sale", "--label", "Station ticket office")
        self.agency_key = self.key("--role", "agency", "--agency", "court")
        self.auditor_key = self.key("--role", "auditor")
        self.reviewer_key = self.key("--role", "reviewer")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = subprocess.Popen([self.binary, "serve", "--port", str(self.port)], cwd=self.folder,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                urllib.request.urlopen(self.url + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)

    def run(self, *arguments):
        return subprocess.run([self.binary, *arguments, "--as-of", AS_OF] if arguments[0] in ("demo", "export")
                              else [self.binary, *arguments], cwd=self.folder, check=True,
                              capture_output=True, text=True).stdout

    def key(self, *arguments):
        return json.loads(self.run("keys", "create", *arguments, "--json"))["token"]

    def close(self):
        self.server.terminate()
        self.server.wait(timeout=10)
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def city():
    """The city of one test session (each directory's conftest imports it, so each gets its own)."""
    served = City()
    yield served
    served.close()
