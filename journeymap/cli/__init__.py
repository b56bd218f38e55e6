"""The ``journeymap`` command: one module per family of commands; no arguments opens the editor.

Each module of :data:`FAMILIES` has ``add_commands(sub)``, which adds its sub-commands and
sets ``run`` on each to the function that takes the parsed arguments and returns the exit code.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from collections.abc import Sequence

from journeymap import __version__

#: the command families, in the order ``journeymap --help`` lists them
FAMILIES = (
    "journeymap.cli.maps", "journeymap.cli.exchange", "journeymap.cli.versions",
    "journeymap.cli.measure",
)


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    top = argparse.ArgumentParser(
        prog="journeymap",
        description="Customer journey maps: edit, check and inspect .journeymap files.",
        epilog="With no command, or with just a FILE, the editor opens.",
    )
    top.add_argument("--version", action="version", version=f"journeymap {__version__}")
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    for family in FAMILIES:
        importlib.import_module(family).add_commands(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    top = parser()
    subs = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    commands = set(subs.choices)
    if args_list and not args_list[0].startswith("-") and args_list[0] not in commands:
        args_list = ["edit", *args_list]
    if not args_list:
        args_list = ["edit"]
    args = top.parse_args(args_list)
    try:
        return int(args.run(args))
    except BrokenPipeError:
        return 0
    finally:
        if argv is None:
            # The process ends now: what the command built (an imported map of 200,000
            # cards, say) goes with it, without a last collector pass over every object.
            gc.freeze()
