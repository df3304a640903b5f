"""The sheet-extent guard of analysis/reading/guard.py: the quick box test (every cell in A1:OJ9999)
and the exact measure it falls back to agree on what is refused."""
import pytest

from analysis.reading import guard
from tests.support import make_bad_files as m

FAR = "XFD1048576"
CASES = {  # extra sheet XML -> refused?
    '<row r="9999"><c r="OJ9999"><v>1</v></c></row>': False,  # the box's far corner
    '<row r="9999"><c r="A9999"><v>1</v></c><c r="OK9999"><v>1</v></c></row>': True,
    f'<row r="1048576"><c r="{FAR}" s="1"/></row>': False,  # a styled empty cell
    f'<row r="1048576"><x:c r="{FAR}"><v>1</v></x:c></row>': True,  # a namespace prefix
    '<row r="1048576"><c><v>1</v></c></row>': True,  # no r="..." on the cell
    f'<row r="1048576"><c s="1" r="{FAR}"><v>1</v></c></row>': True,  # r not first
    # a tag longer than the decompression chunk is never split (and so never missed)
    f'<row r="1048576"><c r="{FAR}" x="{"A" * (3 << 20)}"><v>1</v></c></row>': True,
}


@pytest.mark.parametrize("extra", CASES, ids=range(len(CASES)))
def test_far_cells_are_refused_and_near_ones_read(extra):
    too_big = guard.check_zip(m.xlsx(m.sheet_xml(m.TABLE, extra=extra)))
    assert bool(too_big) is CASES[extra]


def test_box_test_on_the_edges():
    assert guard.in_box(b'<row r="1"><c r="A1"><v>1</v></c><c r="OJ9999" s="2"/></row>')
    assert not guard.in_box(b'<row r="1"><c r="OK1"><v>1</v></c></row>')
    assert not guard.in_box(b'<row r="1"><c r="A10000"><v>1</v></c></row>')
    assert not guard.in_box(b'<c r="A1"')  # a tag cut at the end of a piece is still read
    assert guard.in_box(b"<cols><col min=\"1\"/></cols>")  # no cell at all
