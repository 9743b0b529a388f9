"""``python -m cli import KIND FILE``: the command-line door of the import pipeline;
``python -m cli import-retry KIND``: the open quarantined rows of a kind, once more.

Exit status: 0 every row accepted (or the file was already imported), 1 some rows refused (the
rest committed, the refused ones quarantined, the error report written), 2 the file refused as a
whole (nothing written), 3 the database is not ready.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from ingest.kinds import KINDS
from ingest.messages import FileRejected
from ingest.pipeline import import_dir, import_file, plan_file
from ingest.plan import Plan
from ingest.quarantine import retry_quarantined
from store.core.db import database_url, make_write_engine
from store.core.readiness import DatabaseNotReady, check_ready


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser("import", help="import a CSV/XLSX file of real data (plan, then commit)")
    parser.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
    parser.add_argument("file", type=Path)
    parser.add_argument("--dry-run", action="store_true", help="print the plan, write nothing")
    parser.add_argument("--actor", default=None, help="who imports (recorded with the run); default: the OS user")
    parser.add_argument("--report", type=Path, default=None, help="where to write the error report CSV")
    parser.add_argument(
        "--replace-province",
        metavar="CODE",
        default=None,
        help="villages only: the file is the province's whole list; its villages not in the file are deleted "
        "(those still named by hotspots, volunteers or tickets are kept and listed)",
    )
    retry = sub.add_parser("import-retry", help="run the open quarantined rows of a kind through the import again")
    retry.add_argument("kind", choices=sorted(KINDS))
    retry.add_argument("--actor", default=None)
    retry.add_argument("--report", type=Path, default=None)


def run(args: argparse.Namespace) -> int:
    try:
        check_ready(database_url())
    except DatabaseNotReady as problem:
        print(f"netpracharat: {problem}", file=sys.stderr)
        return 3
    if args.command == "import" and not args.file.is_file():
        print(f"file refused / ไม่รับไฟล์: no file {args.file}", file=sys.stderr)
        return 2
    engine = make_write_engine()
    actor = args.actor or getpass.getuser()
    try:
        if args.command == "import-retry":
            result = retry_quarantined(engine, args.kind, actor)
            plan = result.plan
            print(plan.describe())
            print(f"committed as run {result.run_id}; still quarantined: {len(plan.rejected)}")
        elif args.dry_run:
            content = args.file.read_bytes()
            plan = plan_file(engine, args.kind, content, args.file.name, replace_province=args.replace_province)
            print(plan.describe())
            print("dry run: nothing written / ทดลอง: ยังไม่บันทึก")
        else:
            content = args.file.read_bytes()
            result = import_file(
                engine, args.kind, content, args.file.name, actor, replace_province=args.replace_province
            )
            plan = result.plan
            print(plan.describe())
            if result.committed:
                print(f"committed as run {result.run_id} / บันทึกแล้ว")
            else:
                print("nothing written: the same file was imported before / ไม่บันทึกซ้ำ")
                return 0
    except FileRejected as refused:
        print(f"file refused / ไม่รับไฟล์: {refused.reason.th} / {refused.reason.en}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    if plan.rejected:
        print(f"error report / รายงานข้อผิดพลาด: {_write_report(plan, args.report)}")
        return 1
    return 0


def _write_report(plan: Plan, path: Path | None) -> Path:
    target = path or import_dir() / "reports" / f"{plan.sha256[:16]}-{plan.kind}-errors.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(plan.error_report_csv())
    return target
