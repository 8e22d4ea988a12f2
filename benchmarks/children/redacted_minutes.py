"""The redacted minutes of a typical meeting of the large demo, first in a fresh process (as
``spp-tui export minutes MEETING --redact`` runs: the export modules imported and every name
pattern compiled by this export), then a second time; prints ``FIRST wall cpu`` and
``SECOND wall cpu`` (seconds; CPU time shows the work on a machine under load)."""

import sys
import tempfile
import time
from pathlib import Path

from benchmarks.figures import typical_meeting
from spp_tui.db.database import open_database


def main(db_path: str) -> None:
    db = open_database(db_path)
    meeting_id, _cases = typical_meeting(db)
    out = Path(tempfile.mkdtemp(prefix="spp-tui-bench-")) / "redacted.docx"
    started, cpu = time.perf_counter(), time.process_time()
    from spp_tui.exports.minutes import export_minutes

    export_minutes(db, meeting_id, out=out, redact=True)
    print(f"FIRST {time.perf_counter() - started} {time.process_time() - cpu}", flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    export_minutes(db, meeting_id, out=out, redact=True)
    print(f"SECOND {time.perf_counter() - started} {time.process_time() - cpu}", flush=True)
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
