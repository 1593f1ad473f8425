"""A demo city of its own for the API tests: Schemathesis and the generated client change its state (they
open disputes, submit records), which the browser tests must not see."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "Support"))
from city import city  # noqa: E402,F401 (the fixture)
