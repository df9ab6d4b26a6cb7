"""Tables of contents and index pages are told from prose by their shape alone."""

from __future__ import annotations

import pytest

from desktop_search.text.navigation import is_navigation, navigation_score

TOC_ZH = """Contents
A 关于 FAQ 5
1 CTEX 是干什么的？ . . . . . . . . . . . . . . . . . . . . . . . . . 5
2 CTEX 网站包括几个部分？ . . . . . . . . . . . . . . . . . . . . . 5
3 这个 FAQ 的目的是什么？ . . . . . . . . . . . . . . . . . . . . . 5
B 基本概念 5
5 什么是 TEX？ . . . . . . . . . . . . . . . . . . . . . . . . . . . . 5"""

BACK_INDEX = """\\ttl@labelling . . . . . . . . . . . . 3457
\\microtypecontext . . . . . . . . . 21, 33
microtype-show (package) . . . . . . 26, 32
literate . . . . . . . . . . . . . . . . 50"""

PAGE_RUNS = """shade 12, 34–36
shading 40
shadow 7, 9
sharp 101
shell escape 88
shift 3, 5, 8"""

GENERATED = (
    "option -m ast command line option command line option pickletools command line option "
    "trace command line option zipapp command line option -n timeit command line option -O "
    "command line option -o compileall command line option pickletools command line option "
    "zipapp command line option -OO command line option -P command line option -p compileall "
    "command line option pickletools command line option timeit command line option"
)

LINKS = (  # a web page's link list (extract/html.py joins its entries with " · ")
    "Text Processing Services\nThe modules described in this chapter provide string "
    "operations.\nstring — Common string operations · String constants · ascii_letters · "
    "Custom String Formatting · Formatter · Formatter.format() · Format String Syntax · "
    "Template strings · Template.substitute() · Helper functions · capwords() · re — Regular "
    "expression operations · Regular Expression Syntax · Module Contents · Flags · compile()"
)
NAMES = "列夫·托尔斯泰和费奥多尔·陀思妥耶夫斯基都写过长篇小说。 A · B is a product, not a list."

PROSE_EN = (
    "Ownership is a set of rules that govern how a Rust program manages memory. All programs "
    "have to manage the way they use a computer's memory while running. Some languages have "
    "garbage collection that regularly looks for no-longer-used memory as the program runs; "
    "in other languages, the programmer must explicitly allocate and free the memory."
)
PROSE_ZH = "本文的大部分内容都来自于 CTEX 论坛上的讨论。版本号为 0.4，一共收录有 89 个问题。"
CODE = """fn main() {
    let s1 = String::from("hello");
    let s2 = s1;
    println!("{s1}, world!");
}"""
SCORES = """'我喜欢吃苹果' vs '香蕉是一种热带水果': 0.823
'苹果公司9月要发布新手机' vs '今天的天气真好': 0.642
'我喜欢吃苹果' vs '今天的天气真好': 0.512
Calc A1
Excel A1
Excel R1C1"""


@pytest.mark.parametrize("text", [TOC_ZH, BACK_INDEX, PAGE_RUNS, GENERATED, LINKS])
def test_navigation_is_recognised(text):
    assert is_navigation(text)


@pytest.mark.parametrize("text", [PROSE_EN, PROSE_ZH, CODE, SCORES, NAMES, ""])
def test_prose_code_and_data_are_not_navigation(text):
    assert not is_navigation(text)
    assert 0.0 <= navigation_score(text) < 0.5


def test_ellipses_in_prose_are_not_dot_leaders():
    """Chinese prose writes "......" or "……" for an ellipsis; no page number follows."""
    speech = (
        "几周之后，伊朗国王在接受采访时说：“[油价]当然会上涨......当然！这是怎么回事！......"
        "你们把出售给我们的小麦提价300％......所以，从现在开始，你们应该支付更高的价格……"
        "这样才是公平的……”"
    )
    assert not is_navigation(speech)
    assert is_navigation("第一章 总则……1\n第二章 定义……5\n第三章 附则……9")
