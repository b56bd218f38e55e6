"""Projector mode on a 1280×720 and a 1920×1080 screen: text sized for the back of a room.

Each size runs in a process of its own, on an offscreen screen of that size (Qt's offscreen
platform reads its screens from a JSON file); the probe presses F11 and Esc like a user.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.layout import Style

PROBE = Path(__file__).with_name("projector_probe.py")
ROOT = Path(__file__).resolve().parents[3]


def _probe(tmp_path: Path, width: int, height: int) -> dict[str, Any]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "projector", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, str(PROBE)], capture_output=True, text=True,
                          timeout=120, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_projector_text_reads_from_the_back_of_the_room(
    tmp_path: Path, width: int, height: int
) -> None:
    seen = _probe(tmp_path, width, height)
    before, present, after = seen["before"], seen["present"], seen["after"]
    assert present["window"] == [width, height]
    assert present["fitted"] and not present["bars"]  # the whole map, both axes
    # every card title at least 14 px on screen, and still at least two lines of it
    assert min(present["title_px"]) >= 14.0, present["title_px"]
    assert min(present["cap_px"]) >= 9.5
    assert min(present["room_lines"]) >= 2 and max(present["lines"]) >= 2
    assert before["fitted"]  # the whole map in the window, as Ctrl+0 shows it: far smaller
    assert min(present["title_px"]) >= 1.4 * max(before["title_px"])
    # the link labels: most at about 11 px, none covering a card or another label
    labels = present["label_px"]
    assert statistics.median(labels) >= 10.5, labels
    assert sum(px >= 10.5 for px in labels) >= 0.6 * len(labels), labels
    assert present["labels_clear"]
    # the cards were laid out again for the room, also those of a map opened meanwhile
    assert present["card_w"] > Style().card_w
    reopened = seen["reopened"]
    assert reopened["title"] != present["title"]
    assert reopened["card_w"] > Style().card_w and reopened["fitted"]
    assert min(reopened["title_px"]) >= 14.0
    # and Esc puts everything back
    assert after["card_w"] == Style().card_w and max(after["title_px"]) < 14.0
    assert after["label_px"] == pytest.approx([10 * after["zoom"]] * len(after["label_px"]))
