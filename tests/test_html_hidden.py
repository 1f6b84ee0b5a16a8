"""Hidden elements: the cheap style test gives the regex's answer, and the walk skips them."""
from __future__ import annotations

import itertools
import random

from lxml import etree

from parsers.html import HtmlParser
from parsers.base import TableBlock, TextLine
from parsers.html.cues import HIDDEN_STYLE
from parsers.html.hidden import is_hidden, style_hides

# Words of the regex in every case a case-insensitive match accepts (İ, ı for "i", ſ for "s"),
# near misses, and the CSS a Word export prints around them.
_WORDS = ["display", "DISPLAY", "Display", "dİsplay", "dısplay", "diſplay", "dis play", "displa",
          "visibility", "VISIBILITY", "vİsibility", "visıbility", "viſibility", "visible",
          "none", "NONE", "None", "nOnE", "non", "hidden", "HIDDEN", "hİdden", "hıdden", "hid den",
          "border", "mso-border-alt", "text-decoration", "block", "inline", "collapse"]
_GLUE = [":", " : ", "\t:\u3000", "\xa0:\n", ";", " ", "", "-", ":\u2003"]


def _styles(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = [a + g + b for a, g, b in itertools.product(_WORDS, _GLUE, _WORDS)]
    for _ in range(n):
        out.append("".join(rnd.choice(_WORDS) + rnd.choice(_GLUE) for _ in range(rnd.randint(1, 8))))
    return out


def test_style_hides_is_the_regex():
    styles = _styles(20_000, 7)
    answers = [style_hides(s) for s in styles]
    assert answers == [HIDDEN_STYLE.search(s) is not None for s in styles]
    assert 1_000 < sum(answers) < len(styles) - 1_000  # both answers are well represented
    assert style_hides("VISİBILITY : hidden") and style_hides("dıSPLAY:none") and style_hides("diſplay:NONE")
    assert not style_hides("border:none;visibility:visible") and not style_hides("")


def _element(markup: str) -> etree._Element:
    return etree.fromstring(f"<html><body>{markup}</body></html>", etree.HTMLParser())[0][0]


def test_is_hidden_reads_the_attribute_and_the_style():
    assert is_hidden(_element("<p hidden>x</p>"))
    assert is_hidden(_element('<p HIDDEN="">x</p>'))
    assert is_hidden(_element('<p class="a" style="mso-x:1;DISPLAY:\tNone">x</p>'))
    assert is_hidden(_element('<p style="visıbility:hidden">x</p>'))
    assert not is_hidden(_element("<p>x</p>"))
    assert not is_hidden(_element('<p style="border:none;display:block" class="hidden">x</p>'))
    assert not is_hidden(_element('<p style="">x</p>'))


def test_hidden_lines_rows_and_cells_are_dropped_in_every_case_the_regex_accepts():
    page = ('<html><body><p>一、总体情况</p><p style="VISİBILITY : hidden">隐藏甲</p>'
            '<div style="border:none;dıSPLAY:none"><p>隐藏乙</p></div><p style="border:none">看得见</p>'
            '<table><tr><td>甲方</td><td style="diſplay:NONE">隐藏丙</td><td>乙方</td></tr>'
            '<tr style="display:none"><td>隐藏丁</td></tr><tr><td hidden>隐藏戊</td><td>1</td><td>2</td></tr>'
            '</table></body></html>')
    doc = HtmlParser().parse(page.encode())
    assert [b.text for b in doc.blocks if isinstance(b, TextLine)] == ["一、总体情况", "看得见"]
    grids = [[[c.text for c in row] for row in b.rows] for b in doc.blocks if isinstance(b, TableBlock)]
    assert grids == [[["甲方", "乙方"], ["1", "2"]]]
