"""Reading in a bounded worker (analysis.reading.isolated): a file that makes the native reader
abort or exhaust memory costs the caller nothing but a Vietnamese ReadError naming the file.

The crash fixtures (tests/fixtures/crash/, written by tests/support/make_crash_files.py) are
NEVER read in this process: "before" runs them through the bare reader in a subprocess capped
at 2 GB of address space and 20 s of CPU; the guard refuses them, shown in a capped subprocess
and through `read_isolated`. A native abort past the guard is made with a worker given less
memory than a sheet the guard lets through.
"""
import importlib.util
import pickle
import resource
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis.errors import ReadError
from analysis.reading import isolated
from analysis.reading.isolated import parse_isolated, read_isolated
from analysis.reading.parse import parse_bytes
from tests.support import make_bad_files, make_crash_files

ROOT = Path(__file__).resolve().parents[2]
CRASH = ROOT / "tests" / "fixtures" / "crash"
BAD = ROOT / "tests" / "fixtures" / "bad"
SAMPLES = ROOT / "sample_uploads"
SAMPLE_FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".xls", ".ods", ".csv"))
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
CAP_BYTES = 2 * 1024 ** 3

BARE_READ = """
import io, sys
from python_calamine import CalamineWorkbook
wb = CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], "rb").read()))
for name in wb.sheet_names:
    wb.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=100_000)
"""


def _cap() -> None:  # in the capped "before" subprocess: this machine is shared
    resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))
    resource.setrlimit(resource.RLIMIT_CPU, (20, 21))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _province_csv(rows: int) -> bytes:
    lines = ["TT;Tên cơ quan, đơn vị;Văn bản đi;Số văn bản ký số"]
    lines += [f"{k};UBND xã Số {k};{20 + k % 7};{18 + k % 5}" for k in range(1, rows + 1)]
    return ("\n".join(lines) + "\n").encode()


def test_crash_fixtures_are_what_the_script_writes_and_small():
    written = make_crash_files.files()
    assert sorted(written) == sorted(p.name for p in CRASH.iterdir())
    for name, data in written.items():
        assert (CRASH / name).read_bytes() == data, \
            f"{name}: run python -m tests.support.make_crash_files"
        assert len(data) < (120_000 if name in make_crash_files.BUDGET else 10_000), name


CRASHES = sorted(set(make_crash_files.files()) - set(make_crash_files.BUDGET))
# what the guard says of each fixture (the sheet is T03-2021, the budget 8 million cells)
GUARD_SAYS = {
    "o_xa_nhay_don.xlsx": "Trang tính “T03-2021” có vùng dữ liệu quá lớn (khoảng 17.179.869.184 ô",
    "o_xa_ngoai_thu_muc.xlsx": "Trang tính “T03-2021” có vùng dữ liệu quá lớn (khoảng "
                               "17.179.869.184 ô",
    "kich_thuoc_sai.xls": "Tệp .xls bị hỏng hoặc bị sửa đổi: trang tính “T03-2021” khai báo kích "
                          "thước 1.099.511.627.520 ô",
    "lap_nhay_don.ods": "Một trang tính có vùng dữ liệu quá lớn (khoảng 100.000.000 ô",
    "hai_tram_trang.xlsx": "Tệp có quá nhiều ô dữ liệu (hơn 8.000.000 ô trên mọi trang tính",
    "ba_muoi_trang.xls": "Tệp có quá nhiều ô dữ liệu (hơn 8.000.000 ô trên mọi trang tính",
    "chuoi_lap.xlsx": "Tệp bị từ chối: các ô chữ của tệp lặp lại những đoạn văn bản rất dài, "
                      "khi đọc sẽ chiếm hơn 256 MB",
}
GUARD_READ = """
import sys, time
from analysis.errors import ReadError
from analysis.reading.grid import read_grids
path = sys.argv[1]
start = time.monotonic()
try:
    read_grids(open(path, "rb").read(), path.rsplit("/", 1)[-1])
    print("read")
except ReadError as e:
    print(e.message)
print(time.monotonic() - start)
"""


@pytest.mark.parametrize("name", CRASHES)
def test_before_the_bare_reader_dies_on_the_file(name):
    """What the file does to a process that reads it without a worker (capped here)."""
    run = subprocess.run([sys.executable, "-c", BARE_READ, str(CRASH / name)], capture_output=True,
                         preexec_fn=_cap, timeout=60)
    assert run.returncode == -signal.SIGABRT, (run.returncode, run.stderr[-300:])
    assert b"memory allocation of" in run.stderr


@pytest.mark.parametrize("name", sorted(make_crash_files.files()))
def test_now_the_guard_itself_refuses_the_file(name):
    """The byte guard, in a capped subprocess (a guard gone wrong must not take pytest down):
    refused in under a second with a Vietnamese message saying what is wrong and what to do."""
    run = subprocess.run([sys.executable, "-c", GUARD_READ, str(CRASH / name)],
                         capture_output=True, text=True, preexec_fn=_cap, timeout=60, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-300:]
    msg, seconds = run.stdout.strip().rsplit("\n", 1)
    assert msg.startswith(GUARD_SAYS[name]), msg
    assert float(seconds) < 1.0
    assert "tải lên lại" in msg and VIETNAMESE & set(msg.lower())
    assert "Error" not in msg and "Traceback" not in run.stderr


@pytest.mark.parametrize("name", sorted(make_crash_files.files()))
def test_after_the_worker_refuses_it_without_dying(name):
    own_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.monotonic()
    got = read_isolated((CRASH / name).read_bytes(), name)
    assert time.monotonic() - start < 20
    assert got.result is None
    assert got.report.outcome == "read_error" and got.report.returncode == 0, got.report
    assert got.report.peak_mb < 200  # measured by wait4 on the worker
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - own_peak < 100 * 1024  # KB
    assert got.error.startswith(GUARD_SAYS[name]), got.error
    with pytest.raises(ReadError) as e:
        parse_isolated((CRASH / name).read_bytes(), name)
    assert e.value.message == got.error


# one value in the box's far corner: 4 million cells, let through by the guard (the sheet limit)
CORNER = make_bad_files.xlsx(make_bad_files.sheet_xml(
    make_bad_files.TABLE, extra='<row r="9999"><c r="OJ9999"><v>1</v></c></row>'))


def test_a_native_abort_past_the_guard_costs_only_the_worker():
    """A worker given 100 MB, less than calamine's rectangle for a sheet the guard lets
    through (4 million cells): the reader aborts, the caller gets the message naming the file."""
    got = read_isolated(CORNER, "goc_xa.xlsx", memory_mb=100)
    assert got.result is None
    assert got.report.outcome == "crash" and got.report.returncode == -signal.SIGABRT, got.report
    assert "memory allocation of" in got.report.stderr
    msg = got.error
    assert "“goc_xa.xlsx”" in msg and "quá lớn hoặc hỏng khi đọc" in msg and "tải lên lại" in msg
    assert VIETNAMESE & set(msg.lower())
    assert "Error" not in msg and "Traceback" not in msg
    with pytest.raises(ReadError) as e:
        parse_isolated(CORNER, "goc_xa.xlsx", memory_mb=100)
    assert e.value.message == msg


def test_the_command_line_exits_2_with_one_line_naming_the_file():
    name = "o_xa_nhay_don.xlsx"
    run = subprocess.run([sys.executable, "-m", "analysis", "parse", str(CRASH / name)],
                         capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{name}: {GUARD_SAYS[name]}"), run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_a_sample_read_isolated_equals_the_read_in_process(path):
    data = path.read_bytes()
    got = read_isolated(data, path.name)
    here = parse_bytes(data, path.name)
    assert got.report.outcome == "ok" and got.report.returncode == 0
    assert got.result.to_json() == here.to_json()
    assert [s.units for s in got.result.sheets] == [s.units for s in here.sheets]
    assert got.result.skipped_sheets == here.skipped_sheets


def test_an_ordinary_province_workbook_reads_well_inside_the_default_limits(tmp_path):
    """12 monthly sheets x 1,410 units, 1,411 from August (bench/run.py's workbook): peak
    memory and CPU a small part of MEMORY_MB and CPU_SECONDS."""
    spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
    make_samples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_samples)
    path = tmp_path / "tinh_2021_bench.xlsx"
    make_samples.province_workbook(path, n_districts=30, units_per_district=45, months=12,
                                   year=2021)
    got = read_isolated(path.read_bytes(), path.name)
    assert got.report.outcome == "ok"
    assert len(got.result.sheets) == 12
    assert [len(s.units) for s in got.result.sheets] == [1410] * 7 + [1411] * 5
    assert got.report.peak_mb < isolated.MEMORY_MB / 8, got.report
    assert got.report.cpu_seconds < isolated.CPU_SECONDS / 10, got.report


def test_the_peak_measured_is_the_readers_own_not_the_callers():
    """The kernel counts the starting process's memory in an exec'd child's peak; the reader is
    forked by the small worker, so a large caller does not show in the reader's peak."""
    ballast = bytearray(400 * 1024 * 1024)
    ballast[::4096] = b"x" * len(ballast[::4096])  # resident, not only reserved
    path = SAMPLES / "yen_chau_quy1_2021.csv"
    got = read_isolated(path.read_bytes(), path.name)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss > 400 * 1024
    assert got.report.outcome == "ok" and got.report.peak_mb < 100, got.report
    del ballast


def test_a_large_reply_comes_back_whole():
    """A reply far larger than a pipe's buffer (64 KB): read before the worker is reaped."""
    data = _province_csv(20_000)
    got = read_isolated(data, "lon.csv")
    assert len(pickle.dumps(got.result)) > 1024 * 1024
    assert got.result.to_json() == parse_bytes(data, "lon.csv").to_json()


def test_overrides_reach_the_worker():
    """The officer's column choice for a sheet the reader could not map (as the app passes it)."""
    path = SAMPLES / "quan_son_2020_08.ods"
    columns = {"Phụ lục": {"unit": 1, "sent": 4, "signed": 2}}
    assert parse_isolated(path.read_bytes(), path.name).sheets == []
    got = parse_isolated(path.read_bytes(), path.name, {"columns": columns})
    here = parse_bytes(path.read_bytes(), path.name, {"columns": columns})
    assert got.to_json() == here.to_json()
    assert len(got.sheets[0].units) == 12 and got.sheets[0].units[0].sent == 46


def test_a_read_error_passes_through_unchanged():
    for name in ("ma_hoa.xlsx", "o_xa_nhat.xlsx", "nhi_phan.csv"):
        data = (BAD / name).read_bytes()
        with pytest.raises(ReadError) as here:
            parse_bytes(data, name)
        got = read_isolated(data, name)
        assert got.report.outcome == "read_error"
        assert got.error == here.value.message


def test_two_threads_read_at_once():
    """Two sessions uploading together: one a sample, one a file that kills its worker."""
    sample = SAMPLES / "tinh_2021_province.xlsx"
    crash = CRASH / "lap_nhay_don.ods"
    jobs = [(sample.read_bytes(), sample.name), (crash.read_bytes(), crash.name)] * 2
    out = [None] * len(jobs)

    def read(k: int) -> None:
        out[k] = read_isolated(*jobs[k])

    threads = [threading.Thread(target=read, args=(k,)) for k in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    expected = parse_bytes(sample.read_bytes(), sample.name).to_json()
    for k, got in enumerate(out):
        if k % 2 == 0:
            assert got.result.to_json() == expected
        else:
            assert got.result is None and got.report.outcome == "read_error"


def test_a_worker_over_its_cpu_time_is_stopped():
    got = read_isolated(_province_csv(100_000), "cham.csv", cpu_seconds=1)
    assert got.result is None and got.report.outcome == "cpu", got.report
    assert got.report.returncode in (-signal.SIGXCPU, -signal.SIGKILL)
    assert "“cham.csv”" in got.error and "quá 1 giây" in got.error


def test_a_worker_over_its_wall_time_is_killed():
    start = time.monotonic()
    got = read_isolated(_province_csv(100_000), "cham.csv", wall_seconds=0.3)
    assert time.monotonic() - start < 10
    assert got.result is None and got.report.outcome == "wall"
    assert got.report.returncode == -signal.SIGKILL
    assert "“cham.csv”" in got.error and "giây" in got.error


def test_a_worker_out_of_python_memory_says_so():
    """A MemoryError inside the worker (here: 100,000 rows in 40 MB) is a reply, not a crash."""
    got = read_isolated(_province_csv(100_000), "lon.csv", memory_mb=60)
    assert got.result is None and got.report.outcome in ("memory", "crash"), got.report
    assert "quá lớn hoặc hỏng khi đọc" in got.error and "60 MB" in got.error


def test_a_bug_in_the_reader_is_logged_and_the_user_gets_a_plain_message(caplog):
    path = SAMPLES / "quan_son_2020_08.ods"
    overrides = {"columns": {"Phụ lục": {"unit": "not a column"}}}  # int() fails in the parse
    with pytest.raises(ValueError):
        parse_bytes(path.read_bytes(), path.name, overrides)
    got = read_isolated(path.read_bytes(), path.name, overrides)
    assert got.report.outcome == "bug"
    assert "“quan_son_2020_08.ods”" in got.error and "Traceback" not in got.error
    assert "ValueError" in caplog.text


def test_every_file_gets_a_fresh_worker_and_an_idle_spare_ends():
    path = SAMPLES / "yen_chau_quy1_2021.csv"
    isolated.close_spares()
    pids = {read_isolated(path.read_bytes(), path.name).report.pid for _ in range(3)}
    assert len(pids) == 3
    ((spare, _),) = isolated._spares._idle.values()  # one started for the next file
    assert spare.pid not in pids and spare.poll() is None
    isolated.close_spares()
    assert spare.returncode == 0 and not isolated._spares._idle
    again = read_isolated(path.read_bytes(), path.name)
    assert again.report.outcome == "ok" and again.report.pid not in pids | {spare.pid}


def test_in_process_when_asked(monkeypatch):
    path = SAMPLES / "yen_chau_quy1_2021.csv"
    monkeypatch.setenv(isolated.IN_PROCESS_ENV, "1")
    got = read_isolated(path.read_bytes(), path.name)
    assert got.report is None
    assert got.result.to_json() == parse_bytes(path.read_bytes(), path.name).to_json()


def test_a_reply_may_only_rebuild_the_model():
    import io
    import os

    for evil in (os.system, subprocess.Popen, eval, isolated.parse_file, ReadError):
        with pytest.raises(pickle.UnpicklingError):
            isolated._ReplyUnpickler(io.BytesIO(pickle.dumps(("ok", evil)))).load()
    wb = parse_bytes((SAMPLES / "quan_son_2021_03.xlsx").read_bytes(), "q.xlsx")
    assert wb.sheets[0].period is not None
    assert isolated._ReplyUnpickler(io.BytesIO(pickle.dumps(wb))).load() == wb
