"""gixparse.dask on a LocalCluster of 2 worker processes writes the Parquet dataset
`gixparse batch` writes."""

from __future__ import annotations

import pytest

from gixparse.dataset import TABLES, batch

from .test_batch import _rows, compose

pytest.importorskip("dask.bag")
pytest.importorskip("pyarrow")
distributed = pytest.importorskip("distributed")


def test_dask_writes_the_dataset_batch_writes(tmp_path):
    import gixparse.dask as gd

    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    files = compose(inputs, 3) + compose(inputs / "sub", 2, start=20)
    (inputs / "sub" / "twin.txt").write_bytes(files[1].read_bytes())
    (inputs / "empty.txt").write_bytes(b"")
    batch([str(inputs)], str(tmp_path / "batch"), workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        counts = gd.to_parquet(str(inputs), str(tmp_path / "dask"), npartitions=2)
        reports = gd.frame(f"{inputs}/*.txt", kind="reports", npartitions=1).compute()
    assert counts["reports"] == 7
    for name in TABLES:
        assert _rows(tmp_path / "dask", name) == _rows(tmp_path / "batch", name), name
    assert sorted(reports["status"]) == ["no-report"] + ["ok"] * 3
    assert list(reports.columns) == [c.name for c in TABLES["reports"].columns]


def test_every_partition_of_a_frame_has_the_dtypes_of_its_meta(tmp_path):
    """An integer column keeps its type in a partition that holds a null (the year of an
    empty file) as in one that does not: Arrow dtypes, not float64 in one and int32 in
    the other."""
    import dask
    import pandas as pd
    import pyarrow as pa

    import gixparse.dask as gd

    compose(tmp_path, 2)
    (tmp_path / "empty.txt").write_bytes(b"")
    with dask.config.set(scheduler="synchronous"):
        frame = gd.frame(str(tmp_path), kind="reports", npartitions=2)
        parts = [p.compute() for p in frame.to_delayed()]
    assert len(parts) == 2 and sum(p["year"].isna().sum() for p in parts) == 1
    for part in parts:
        assert dict(part.dtypes) == dict(frame._meta.dtypes)
    assert frame._meta.dtypes["year"] == pd.ArrowDtype(pa.int32())
    assert frame._meta.dtypes["region_resolved"] == pd.ArrowDtype(pa.bool_())
