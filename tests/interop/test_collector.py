"""The collector pause of imports, and the command line leaving its objects to the process end."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

from journeymap.core.collector import collector_paused

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "resources" / "examples" / "service-business.journeymap"


class _Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector could free it


def test_no_collection_meanwhile_and_what_was_made_goes_to_the_oldest_generation() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        made = [_Node() for _ in range(50_000)]
    assert gc.isenabled()
    assert gc.get_count()[0] < 700  # no young pass pending over the 50,000 objects
    oldest = {id(o) for o in gc.get_objects(generation=2) if type(o) is _Node}
    assert {id(o) for o in made} <= oldest
    assert gc.get_freeze_count() == 0


def test_a_pause_inside_a_pause_leaves_the_collector_off() -> None:
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_command_freezes_what_is_left_at_the_end_of_the_process() -> None:
    """A last collector pass over an imported map of 200,000 cards cost a second at exit."""
    code = (
        "import gc, sys\n"
        "from journeymap.cli import main\n"
        f"sys.argv = ['journeymap', 'info', {str(EXAMPLE)!r}]\n"
        "status = main()\n"
        "print(status, gc.get_freeze_count() > 1000)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.split()[-2:] == ["0", "True"]


def test_called_with_arguments_the_command_freezes_nothing() -> None:
    from journeymap.cli import main

    assert main(["info", str(EXAMPLE)]) == 0
    assert gc.get_freeze_count() == 0
