"""Run the ``journeymap`` command in-process for tests: exit code, stdout and stderr."""

from __future__ import annotations

import pytest

from journeymap.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """``journeymap ARGS…`` as the shell would see it (argparse's exits become the code)."""
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
