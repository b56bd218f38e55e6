"""Commands on versions of a map: diff, merge, and the git drivers that use them."""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

from journeymap.cli.common import fail as _fail_1


def fail(message: str) -> int:
    """Print the sentence; exit code 2 (as diff(1) and git's drivers expect for errors)."""
    _fail_1(message)
    return 2

ATTRIBUTES_LINE = "*.journeymap diff=journeymap merge=journeymap"


def add_commands(sub: Any) -> None:
    p = sub.add_parser("diff", help="what changed between two maps; exit 1 when they differ")
    p.add_argument("old", metavar="OLD")
    p.add_argument("new", metavar="NEW")
    p.add_argument("--json", action="store_true", help="the changes as JSON (docs/versions.md)")
    p.add_argument("--stat", action="store_true", help="only the counts per kind")
    p.set_defaults(run=lambda a: _diff(Path(a.old), Path(a.new), as_json=a.json, stat=a.stat))

    p = sub.add_parser(
        "merge", help="three-way merge by entity id; exit 1 with conflicts (a git merge driver)"
    )
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("-o", "--output", metavar="OUT", help="where to write (default: OURS)")
    p.add_argument("--name", metavar="PATH", help="the file's name in messages (git's %%P)")
    p.add_argument("--json", action="store_true", help="print the conflicts as JSON")
    p.set_defaults(run=_merge)

    p = sub.add_parser("git-setup", help="use the semantic diff and merge for *.journeymap in git")
    p.add_argument("--global", dest="global_", action="store_true",
                   help="in your own git config (and attributes file) for every repository")
    p.set_defaults(run=lambda a: _git_setup(global_=a.global_))

    p = sub.add_parser("textconv", help="a map as text, one line per entity (git textconv)")
    p.add_argument("file", metavar="FILE")
    p.set_defaults(run=lambda a: _textconv(Path(a.file)))

    p = sub.add_parser("git-diff-driver", help=argparse.SUPPRESS)
    p.add_argument("args", nargs="*")
    p.set_defaults(run=lambda a: _git_diff_driver(a.args))


def _load(path: Path) -> Any:
    from journeymap.core.fileformat import load

    return load(path)


def _diff(old_path: Path, new_path: Path, *, as_json: bool, stat: bool) -> int:
    from journeymap.core import diff, diffreport
    from journeymap.core.errors import JourneyMapError

    try:
        old, new = _load(old_path), _load(new_path)
    except JourneyMapError as err:
        return fail(_sentence(err))
    changes = diff.compute(old, new)
    if as_json:
        print(json.dumps(diffreport.as_json(changes, old, new), ensure_ascii=False, indent=2))
    elif stat:
        for line in diffreport.stat(changes):
            print(line)
    else:
        for line in diffreport.report(changes, old, new):
            print(line)
    return 1 if changes else 0


def _sentence(err: Exception) -> str:
    path = getattr(err, "path", None)
    return f"{path}: {err}" if path else str(err)


def _merge(args: argparse.Namespace) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.fileformat import dumps
    from journeymap.core.merge import merge
    from journeymap.core.outputs import OutputRefused, check_output
    from journeymap.core.storage import write_atomic

    paths = {"BASE": Path(args.base), "OURS": Path(args.ours), "THEIRS": Path(args.theirs)}
    out = Path(args.output) if args.output else paths["OURS"]
    try:  # by git's contract the merge is written over OURS: only BASE and THEIRS are inputs
        check_output(out, inputs=(paths["BASE"], paths["THEIRS"]), force=True)
    except OutputRefused as err:
        return fail(f"{err} (nothing was written)")
    try:
        base, ours, theirs = (_load(p) for p in paths.values())
    except JourneyMapError as err:
        return fail(_sentence(err) + " (nothing was written)")
    result = merge(base, ours, theirs)
    try:
        write_atomic(out, dumps(result.map), backup=False)
    except (OSError, JourneyMapError) as err:
        return fail(f"{out}: cannot write the merge: {err}")
    name = args.name or str(out)
    if args.json:
        print(json.dumps([c.as_json() for c in result.conflicts], ensure_ascii=False, indent=2))
    if result.conflicts:
        n = len(result.conflicts)
        print(f"{name}: {n} conflict{'s' if n > 1 else ''} (the file is a valid map; "
              "ours was kept where the two versions disagree):", file=sys.stderr)
        names = _names(ours, theirs)
        for conflict in result.conflicts:
            print("  ! " + _conflict_line(conflict, names), file=sys.stderr)
        return 1
    return 0


def _names(ours: Any, theirs: Any) -> dict[str, str]:
    return {t.id: t.title for t in theirs.touchpoints()} | {
        t.id: t.title for t in ours.touchpoints()
    }


def _conflict_line(conflict: Any, titles: dict[str, str]) -> str:
    from journeymap.core.diffreport import show

    if conflict.kind == "touchpoint":
        who = show(titles.get(conflict.key, conflict.key))
    elif conflict.kind == "link":
        who = "link " + " → ".join(show(titles.get(k, k)) for k in conflict.key)
    elif conflict.key is None:
        who = conflict.kind
    else:
        who = f"{conflict.kind} {show(conflict.key)}"
    if conflict.field is not None and (conflict.ours is not None or conflict.theirs is not None):
        field = conflict.field or ""
        return (f"{who} {field}: ours {show(conflict.ours, field)}, theirs "
                f"{show(conflict.theirs, field)} — {conflict.message}")
    return f"{who}: {conflict.message}"


def _textconv(path: Path) -> int:
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.textview import outline

    try:
        doc = _load(path)
    except JourneyMapError as err:
        return fail(_sentence(err))
    for line in outline(doc):
        print(line)
    return 0


def _git_diff_driver(args: list[str]) -> int:
    """git's external diff: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE."""
    from journeymap.core import diff, diffreport
    from journeymap.core.errors import JourneyMapError
    from journeymap.core.model import JourneyMap

    if len(args) < 7:
        return fail("git-diff-driver: git passes seven arguments; see `journeymap git-setup`")
    name, old_file, new_file = args[0], args[1], args[4]
    print(f"journeymap diff a/{name} b/{name}")
    try:
        old = JourneyMap() if old_file == os.devnull else _load(Path(old_file))
        new = JourneyMap() if new_file == os.devnull else _load(Path(new_file))
    except JourneyMapError as err:
        print(f"  (cannot compare: {err})")
        return 0
    if old_file == os.devnull or new_file == os.devnull:
        doc = new if old_file == os.devnull else old
        what = "new" if old_file == os.devnull else "deleted"
        print(f"{what} map {diffreport.show(doc.title)}: {doc.touchpoint_count} touchpoints")
        return 0
    for line in diffreport.report(diff.compute(old, new), old, new):
        print(line)
    return 0  # git stops at a non-zero exit of a diff driver


# ---------------------------------------------------------------------- git-setup
def command_line() -> str:
    """How git should call this program: the running interpreter with ``-m journeymap``."""
    return f"{shlex.quote(sys.executable)} -m journeymap"


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def _git_setup(*, global_: bool) -> int:
    try:
        probe = _git("rev-parse", "--show-toplevel")
    except OSError:
        return fail("git-setup: git is not installed (or not on PATH)")
    if not global_ and probe.returncode != 0:
        return fail("git-setup: not inside a git repository (use --global for every repository)")
    me = command_line()
    scope = "--global" if global_ else "--local"
    settings = {
        "diff.journeymap.textconv": f"{me} textconv",
        "diff.journeymap.command": f"{me} git-diff-driver",
        "merge.journeymap.name": "JourneyMap merge by entity id",
        "merge.journeymap.driver": f"{me} merge %O %A %B -o %A --name %P",
    }
    for key, value in settings.items():
        done = _git("config", scope, key, value)
        if done.returncode != 0:
            return fail(f"git-setup: git config {key} failed: {done.stderr.strip()}")
    if global_:
        found = _git("config", "--global", "--path", "core.attributesFile").stdout.strip()
        attributes = Path(found).expanduser() if found else _default_global_attributes()
    else:
        attributes = Path(probe.stdout.strip()) / ".gitattributes"
    added = _add_line(attributes, ATTRIBUTES_LINE)
    where = "your git config" if global_ else "this repository's git config"
    print(f"set the journeymap diff and merge drivers in {where}")
    print(f"{'added' if added else 'kept'} {ATTRIBUTES_LINE!r} in {attributes}")
    return 0


def _default_global_attributes() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "git" / "attributes"


def _add_line(path: Path, line: str) -> bool:
    from journeymap.core.storage import write_atomic

    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if line in text.splitlines():
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, (text + line + "\n").encode("utf-8"), backup=False)
    return True
