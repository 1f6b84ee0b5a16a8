"""What the HTML reader looks for, as data: tag roles, chrome selectors, report cues.

Editing these lists is how the reader learns a new site's habits; the code that uses them
(``html_walk``, ``html_body``) holds no site knowledge of its own.
"""
from __future__ import annotations

import re

# Never rendered as page text.
SKIP_TAGS = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "frame",
    "frameset", "object", "embed", "applet", "canvas", "map", "select", "option", "button",
    "textarea", "input", "audio", "video", "source", "track", "link", "meta",
})

# Elements whose boundaries end a line of text.
BLOCK_TAGS = frozenset({
    "html", "body", "div", "p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl",
    "dt", "dd", "article", "section", "main", "header", "footer", "nav", "aside", "form",
    "blockquote", "pre", "address", "center", "figure", "figcaption", "fieldset", "legend",
    "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "hr", "details",
    "summary", "dir", "menu",
})

# Blocks that become an empty line when they hold no text (a blank cell of a table that
# was flattened into one paragraph per cell is often an empty <p>).
EMPTY_LINE_TAGS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt"})

# Site chrome by element type.
CHROME_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})

# Site chrome by id/class: whole tokens (split on -, _, space, camelCase) …
CHROME_TOKENS = frozenset({
    "nav", "navbar", "navi", "navigation", "menu", "menus", "submenu", "breadcrumb",
    "breadcrumbs", "crumb", "crumbs", "footer", "foot", "sidebar", "side", "aside", "share",
    "sharing", "bdshare", "toolbar", "tools", "copyright", "banner", "header", "head",
    "topbar", "top", "bottom", "links", "friendlink", "related", "relate", "login", "search",
    "position", "location", "dqwz", "weizhi", "gotop", "print", "qrcode", "ewm", "comment",
    "comments", "pager", "pagination", "skip", "wza", "accessibility",
})
# … and substrings distinctive enough to match inside a longer name.
CHROME_SUBSTRINGS = ("breadcrumb", "crumb", "navbar", "menu", "footer", "sidebar", "bdshare",
                     "share", "copyright", "friendlink", "dqwz")

# Hidden by inline style.
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# Both words of one pair are in every style HIDDEN_STYLE finds (lower-cased; keep the two in
# step): the regex then runs only on those, not over every long style of a Word export.
HIDDEN_STYLE_WORDS = (("display", "none"), ("visibility", "hidden"))

# Field names of the disclosure-catalogue metadata box printed above articles.
META_KEYS = (
    "索引号", "发布机构", "发文机关", "发文机构", "发布日期", "成文日期", "发文日期", "文号",
    "发文字号", "主题分类", "信息分类", "体裁分类", "组配分类", "公开方式", "公开范围",
    "公开时限", "有效性", "生成日期", "所属机构", "信息来源", "主题词", "来源", "浏览次数",
)

# Phrases that only a disclosure annual report prints (headings and table labels); matched
# after removing whitespace.
REPORT_CUES = (
    "总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "行政复议、行政诉讼情况",
    "存在的主要问题及改进情况", "其他需要报告的事项", "本年制发件数", "本年废止件数", "现行有效件数",
    "本年新制作数量", "本年新公开数量", "对外公开总数量", "处理决定数量", "本年收费金额", "自然人",
    "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量", "本年度办理结果", "予以公开", "部分公开", "不予公开", "无法提供",
    "不予处理", "其他处理", "结转下年度继续办理", "行政复议", "行政诉讼", "结果维持", "结果纠正",
    "尚未审结", "未经复议直接起诉", "复议后起诉",
)

# A report must show at least this many cues before the reader narrows to a container.
MIN_REPORT_CUES = 3
# Chrome-looking elements that carry this many cues are kept (a site calling its article
# wrapper "main-side" must not lose the report).
CHROME_MAX_CUES = 2
# A metadata box is short.
META_MAX_CHARS = 1000

# Where the page title comes from, best first.
TITLE_META_NAMES = ("articletitle", "og:title", "title", "dc.title")
TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|——|—|-\s|\s-)\s*")
TITLE_WORD = "报告"
# Elements a title may stand in: headings, and these when their class names a title.
TITLE_TAGS = ("h1", "h2", "h3", "div", "p", "td", "span")
# Headings that mention 报告 but are section headings, not the title.
NOT_TITLE = re.compile(r"^[一二三四五六七八九十]+[、.．]|需要报告的事项")
