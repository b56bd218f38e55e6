"""Emotion from a measured score: only when asked, by the stated rule, with enough answers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from journeymap.core.fileformat import dumps, load, loads
from journeymap.core.measured import emotion_from_scores
from journeymap.measure import command, describe, measure


@pytest.mark.parametrize(("nps", "emotion"), [
    (100, 2), (50, 2), (49.9, 1), (20, 1), (19.9, 0), (-20, 0), (-20.1, -1), (-50, -1),
    (-50.1, -2), (-100, -2),
])
def test_nps_bands(nps: float, emotion: int) -> None:
    assert emotion_from_scores({"nps": nps, "nps_n": 10}) == (
        emotion, f"NPS {float(nps):g} from 10 answers".replace("-", "−"))


@pytest.mark.parametrize(("csat", "emotion"), [
    (100, 2), (90, 2), (89.9, 1), (75, 1), (74, 0), (60, 0), (59, -1), (40, -1), (39.9, -2),
])
def test_csat_bands_when_nps_is_missing_or_thin(csat: float, emotion: int) -> None:
    assert emotion_from_scores({"csat": csat, "csat_n": 12})[0] == emotion  # type: ignore[index]
    thin_nps = {"nps": 100, "nps_n": 9, "csat": csat, "csat_n": 12}
    assert emotion_from_scores(thin_nps)[0] == emotion  # type: ignore[index]


def test_too_few_answers_or_only_effort_sets_nothing() -> None:
    assert emotion_from_scores({"nps": 80, "nps_n": 9}) is None
    assert emotion_from_scores({"csat": 95, "csat_n": 3}) is None
    assert emotion_from_scores({"ces": 6.5, "ces_n": 400}) is None
    assert emotion_from_scores({}) is None


def _survey(path: Path) -> Path:
    # queue: 12 answers, 9 promoters and 1 detractor → NPS 66.7 → +2 (the card says −1).
    # door: 5 answers only → no emotion change.
    rows = ["touchpoint,nps"] + ["queue,10"] * 9 + ["queue,8", "queue,7", "queue,2"]
    rows += ["door,0"] * 5
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_command_sets_emotion_only_when_asked(small_map: dict[str, Any], tmp_path: Path) -> None:
    doc = loads(json.dumps(small_map))
    m = measure(doc, [_survey(tmp_path / "s.csv")])
    before = dumps(doc)
    command(doc, m).do(doc)
    assert doc.touchpoint("queue").emotion == -1
    doc = loads(before)
    lines = describe(doc, m, set_emotion=True)
    (queue,) = [line for line in lines if line.startswith('touchpoint "queue"')]
    assert "emotion −1 → +2 (NPS 66.7 from 12 answers)" in queue
    assert not any("emotion" in line for line in lines if line.startswith('touchpoint "door"'))
    step = command(doc, m, set_emotion=True)
    step.do(doc)
    assert doc.touchpoint("queue").emotion == 2
    assert doc.touchpoint("door").emotion is None
    step.undo(doc)
    assert dumps(doc) == before


def test_cli_set_emotion(small_map: dict[str, Any], tmp_path: Path) -> None:
    src = tmp_path / "m.journeymap"
    src.write_text(json.dumps(small_map), encoding="utf-8")
    out = tmp_path / "out.journeymap"
    run = subprocess.run([sys.executable, "-m", "journeymap", "measure", str(src),
                          str(_survey(tmp_path / "s.csv")), "-o", str(out), "--set-emotion"],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert "emotion −1 → +2" in run.stdout
    assert load(out).touchpoint("queue").emotion == 2


def test_output_written_even_when_the_reader_stops_early(
    small_map: dict[str, Any], tmp_path: Path
) -> None:
    src = tmp_path / "m.journeymap"
    src.write_text(json.dumps(small_map), encoding="utf-8")
    out = tmp_path / "out.journeymap"
    proc = subprocess.Popen([sys.executable, "-m", "journeymap", "measure", str(src),
                             str(_survey(tmp_path / "s.csv")), "-o", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    proc.wait(timeout=60)
    assert load(out).touchpoint("queue").metrics["nps_n"] == 12
