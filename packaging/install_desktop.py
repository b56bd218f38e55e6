#!/usr/bin/env python3
"""Register JourneyMap with the desktop for the current user (no root needed).

Installs the desktop entry, the MIME type for ``*.journeymap`` files, the icons and the
AppStream metainfo under ``${XDG_DATA_HOME:-~/.local/share}``, then refreshes the desktop's
caches, so that JourneyMap appears in the application menu and opening a ``.journeymap``
file from a file manager opens it in the editor. Run it again to update; ``--uninstall``
removes exactly what it installed. Standard library only: any Python 3.8+ runs it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
ICONS = ROOT / "resources" / "icons"

APP_ID = "io.github.journeymap.JourneyMap"
DESKTOP_FILE = "journeymap.desktop"
MIME_TYPE = "application/x-journeymap+json"
PROGRAM = "journeymap-editor"

# source → destination relative to the data home
FILES = {
    LINUX / DESKTOP_FILE: Path("applications") / DESKTOP_FILE,
    LINUX / "journeymap-mime.xml": Path("mime") / "packages" / "journeymap-mime.xml",
    LINUX / f"{APP_ID}.metainfo.xml": Path("metainfo") / f"{APP_ID}.metainfo.xml",
    ICONS / "journeymap.svg": Path("icons") / "hicolor" / "scalable" / "apps" / "journeymap.svg",
    ICONS / "application-x-journeymap+json.svg": (
        Path("icons") / "hicolor" / "scalable" / "mimetypes" / "application-x-journeymap+json.svg"
    ),
}


def data_home() -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset or not absolute (XDG spec)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


def exec_quote(argument: str) -> str:
    """ARGUMENT as one word of a desktop entry's Exec key (Desktop Entry spec, "The Exec key")."""
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    if argument and not reserved & set(argument):
        word = argument
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        word = f'"{escaped}"'
    # The Exec value is itself a desktop-entry string, where a backslash is written twice.
    return word.replace("\\", "\\\\")


def desktop_entry(program: str) -> str:
    """The desktop entry text, with Exec and TryExec pointing at PROGRAM."""
    lines = []
    for line in (LINUX / DESKTOP_FILE).read_text(encoding="utf-8").splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_quote(program)} %f"
        elif line.startswith("TryExec="):
            line = f"TryExec={program.replace(chr(92), chr(92) * 2)}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def refresh(home: Path, *, quiet: bool) -> None:
    """Rebuild the MIME, desktop and icon caches with whichever tools this system has."""
    steps = [
        ("update-mime-database", [str(home / "mime")]),
        ("update-desktop-database", ["-q", str(home / "applications")]),
        ("gtk-update-icon-cache", ["-q", "-f", "-t", str(home / "icons" / "hicolor")]),
    ]
    for tool, args in steps:
        path = shutil.which(tool)
        if path is None:
            if not quiet:
                print(f"  (skipped {tool}: not installed; the desktop rebuilds it at next login)")
            continue
        done = subprocess.run([path, *args], capture_output=True, text=True)
        if done.returncode != 0:
            print(f"  warning: {tool} failed: {done.stderr.strip()}", file=sys.stderr)
        elif not quiet:
            print(f"  ran {tool}")


def install(home: Path, program: str, *, quiet: bool) -> None:
    for source, target in FILES.items():
        destination = home / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if source.name == DESKTOP_FILE:
            text = desktop_entry(program)
            temporary = destination.with_name(destination.name + ".tmp")
            temporary.write_text(text, encoding="utf-8")
            os.replace(temporary, destination)
        else:
            shutil.copyfile(source, destination)
        if not quiet:
            print(f"  {destination}")
    refresh(home, quiet=quiet)


def uninstall(home: Path, *, quiet: bool) -> None:
    for target in FILES.values():
        destination = home / target
        if destination.exists():
            destination.unlink()
            if not quiet:
                print(f"  removed {destination}")
    refresh(home, quiet=quiet)


def check_program(program: str) -> str | None:
    """A sentence saying what to do when PROGRAM cannot be started, else None."""
    if os.sep in program:
        if os.access(program, os.X_OK) and Path(program).is_file():
            return None
        return f"{program} is not an executable file."
    if shutil.which(program):
        return None
    advice = [
        f"'{program}' is not on PATH, so the menu entry will stay hidden until it is. Either:",
        f"  pipx install {ROOT}        (puts {program} in ~/.local/bin)",
    ]
    venv_program = ROOT / ".venv" / "bin" / program
    if venv_program.is_file():
        advice.append(f"  or run this again with --exec {venv_program}")
    else:
        advice.append(f"  or run this again with --exec /path/to/{program} (or a frozen build)")
    return "\n".join(advice)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Register JourneyMap (menu entry, .journeymap file type, icons, metainfo) "
        "for the current user, under $XDG_DATA_HOME (default ~/.local/share).",
    )
    parser.add_argument("--uninstall", action="store_true", help="remove what install added")
    parser.add_argument(
        "--exec", dest="program", default=PROGRAM, metavar="PROGRAM",
        help=f"the program the menu entry starts (default: {PROGRAM} from PATH); for example "
        "a virtual environment's bin/journeymap-editor or a frozen journeymap.bin",
    )
    parser.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    args = parser.parse_args(argv)

    home = data_home()
    if args.uninstall:
        if not args.quiet:
            print(f"Removing JourneyMap's desktop integration from {home}")
        uninstall(home, quiet=args.quiet)
        return 0

    program = args.program
    if os.sep in program:
        program = str(Path(program).expanduser().resolve())
    if not args.quiet:
        print(f"Installing JourneyMap's desktop integration into {home}")
    install(home, program, quiet=args.quiet)
    problem = check_program(program)
    if problem:
        print(problem, file=sys.stderr)
    elif not args.quiet:
        print(f"Done: open a .journeymap file from the file manager, or find JourneyMap in the "
              f"menu (it starts {program}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
