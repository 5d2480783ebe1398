"""Parallel runs: N local processes and a real Dask LocalCluster give the bytes one process
gives; the corpus is read lazily; a failing article or a wrong gazetteer is reported."""

from __future__ import annotations

import dataclasses
import itertools
import shutil
from pathlib import Path

import pytest

from geo.errors import CorpusError, GazetteerError
from geo.io.corpus import read_article
from geo.runner.parallel import PoolExecutor, Work, executor, in_order
from geo.runner.pipeline import PARQUET_DIR, run

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
COMPARED = ("events.geojson", "incidents.geojson", "places.geojson", "control.geojson", "events.csv", "summary.json")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, seeds_dir):
    folder = tmp_path_factory.mktemp("corpus")
    for path in sorted(EXAMPLES.glob("*.txt")) + sorted(seeds_dir.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("one")
    run([corpus], out, cache=False)
    return out


def same_outputs(a: Path, b: Path) -> None:
    for name in COMPARED:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_two_workers_give_the_bytes_one_gives(corpus, one_process, tmp_path):
    summary = run([corpus], tmp_path / "two", workers=2, cache=False)
    assert summary.processed == summary.articles == 19
    same_outputs(one_process, tmp_path / "two")


def test_dask_local_cluster_gives_the_same_bytes_and_geoparquet(corpus, one_process, tmp_path):
    distributed = pytest.importorskip("distributed")
    import geopandas

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "dask"
        summary = run([corpus], out, scheduler=cluster.scheduler_address, cache=False, progress=False)
        with distributed.Client(cluster) as client:  # both workers took part
            assert len(client.nthreads()) == 2
    assert summary.processed == 19
    same_outputs(one_process, out)
    table = geopandas.read_parquet(out / PARQUET_DIR)
    events = geopandas.read_file(one_process / "events.geojson")
    assert len(table) == len(events) == summary.events
    assert table.crs.to_epsg() == 4326
    assert sorted(table["event_id"]) == sorted(events["event_id"])
    assert table.geometry.notna().sum() == events.geometry.notna().sum()


def test_the_corpus_is_read_lazily(corpus):
    articles = [read_article(p) for p in sorted(corpus.glob("*.txt"))]
    pulled = 0

    def endless():
        nonlocal pulled
        for n in itertools.count():
            pulled += 1
            article = articles[n % len(articles)]
            yield Work(dataclasses.replace(article, id=f"{n:06d}_{article.id}"))

    with PoolExecutor(2) as ex:
        results = in_order(endless(), ex)
        first = [next(results) for _ in range(3)]
        results.close()
    assert [entry.article.id[:6] for entry, _ in first] == ["000000", "000001", "000002"]
    assert all(outcome.blob for _, outcome in first)
    assert pulled <= 2 * ex.window * ex.batch_size  # a few batches ahead, never the whole stream


def test_an_article_that_breaks_the_extractor_is_reported_not_fatal(corpus, tmp_path, monkeypatch):
    import geo.events.extract  # where each article's worker takes it from

    real = geo.events.extract.extract_events
    victim = sorted(p.name for p in corpus.glob("*.txt"))[2]

    def flaky(article, toponyms):
        if article.id == victim:
            raise ValueError("unexpected markup")
        return real(article, toponyms)

    monkeypatch.setattr(geo.events.extract, "extract_events", flaky)
    summary = run([corpus], tmp_path / "out", cache_dir=tmp_path / "cache")
    assert summary.articles == 18
    assert [(Path(s.path).name, s.problem) for s in summary.skipped] == [
        (victim, "internal error while processing: ValueError: unexpected markup")]
    with pytest.raises(CorpusError, match="unexpected markup"):
        run([corpus], tmp_path / "strict", strict=True, cache=False)
    # the failure was not cached: a fixed program processes that article again
    monkeypatch.setattr(geo.events.extract, "extract_events", real)
    again = run([corpus], tmp_path / "again", cache_dir=tmp_path / "cache")
    assert (again.processed, again.cached) == (1, 18)


def test_a_worker_with_another_gazetteer_refuses_to_work(corpus):
    article = read_article(sorted(corpus.glob("*.txt"))[0])
    with executor(1, fingerprint="made from other sources") as ex, \
            pytest.raises(GazetteerError, match="not the one the run uses"):
        list(in_order([Work(article)], ex))


def test_workers_must_be_positive(corpus, tmp_path, capsys):
    from geo.cli.main import main as territory

    with pytest.raises(SystemExit):
        territory(["run", str(corpus), "-o", str(tmp_path / "out"), "--workers", "0"])
    assert "must be a whole number of 1 or more" in capsys.readouterr().err
