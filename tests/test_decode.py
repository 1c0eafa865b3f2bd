"""Bytes to text: BOMs, UTF-8, a declared charset, then charset-normalizer."""

from __future__ import annotations

import codecs

import pytest

import gixparse
from gixparse.decode import decode
from gixparse.documents import sniff
from tests.conftest import SHARED, needs_shared
from tests.fixtures.documents.build import EXAMPLE, same_reading

ENCODINGS = ("gb18030", "utf-16", "utf-8-sig")


@pytest.mark.parametrize("encoding", ENCODINGS + ("utf-8", "utf-16-le-bom", "utf-16-be-bom", "gbk"))
def test_example_decodes_in_every_encoding(encoding):
    text = EXAMPLE.read_text(encoding="utf-8")
    if encoding.endswith("-bom"):
        codec = encoding[: -len("-bom")]
        data = (codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE) + text.encode(codec)
    else:
        data = text.encode(encoding)
    assert decode(data) == text
    assert same_reading(gixparse.parse(data), gixparse.parse(text)) == []


def test_declared_charset_is_used_when_it_decodes():
    data = '<meta charset="gb2312"><p>政府信息公开</p>'.encode("gb18030")
    assert sniff.declared_charset(data) == "gb2312"
    assert decode(data, "gb2312") == '<meta charset="gb2312"><p>政府信息公开</p>'


def test_a_false_declaration_is_not_trusted():
    data = "<meta charset=gbk><p>政府信息公开</p>".encode()  # the page lies: it is UTF-8
    assert decode(data, "gbk") == "<meta charset=gbk><p>政府信息公开</p>"


def test_undecodable_bytes_still_give_text():
    assert isinstance(decode(b"\xff\xfe\xfd\x80\x81"), str)
    assert isinstance(gixparse.parse(b"\x81\x30\x81"), gixparse.Report)


@needs_shared
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_seeds_parse_identically_in_each_encoding(encoding, tmp_path):
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    assert len(seeds) >= 5
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        data = text.encode(encoding)
        assert decode(data) == text.removeprefix("\ufeff"), path.name
        assert same_reading(gixparse.parse(data), gixparse.parse(text)) == [], path.name
        copy = tmp_path / path.name
        copy.write_bytes(data)
        assert same_reading(gixparse.parse_file(copy), gixparse.parse(text)) == [], path.name


@pytest.mark.parametrize("declared", ["windows-1252", "iso-8859-1", "cp1251", "koi8-r"])
def test_a_declared_single_byte_charset_does_not_beat_gb18030_content(declared):
    from gixparse.decode import decode

    text = "示例市生态环境局2023年政府信息公开工作年度报告"
    assert decode(text.encode("gb18030"), declared) == text
