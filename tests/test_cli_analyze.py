"""``journeymap analyze``: the readable report, the JSON, and one sentence for a bad file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from clirun import run_cli

from journeymap.core.analysis.findings import FINDINGS
from journeymap.core.entities import Lane, Link, Stage, Touchpoint
from journeymap.core.fileformat import load, save
from journeymap.core.model import JourneyMap


def _write(path: Path, *, loop_length: int = 3) -> Path:
    """Start → a loop of ``loop_length`` cards → end; "lost" has no way in, "stuck" no way on."""
    doc = JourneyMap("CLI map")
    for i, name in enumerate(("Find", "Buy", "Use")):
        doc.add_stage(Stage(id=f"s{i}", name=name))
    doc.add_lane(Lane(id="l0", name="Customer"))
    doc.add_lane(Lane(id="l1", name="Staff"))
    doc.add_touchpoint(Touchpoint(id="start", title="Sees an ad", stage="s0", lane="l0", slot=0,
                                  emotion=1, channel="online_ads"))
    loop = [f"loop{i}" for i in range(loop_length)]
    for i, tp_id in enumerate(loop):
        doc.add_touchpoint(Touchpoint(id=tp_id, title=f"Step {i}", stage="s1", lane="l0", slot=i,
                                      emotion=-2 if i == 0 else None, channel="website",
                                      pain_points=["Slow"] if i == 0 else []))
    doc.add_touchpoint(Touchpoint(id="stuck", title="Gives up", stage="s1", lane="l1", slot=0))
    doc.add_touchpoint(Touchpoint(id="lost", title="Never reached", stage="s2", lane="l1",
                                  slot=0))
    doc.add_touchpoint(Touchpoint(id="end", title="Uses it", stage="s2", lane="l0", slot=0,
                                  emotion=2))
    doc.add_link(Link(source="start", target=loop[0]))
    for a, b in zip(loop, [*loop[1:], loop[0]], strict=True):
        doc.add_link(Link(source=a, target=b))
    doc.add_link(Link(source=loop[-1], target="end"))
    doc.add_link(Link(source="start", target="stuck"))
    out = path / "cli.journeymap"
    save(doc, out, backup=False)
    return out


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    return run_cli(capsys, "analyze", *args)


def test_the_readable_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(_write(tmp_path)))
    assert code == 0 and err == ""
    assert out.startswith("Journey insights: CLI map\n")
    assert "Entries (1)\n  start  Sees an ad\n" in out
    assert "Unreachable touchpoints (1)\n  lost  Never reached\n" in out
    assert "Dead ends (1)\n  stuck  Gives up\n" in out
    assert "Worst path\n  Mean emotion −0.67 over 3 touchpoints (total −2):\n" in out
    assert "Step 0 (−2) → Step 1 (–) → Step 2 (–)\n" in out
    assert "Best path\n  Mean emotion +0.67 over 3 touchpoints (total +2):\n" in out
    assert "Step 1 (–) → Step 2 (–) → Uses it (+2)\n" in out
    assert "No empty stages." in out and "No empty lanes." in out
    assert "1 × Online ads → Website" in out
    assert "loop0  Step 0: Slow" in out
    assert "truncated" not in out


def test_json_has_exactly_the_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, str(_write(tmp_path)), "--json")
    assert code == 0 and err == ""
    data: dict[str, Any] = json.loads(out)
    assert tuple(data) == FINDINGS
    assert data["entries"] == ["start"] and data["dead_ends"] == ["stuck"]
    assert data["loops"] == [{
        "touchpoints": ["loop0", "loop1", "loop2"], "circle": True, "links": 3,
        "closing_links": [{"source": "loop2", "target": "loop0"}],
    }]
    # the loop's way back (loop2 → loop0) is not a forward link
    assert data["worst_path"] == {
        "touchpoints": ["loop0", "loop1", "loop2"], "total_emotion": -2, "mean_emotion": -0.667,
    }
    assert data["moments_of_truth"][0]["id"] == "loop0"
    assert data["channel_switches"]["counts"] == [
        {"from": "online_ads", "to": "website", "count": 1}
    ]


def test_a_long_loop_is_listed_whole_and_nothing_is_truncated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, str(_write(tmp_path, loop_length=12)), "--json")
    assert code == 0 and err == ""
    loops = json.loads(out)["loops"]
    assert [loop["touchpoints"] for loop in loops] == [[f"loop{i}" for i in range(12)]]
    code, out, err = _run(capsys, str(tmp_path / "cli.journeymap"))
    assert err == "" and "truncated" not in out
    chain = " → ".join(f"Step {i} ({'−2' if i == 0 else '–'})" for i in [*range(12), 0])
    assert f"Loops (1)\n  {chain}\n" in out


def test_a_tangled_loop_is_one_group_with_its_closing_links(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, loop_length=4)
    doc = load(path)
    doc.add_link(Link(source="loop3", target="loop1"))  # a second circle inside the first
    save(doc, path, backup=False)
    code, out, _ = _run(capsys, str(path), "--json")
    assert json.loads(out)["loops"] == [{
        "touchpoints": ["loop0", "loop1", "loop2", "loop3"], "circle": False, "links": 5,
        "closing_links": [{"source": "loop3", "target": "loop0"},
                          {"source": "loop3", "target": "loop1"}],
    }]
    code, out, _ = _run(capsys, str(path))
    assert ("Loops (1)\n  4 touchpoints tied by 5 links: Step 0, Step 1, Step 2, Step 3; "
            "closed by 2 links going back: Step 3 → Step 0, Step 3 → Step 1\n") in out


@pytest.mark.parametrize("content", [None, "{not json", '{"format": "journeymap"}'])
def test_a_bad_map_gives_one_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None
) -> None:
    path = tmp_path / "bad.journeymap"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, out, err = _run(capsys, str(path))
    assert code == 1 and out == ""
    assert err.startswith(f"journeymap: {path}: ") and err.count("\n") == 1
    assert "Traceback" not in err
