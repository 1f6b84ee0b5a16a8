"""Section outlines that renumber or restyle the headings (parsers/sections.py,
templates/sections.toml): Markdown marks from converters, arabic numerals, table captions."""
import pytest

from parsers.sections import classify_heading
from tests.test_align import run


@pytest.mark.parametrize("line,number", [
    ("## 二、主动公开政府信息情况", 2),
    ("## **三、收到和处理政府信息公开申请情况**", 3),
    ("**四、政府信息公开行政复议、行政诉讼情况**", 4),
    ("1、总体情况", 1),
    ("2.主动公开政府信息情况", 2),
    ("表三 收到和处理政府信息公开申请情况", 3),
    ("五、政府信息公开工作存在的主要问题及改进情况", 5),
])
def test_outline_styles_are_headings(line, number):
    assert classify_heading(line)[0] == number


@pytest.mark.parametrize("line", [
    "### （二）收到和处理政府信息公开申请情况",  # a parenthesized sub-heading
    "1.属于国家秘密",  # a table row
    "1.主要问题是公开内容不够丰富，形式较为单一，下一步将加以改进。",  # a list item in prose
])
def test_rows_and_list_items_are_not_headings(line):
    assert classify_heading(line) is None


def test_markdown_report_sections_and_tables():
    text = ("## 一、总体情况\n本机关认真贯彻落实条例。\n## 二、主动公开政府信息情况\n"
            "| 数据1 | 数据2 | 数据3 | 数据4 |\n|---|---|---|---|\n| 规章 | 1 | 0 | 5 |\n\n"
            "### **三、收到和处理政府信息公开申请情况**\n"
            "| 数据1 | 数据2 | 数据3 | 数据4 | 数据5 | 数据6 | 数据7 | 数据8 |\n|---|---|---|---|---|---|---|---|\n"
            "| 一、本年新收政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n\n"
            "## 五、存在的主要问题及改进情况\n无。\n")
    res = run(text)
    assert [s["number"] for s in res.sections] == [1, 2, 3, 5]
    got = {(f["category"], f["applicant_type"]): f["count"] for f in res.facts}
    assert got[("active.regulations.issued", None)] == 1 and got[("active.regulations.in_force", None)] == 5
    assert got[("requests.new", "total")] == 2 and got[("requests.new", "natural_person")] == 2
