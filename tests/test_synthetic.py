"""The synthetic map generator used by the benchmarks builds valid, deterministic maps."""

from __future__ import annotations

from pathlib import Path

from journeymap.core import fileformat

try:  # tests/ on sys.path (no tests/__init__.py) or the repository root on it
    from synthetic import make_map, write_map
except ImportError:  # pragma: no cover - depends on how pytest imports this folder
    from tests.synthetic import make_map, write_map


def test_make_map_round_trips_to_identical_bytes() -> None:
    doc = make_map(200)
    data = fileformat.dumps(doc)
    assert fileformat.dumps(fileformat.loads(data)) == data


def test_make_map_has_what_was_asked() -> None:
    doc = make_map(200, stages=6, lanes=4, improvements=7)
    assert doc.touchpoint_count == 200
    assert len(doc.stages) == 6 and len(doc.lanes) == 4
    assert len(doc.improvements) == 7
    assert {s.phase for s in doc.stages} == {"before", "during", "after"}
    links = doc.links()
    assert len(links) == round(1.3 * 200)
    assert {link.kind for link in links} == {"flow", "alternative", "return"}
    assert all(link.source != link.target for link in links)
    assert any(tp.emotion is None for tp in doc.touchpoints())
    for cards in doc.cells().values():
        assert [tp.slot for tp in cards] == list(range(len(cards)))


def test_make_map_is_deterministic_for_a_seed() -> None:
    first = fileformat.dumps(make_map(200, seed=3))
    assert fileformat.dumps(make_map(200, seed=3)) == first
    assert fileformat.dumps(make_map(200, seed=4)) != first


def test_small_and_empty_maps() -> None:
    assert make_map(0).touchpoint_count == 0
    assert make_map(1, stages=1, lanes=1).touchpoint_count == 1
    assert make_map(5, stages=2, lanes=1).touchpoint_count == 5


def test_write_map_saves_a_loadable_file(tmp_path: Path) -> None:
    path = tmp_path / "big.journeymap"
    doc = write_map(path, 50, seed=1)
    assert path.read_bytes() == fileformat.dumps(doc)
    assert fileformat.load(path).touchpoint_count == 50
