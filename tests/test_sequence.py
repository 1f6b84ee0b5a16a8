"""The global template-order alignment (parsers/sequence.py) on shredded PDF text and
misprinted labels: a row is told by the table's row order, its label and its sums, and a
cell is written only when every best alignment agrees."""
from parsers.alignment import align
from parsers.sequence import Group, align_groups, score_groups
from parsers.text import text_to_document
from parsers.sections import locate_sections
from parsers.tokens import tokenize_document
from tests.test_align import NEXT, REQ_HEAD, cells, run

HEAD = "三、收到和处理政府信息公开申请情况\n" + REQ_HEAD


def _rows(text: str):
    doc = text_to_document(text)
    return {r.spec.id: r for r in align(tokenize_document(doc, locate_sections(doc)), "2021").rows}


def test_values_printed_before_their_wrapped_label():
    """pdfplumber puts a row's numbers on the line before its three-line label."""
    text = (HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n"
            "4.无正当理由大量反复申请 0 0 0 0 0 0 0\n"
            "0 0 0 0 0 8 8\n"
            "5.要求行政机关确认或\n重新出具已获取信息\n"
            "（七）总计 3 0 0 0 0 0 3\n" + NEXT)
    res = run(text)
    assert cells(res, "requests.not_processed.excessive") == [0] * 7
    assert cells(res, "requests.not_processed.confirmation") == [0, 0, 0, 0, 0, 8, 8]
    rows = _rows(text)
    assert {c.placement for c in rows["requests.not_processed.confirmation"].cells} == {"sequence"}
    assert {c.placement for c in rows["requests.not_processed.excessive"].cells} == {"position"}


def test_row_with_no_label_between_two_labelled_rows():
    """The label of 2.重复申请 was lost; its row stands between 1. and 3., the only place left."""
    text = (HEAD + "1.信访举报投诉类申请 0 0 0 0 0 0 0\n"
            "1 0 0 0 0 0 1\n"
            "3.要求提供公开出版物 2 0 0 0 0 0 2\n" + NEXT)
    assert cells(run(text), "requests.not_processed.repeated") == [1, 0, 0, 0, 0, 0, 1]


def test_row_with_no_label_and_two_places_is_left_out():
    """Two rows without labels, one printed row of values: which one cannot be told."""
    text = (HEAD + "1.信访举报投诉类申请 0 0 0 0 0 0 0\n"
            "1 0 0 0 0 0 1\n"
            "4.无正当理由大量反复申请 2 0 0 0 0 0 2\n" + NEXT)
    res = run(text)
    assert cells(res, "requests.not_processed.repeated") is None
    assert cells(res, "requests.not_processed.publication") is None
    assert cells(res, "requests.not_processed.excessive") == [2, 0, 0, 0, 0, 0, 2]
    assert res.status == "partial" and "could stand in more than one row" in res.error


def test_row_with_no_label_whose_sums_fail_is_not_placed():
    """Values with no label are placed by the sequence only where the row's sums hold."""
    text = (HEAD + "1.信访举报投诉类申请 0 0 0 0 0 0 0\n"
            "1 0 0 0 0 0 2\n"
            "3.要求提供公开出版物 2 0 0 0 0 0 2\n" + NEXT)
    res = run(text)
    assert cells(res, "requests.not_processed.repeated") is None
    assert "fit no row of the table and were not read" in res.error


def test_lone_page_number_after_a_full_row_is_said():
    text = (HEAD + "一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n2\n"
            "二、上年结转政府信息公开申请数量 0 0 0 0 0 0 0\n" + NEXT)
    res = run(text)
    assert cells(res, "requests.new") == [3, 0, 0, 0, 0, 0, 3]
    assert cells(res, "requests.carried_over") == [0] * 7
    assert res.status == "partial" and "'2'" in res.error and "not read" in res.error


def test_glued_digits_are_said_and_marked_sums():
    res = run(HEAD + "一、本年新收政府信息公开申请数量\t1000001\n" + NEXT)
    assert cells(res, "requests.new") == [1, 0, 0, 0, 0, 0, 1]
    assert "'1000001' was read as 7 cells 1 0 0 0 0 0 1" in res.error
    rows = _rows(HEAD + "一、本年新收政府信息公开申请数量\t1000001\n" + NEXT)
    assert {c.placement for c in rows["requests.new"].cells} == {"sums"}


MISPRINTED = [
    "一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3",
    "1.属于国家秘密\t0\t0\t0\t0\t0\t0\t0",
    "2.其他法律行政止公开\t1\t0\t0\t0\t0\t0\t1",  # a dropped character
    "7.属于行政执法案件\t2\t0\t0\t0\t0\t0\t2",  # a different word
    "5.要求行政机关确认或重 新出具已获取信息\t0\t0\t0\t0\t0\t0\t0",  # a stray space
]


def test_misprinted_labels_are_their_rows():
    res = run(HEAD + "\n".join(MISPRINTED) + "\n" + NEXT)
    assert cells(res, "requests.denied.prohibited_by_law") == [1, 0, 0, 0, 0, 0, 1]
    assert cells(res, "requests.denied.enforcement_file") == [2, 0, 0, 0, 0, 0, 2]
    assert cells(res, "requests.not_processed.confirmation") == [0] * 7
    rows = _rows(HEAD + "\n".join(MISPRINTED) + "\n" + NEXT)
    assert {c.placement for c in rows["requests.denied.enforcement_file"].cells} == {"sequence"}


def test_near_miss_out_of_its_place_is_not_read():
    """A near miss of 1.属于国家秘密's neighbour printed after row 3: not where that row stands."""
    text = (HEAD + "3.危及“三安全一稳定” 0 0 0 0 0 0 0\n"
            "2.其他法律行政止公开\t1\t0\t0\t0\t0\t0\t1\n" + NEXT)
    res = run(text)
    assert cells(res, "requests.denied.prohibited_by_law") is None
    assert "out of the table's row order" in res.error


def test_a_label_near_two_rows_is_none():
    from parsers.vocab import vocabulary
    vocab = vocabulary("2021")
    assert vocab.near_miss("2.其他法律行政止公开").id == "requests.denied.prohibited_by_law"
    assert vocab.near_miss("属于行政执法案件").id == "requests.denied.enforcement_file"
    assert vocab.near_miss("本年度工作总结") is None
    assert vocab.near_miss("4.其他法律行政止公开") is None  # a different number is a different row


def test_alignment_requires_a_unique_best():
    rows = ["a", "b", "c"]
    cells = {"a": 3, "b": 3, "c": 3}
    tok = object()
    labelled = Group(tokens=[tok] * 3, label_row="a", n_values=3)
    loose = Group(tokens=[tok] * 3, n_values=3)
    score_groups([labelled, loose], rows, cells, lambda g, r: True)
    out = align_groups([labelled, loose], rows)
    assert out.assigned == {0: "a"} and out.uncertain == [1]
    last = Group(tokens=[tok] * 3, label_row="c", n_values=3)
    score_groups([labelled, loose, last], rows, cells, lambda g, r: True)
    out = align_groups([labelled, loose, last], rows)
    assert out.assigned == {0: "a", 1: "b", 2: "c"}


def test_a_doubted_group_keeps_its_row_but_is_not_written():
    """A group the caller doubts (a lone number that may be a page number …) is left out with
    the doubt's sentence, and still holds its row: the label-less group after it, which could
    stand in that row too, does not take it."""
    rows = ["a", "b"]
    cells = {"a": 3, "b": 3}
    tok = object()
    labelled = Group(tokens=[tok] * 3, label_row="a", n_values=3)
    loose = Group(tokens=[tok] * 3, n_values=3)
    groups = [labelled, loose]
    score_groups(groups, rows, cells, lambda g, r: True)
    out = align_groups(groups, rows, lambda i, r: "cut off" if (i, r) == (0, "a") else None)
    assert out.doubted == {0: "cut off"} and out.assigned == {1: "b"} and out.uncertain == []
    out = align_groups(groups, rows)
    assert out.assigned == {0: "a", 1: "b"} and out.doubted == {}


def test_a_group_after_a_bare_label_out_of_order_is_doubted():
    """A bare label of row c printed right before the label of row b, which the template puts
    first ("（七）总计" / "3.其他" / numbers): no alignment keeps both, and the numbers after the two
    labels may be c's, so b's group is doubted (left out, said) where they could stand in c —
    and not where they could not, where the bare label stands in the template's order, or
    where something else (prose) closed it."""
    rows = ["a", "b", "c"]
    cells = {"a": 3, "b": 3, "c": 3}
    tok = object()

    def outcome(first: str, second: str, fits_bare: bool, closed_by_label: bool = True):
        groups = [Group(tokens=[tok] * 3, label_row="a", n_values=3),
                  Group(tokens=[], label_row=first, closed_by_label=closed_by_label),
                  Group(tokens=[tok] * 3, label_row=second, n_values=3)]
        fits = lambda g, r: fits_bare or r == g.label_row  # noqa: E731
        score_groups(groups, rows, cells, fits)
        return align_groups(groups, rows, lambda i, r: None, fits)

    out = outcome("c", "b", True)
    assert out.assigned == {0: "a"} and out.strays == [1] and list(out.doubted) == [2]
    assert "its label follows the label of row c" in out.doubted[2]
    out = outcome("c", "b", False)  # the numbers cannot stand in c's row: b's
    assert out.assigned == {0: "a", 2: "b"} and out.doubted == {}
    out = outcome("b", "c", True)  # in the template's order: b all blank, the numbers c's
    assert out.assigned == {0: "a", 1: "b", 2: "c"} and out.doubted == {}
    out = outcome("c", "b", True, closed_by_label=False)  # c named in prose before the table: b's
    assert out.assigned == {0: "a", 2: "b"} and out.doubted == {}
