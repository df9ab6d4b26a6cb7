"""Encoding detection: BOMs, UTF-16/32, Chinese legacy encodings, and chardet's test files."""

from __future__ import annotations

import codecs
from collections import Counter
from pathlib import Path

import pytest

from desktop_search.extract.encoding import NotText, codec_name, decode_text

SAMPLE = "向量检索 vector search — naïve café\n第二行。\n"

# chardet's folder names -> the Python codec that decodes the files in them.
_FOLDER_CODECS = {
    "ibm855": "cp855",
    "ibm866": "cp866",
    "maccyrillic": "mac_cyrillic",
    "macroman": "mac_roman",
    "tis-620": "tis_620",
    "euc-tw": None,  # Python has no EUC-TW codec
}
CJK_FOLDERS = (
    "GB2312", "Big5", "EUC-JP", "SHIFT_JIS", "CP932", "EUC-KR", "CP949", "Johab",
    "iso-2022-jp", "iso-2022-kr",
)  # fmt: skip


def _folder_codec(folder: str) -> str | None:
    name = folder.lower()
    if name in _FOLDER_CODECS:
        return _FOLDER_CODECS[name]
    for language in ("-croatian", "-czech", "-hungarian", "-polish", "-slovak", "-slovene",
                     "-bulgarian", "-russian", "-arabic", "-greek", "-turkish", "-romanian",
                     "-hebrew"):  # fmt: skip
        name = name.replace(language, "")
    return name


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_marks(bom: bytes, codec: str) -> None:
    decoded = decode_text(bom + SAMPLE.encode(codec))
    assert decoded.text == SAMPLE


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_bom(codec: str) -> None:
    text = "Plain ASCII mostly, as Windows tools write it.\r\n" * 20
    assert decode_text(text.encode(codec)).text == text


@pytest.mark.parametrize("codec", ["gbk", "gb18030", "big5", "shift_jis", "euc-kr", "euc-jp"])
def test_cjk_legacy_encodings(codec: str) -> None:
    text = {
        "gbk": "向量数据库把文本变成向量，再按语义相似度检索。这是一个中文句子，用来测试编码。",
        "gb18030": "向量数据库把文本变成向量，再按语义相似度检索。这是一个中文句子，用来测试编码。",
        "big5": "向量資料庫把文字變成向量，再按語意相似度檢索。這是一個中文句子，用來測試編碼。",
        "shift_jis": "ベクトル検索は意味の近さで文書を探します。これは日本語の文章です。",
        "euc-jp": "ベクトル検索は意味の近さで文書を探します。これは日本語の文章です。",
        "euc-kr": "벡터 검색은 의미가 가까운 문서를 찾습니다. 이것은 한국어 문장입니다.",
    }[codec] * 3
    assert decode_text(text.encode(codec)).text == text


def test_gbk_file_matches_its_utf8_sibling(corpus: Path) -> None:
    gbk = (corpus / "zh" / "走进向量的世界-gbk编码.txt").read_bytes()
    utf8 = (corpus / "zh" / "走进向量的世界.txt").read_text(encoding="utf-8")
    decoded = decode_text(gbk)
    assert decoded.encoding in ("gb2312", "gbk", "gb18030")
    assert decoded.text == utf8


def test_declared_encoding_is_used_when_detection_is_unsure() -> None:
    data = "Grüße aus Köln".encode("cp1252")
    assert decode_text(data, declared="windows-1252").text == "Grüße aus Köln"
    assert decode_text(data, declared="x-unknown-label").text  # a bad label is no crash


def test_utf8_cut_mid_character_still_decodes() -> None:
    data = "中文文本".encode()[:-1]
    assert decode_text(data).text.startswith("中文文")


def test_iso_2022_jp() -> None:
    text = "日本語の文章です。ベクトル検索。"
    assert decode_text(text.encode("iso2022_jp")).text == text


@pytest.mark.parametrize(
    "data",
    [
        b"\x00\x01\x02\x03binary\x00\xff\xfe" * 50,
        bytes(range(256)) * 20,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    ],
)
def test_binary_is_not_text(data: bytes) -> None:
    with pytest.raises(NotText):
        decode_text(data)


def test_codec_names() -> None:
    assert codec_name("GB2312") == "gb2312"
    assert codec_name("x-sjis") == "shift_jis"
    assert codec_name("latin1") == "latin_1"
    assert codec_name("no-such-thing") is None


def test_chardet_corpus(messy: Path) -> None:
    """Every file whose folder names a Python codec; CJK must be (nearly) all right."""
    root = messy / "txt-encodings" / "chardet-tests" / "tests"
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        codec = _folder_codec(folder.name)
        if codec is None:
            continue
        for file in sorted(folder.iterdir()):
            data = file.read_bytes()
            truth = data.decode(codec).lstrip("\ufeff")
            try:
                got = decode_text(data).text
            except NotText:
                got = None
            total[folder.name] += 1
            if got == truth:
                right[folder.name] += 1
            else:
                misses.append(f"{folder.name}/{file.name}")
    n_right, n_total = sum(right.values()), sum(total.values())
    cjk_right = sum(right[f] for f in CJK_FOLDERS)
    cjk_total = sum(total[f] for f in CJK_FOLDERS)
    print(
        f"\nencoding detection: {n_right}/{n_total} files ({n_right / n_total:.1%}) overall, "
        f"{cjk_right}/{cjk_total} CJK ({cjk_right / cjk_total:.1%}); misses: {misses}"
    )
    assert n_total > 400
    assert cjk_total > 140
    for folder in ("GB2312", "Big5", "EUC-JP", "EUC-KR", "iso-2022-jp", "iso-2022-kr"):
        assert right[folder] == total[folder], f"{folder}: {right[folder]}/{total[folder]}"
    assert cjk_right / cjk_total >= 0.97
    assert n_right / n_total >= 0.93
