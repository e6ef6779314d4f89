"""Kill the writer at random moments: the published warehouse stays complete and readable."""
import os
import random
import signal
import subprocess
import sys
import time


from flows.warehouse import read_tables
from tests.conftest import ROOT

WRITER = """
import sys, pandas as pd
sys.path.insert(0, {root!r})
from flows.warehouse import publish, writer_lock
n = 0
while True:
    n += 1
    rows = 20000 + n
    # every table of one version has the same row count: a mix of versions would show
    tables = {{name: pd.DataFrame({{"version": [n] * rows, "x": range(rows)}}) for name in ("a", "b", "c")}}
    with writer_lock({out!r}):
        publish(tables, {out!r}, {{"run_id": f"v{{n:06d}}"}})
"""


def test_kill_during_publish_leaves_a_complete_version(tmp_path):
    out = str(tmp_path / "wh")
    rng = random.Random(7)
    seen = set()
    for _ in range(12):
        proc = subprocess.Popen([sys.executable, "-c", WRITER.format(root=str(ROOT), out=out)])
        started = time.monotonic()                    # a loaded machine can take seconds to import pandas
        while not os.path.exists(out) and time.monotonic() - started < 60 and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(rng.random() * 1.2)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not os.path.exists(out):
            continue                                  # killed before its first publish
        tables = read_tables(out, ["a", "b", "c"])
        versions = {name: set(t["version"]) for name, t in tables.items()}
        assert len(set(map(frozenset, versions.values()))) == 1 and all(len(v) == 1 for v in versions.values()), versions
        n = next(iter(versions["a"]))
        assert all(len(t) == 20000 + n for t in tables.values())
        seen.add(n)
    assert seen, "the writer never published: the test proved nothing"
