"""``journeymap measure``: dry run, writing, refusals, and a measured map in every exporter."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from clirun import run_cli as run

from journeymap.core.fileformat import load
from journeymap.interop.formats import EXPORTS
from journeymap.resources import example

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from eventlogs import write_events_csv, write_survey_csv  # noqa: E402

MAP = example("ecommerce-first-order")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("data")
    doc = load(MAP)
    write_events_csv(folder / "events.csv", doc, events_wanted=5_000, seed=3)
    write_survey_csv(folder / "survey.csv", doc, 300, seed=3)
    return folder / "events.csv", folder / "survey.csv"


def test_without_output_prints_and_writes_nothing(
    data: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(capsys, "measure", str(MAP), *map(str, data))
    assert code == 0, err
    assert 'touchpoint "payment"' in out and "nps" in out and "cases" in out
    assert "deviations" in out and "contact volume by channel" in out
    assert "names in the data that match no touchpoint" in out
    assert out.rstrip().endswith("nothing written (name the output with -o)")
    assert list(tmp_path.iterdir()) == []


def test_output_is_a_measured_version_2_map(
    data: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "measured.journeymap"
    code, _, err = run(capsys, "measure", str(MAP), *map(str, data), "-o", str(out),
                       "--add-deviations")
    assert code == 0, err
    doc = load(out)
    assert json.loads(out.read_text())["version"] == 2
    assert [(s.name, s.kind) for s in doc.sources] == [("events.csv", "events"),
                                                       ("survey.csv", "survey")]
    assert all("/" not in s.name for s in doc.sources)
    assert doc.touchpoint("payment").metrics["nps_n"] > 0
    assert doc.touchpoint("payment").evidence == "observed"
    assert any(link.metrics.get("deviation") == 1 for link in doc.links())
    assert code == 0
    again, _, err = run(capsys, "measure", str(MAP), str(data[1]), "-o", str(out))
    assert again == 1 and err == f'journeymap: "{out}" already exists; use --force to replace it\n'
    onto, _, err = run(capsys, "measure", str(out), str(data[1]), "-o", str(out), "--force")
    assert onto == 1 and f'it is the input "{out}"; name another output file' in err
    link = tmp_path / "link.journeymap"
    link.symlink_to(out)
    before = out.read_bytes()
    onto, _, err = run(capsys, "measure", str(out), str(data[1]), "-o", str(link), "--force")
    assert onto == 1 and "it is the input" in err and out.read_bytes() == before
    fifo = tmp_path / "fifo.journeymap"
    os.mkfifo(fifo)
    code, _, err = run(capsys, "measure", str(MAP), str(data[1]), "-o", str(fifo), "--force")
    assert code == 1 and err == f'journeymap: cannot write "{fifo}": it is a named pipe (FIFO)\n'
    code, _, err = run(capsys, "measure", str(MAP), str(data[1]), "--suggest-mapping",
                       str(data[1]))
    assert code == 1 and f'will not write the mapping file "{data[1]}": it is the input' in err


def test_bad_data_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "survey.csv"
    bad.write_text("touchpoint,nps\npayment,9\npayment,11\n")
    out = tmp_path / "out.journeymap"
    code, _, err = run(capsys, "measure", str(MAP), str(bad), "-o", str(out))
    assert code == 1
    assert err.strip() == ('journeymap: survey.csv: row 3, column "nps": expected a whole number '
                           "from 0 to 10 (NPS), got '11' (the map was not changed)")
    assert not out.exists()


def test_measured_map_goes_through_every_exporter(
    data: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    measured = tmp_path / "m.journeymap"
    assert run(capsys, "measure", str(MAP), *map(str, data), "-o", str(measured))[0] == 0
    for fmt in EXPORTS:
        target = tmp_path / f"out{fmt.suffix}"
        code, _, err = run(capsys, "export", str(measured), str(target))
        assert code == 0, (fmt.suffix, err)
        assert target.stat().st_size > 0
    for suffix in (".csv", ".xlsx", ".mmd"):
        back = tmp_path / f"back{suffix}.journeymap"
        code, _, err = run(capsys, "import", str(tmp_path / f"out{suffix}"), str(back))
        assert code == 0, err
        assert load(back).touchpoint_count == load(measured).touchpoint_count
    graphml = (tmp_path / "out.graphml").read_text(encoding="utf-8")
    assert "metric_share" in graphml and "observed" in graphml


def test_the_step_is_built_once_and_what_it_printed_is_what_it_wrote(
    data: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The preview and the write share one step: its field copies are made once, not twice."""
    import journeymap.measure as measure_api

    built: list[object] = []
    real = measure_api.command

    def counting(*args: object, **kwargs: object) -> object:
        built.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return built[-1]

    monkeypatch.setattr(measure_api, "command", counting)
    monkeypatch.setattr(measure_api.result, "command", counting)  # describe's own use
    out = tmp_path / "measured.journeymap"
    code, printed, err = run(capsys, "measure", str(MAP), *map(str, data), "-o", str(out),
                             "--add-deviations", "--set-emotion")
    assert code == 0, err
    assert len(built) == 1
    doc = load(out)
    assert doc.touchpoint("payment").metrics["nps_n"] > 0
    assert 'touchpoint "payment"' in printed
    assert any(link.metrics.get("deviation") == 1 for link in doc.links())
    assert "new link" in printed
