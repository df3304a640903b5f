"""Every Vietnamese string the app shows, in one place.

Pages and the sidebar import from here; nothing user-facing is written inline elsewhere.
Templates use str.format with named fields.
"""
from __future__ import annotations

APP_TITLE = "Ký số Analytics"
APP_ICON = "✍️"
APP_TAGLINE = "Phân tích tỷ lệ ký số văn bản điện tử của các cơ quan, đơn vị"

# --- page titles --------------------------------------------------------------------------------
PAGE_UPLOAD = "Tải dữ liệu"
PAGE_OVERVIEW = "Tổng quan"
PAGE_UNITS = "Đơn vị"
PAGE_COMPARE = "So sánh"
PAGE_REPORT = "Báo cáo"
PAGE_HISTORY = "Lịch sử"

# --- labels of codes ----------------------------------------------------------------------------
# Block, metric and status labels are shared with the exports and the letter.
from analysis.labels import BLOCK_LABELS, METRIC_LABELS, STATUS_LABELS  # noqa: E402,F401

METRIC_SHORT = {
    "signed": "Ký số", "signed_leader": "Ký số lãnh đạo", "signed_agency": "Ký số cơ quan",
}
BLOCK_SHORT = {
    "department": "Phòng chuyên môn",
    "service_unit": "Đơn vị sự nghiệp",
    "commune": "UBND cấp xã",
    "provincial_department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "other": "Khác",
}
ROW_KIND_LABELS = {
    "title": "Dòng tiêu đề",
    "header": "Dòng tiêu đề bảng",
    "numbering": "Dòng đánh số cột",
    "section": "Dòng nhóm (khối, huyện)",
    "total": "Dòng tổng, cộng",
    "blank": "Dòng trống",
    "note": "Dòng ghi chú",
    "wrapped": "Phần tên đơn vị xuống dòng (ghép vào đơn vị ở dòng trên)",
    "footer": "Chân bảng (ghi chú, người lập biểu, chữ ký, ngày, nơi nhận)",
}
FIELD_LABELS = {
    "unit": "Tên cơ quan, đơn vị",
    "received": "Văn bản đến",
    "sent": "Văn bản gửi đi",
    "signed": "Văn bản ký số (chung)",
    "signed_leader": "Ký số lãnh đạo – số lượng",
    "signed_agency": "Ký số cơ quan – số lượng",
    "signed_rate": "Ký số chung – tỷ lệ in sẵn",
    "signed_leader_rate": "Ký số lãnh đạo – tỷ lệ in sẵn",
    "signed_agency_rate": "Ký số cơ quan – tỷ lệ in sẵn",
}
PERIOD_SOURCE_LABELS = {
    "sheet": "từ tên trang tính",
    "title": "từ dòng tiêu đề",
    "file": "từ tên tệp",
    "columns": "từ nhóm cột tháng (quý) của bảng theo dõi cả năm",
    "user": "do người dùng chọn",
    None: "không rõ",
}

# --- sidebar ------------------------------------------------------------------------------------
SB_SETTINGS = "Thiết lập phân tích"
SB_PERIOD = "Kỳ báo cáo"
SB_PERIOD_PLACEHOLDER = "Chọn kỳ báo cáo"
SB_METRIC = "Loại ký số"
SB_TARGET = "Chỉ tiêu (%)"
SB_TARGET_HELP = "Tỷ lệ ký số tối thiểu đơn vị phải đạt, ví dụ 80, 97 hoặc 100."
SB_BLOCKS = "Khối"
SB_DISTRICTS = "Huyện, thị xã, thành phố"
SB_FILTER_PLACEHOLDER = "Tất cả"
SB_PRESENT = "Chế độ trình chiếu"
SB_PRESENT_HELP = "Chữ lớn, mỗi khối một biểu đồ toàn màn hình, dùng khi họp trên máy chiếu."
SB_NO_DATA = "Chưa có dữ liệu. Hãy tải tệp báo cáo lên ở trang “Tải dữ liệu”."
SB_USE_HISTORY = "Dùng cả số liệu đã lưu"
UP_COMBINE_HINT = ("Không gian làm việc này còn {n} kỳ đã lưu chưa được dùng: thêm vào để so sánh "
                   "với kỳ trước và tính lũy kế từ đầu năm.")
UP_COMBINE = "Dùng cả số liệu đã lưu"
SB_USE_HISTORY_HELP = ("Ghép số liệu đã lưu trong lịch sử với các tệp vừa tải (tệp vừa tải thay "
                       "cho kỳ trùng).")
SB_LOADED = "Đã tải {files} tệp · {periods} kỳ · {units} đơn vị"

# --- upload page --------------------------------------------------------------------------------
UP_HEADER = "Tải dữ liệu báo cáo ký số"
UP_INTRO = (
    "Tải lên một hoặc nhiều tệp báo cáo hằng tháng (xuất từ hệ thống quản lý văn bản) cùng lúc. "
    "Ứng dụng tự tìm bảng số liệu, cột, khối và kỳ báo cáo; hãy kiểm tra kết quả đọc bên dưới."
)
UP_LABEL = "Chọn hoặc kéo thả tệp báo cáo vào đây"
UP_HELP = ("Nhận tệp Excel (.xlsx, .xlsm, .xls, .xml), OpenDocument (.ods), .csv, .txt và trang "
           "web “Xuất Excel” của các hệ thống (.htm, .html), tối đa 50 MB mỗi tệp; có thể chọn "
           "nhiều tệp.")
UP_CAPTION = "Có thể chọn hoặc kéo thả nhiều tệp cùng lúc (ví dụ cả 12 tháng của một năm)."
UP_SAMPLES = "Hoặc mở một tệp mẫu"
UP_SAMPLE_BUTTON = "{name}"
UP_READING = "Đang đọc tệp {i}/{n}: {name}"
UP_READ_DONE = "Đã đọc xong {n} tệp."
UP_READ_ERROR = "Không đọc được tệp “{name}”: {message}"
UP_NO_SHEETS = "Tệp “{name}” không có bảng số liệu đơn vị nào."
UP_CLEAR = "Xóa toàn bộ dữ liệu đã tải"
UP_REMOVE_FILE = "Bỏ tệp này"
UP_FILES_HEADER = "Kết quả đọc"
UP_FILE_SUMMARY = "{units} đơn vị · {periods} kỳ · {warnings} cảnh báo"
UP_FILE_SHEETS = "{n} bảng"
UP_FILE_UNKNOWN = "{n} bảng chưa rõ kỳ"
UP_FILE_REPLACED = "{n} kỳ lấy từ tệp khác"
UP_SHEET_REPLACED = ("Số liệu {period} của bảng này **không được dùng**: kỳ này lấy từ tệp "
                     "“{other}” (tải sau).")
UP_CLEAR_CONFIRM = ("Xóa toàn bộ {n} tệp đã tải trong phiên này (kết quả đọc, kỳ và cột đã "
                    "chọn)? Số liệu đã lưu trong lịch sử không bị xóa.")
UP_CLEAR_YES = "Xóa các tệp đã tải"
UP_CLEAR_NO = "Hủy"
UP_DISMISS = "Ẩn thông báo"
UP_REJECTED_HELP = "Thông báo này còn hiển thị đến khi bạn bấm “Ẩn thông báo”."
UP_JUMPED = ("Đã chuyển sang kỳ mới nhất: **{period}**. Thanh bên, tiêu đề và các trang phân "
             "tích đều theo kỳ này (đổi kỳ ở thanh bên nếu cần).")
UP_GO_OVERVIEW_PERIOD = "Xem tổng quan {period}"
UP_SAVED_DONE = "Đã lưu vào lịch sử"
UP_RESULT_TITLE = "Kết quả tải lên"
UP_SHEET = "Trang tính “{sheet}”"
UP_SHEET_CSV = "Bảng CSV"
UP_PERIOD = "Kỳ báo cáo: **{label}** ({source})"
UP_PERIOD_UNKNOWN = ("Chưa xác định được kỳ báo cáo của bảng này. Hãy chọn tháng và năm để đưa "
                     "bảng vào phân tích.")
UP_PERIOD_EDIT = "Sửa kỳ báo cáo"
UP_PERIOD_MONTH = "Tháng"
UP_PERIOD_YEAR = "Năm"
UP_PERIOD_RANGE = "Hoặc chọn khoảng ngày (cho quý, 6 tháng…)"
UP_PERIOD_FROM = "Từ ngày"
UP_PERIOD_TO = "Đến ngày"
UP_PERIOD_DATE_PLACEHOLDER = "ngày/tháng/năm, ví dụ 01/08/2020"
UP_PERIOD_BAD_RANGE = ("Khoảng ngày chưa đúng: hãy gõ hai ngày dạng ngày/tháng/năm (ví dụ "
                       "01/08/2020 và 14/08/2020), ngày đầu không sau ngày cuối.")
UP_PERIOD_APPLY = "Áp dụng kỳ báo cáo"
UP_PERIOD_RESET = "Dùng kỳ tự nhận"
UP_UNITS_FOUND = "Đơn vị đọc được: **{n}**"
UP_SKIPPED = "Dòng bỏ qua"
UP_SKIPPED_LINE = "{kind}: dòng {rows}"
UP_WARNINGS = "Cảnh báo số liệu ({n})"
UP_NO_WARNINGS = "Không có cảnh báo số liệu."
UP_COLUMNS = "Cột đã nhận"
UP_COLUMNS_MISSING = "Chưa nhận được cột: {fields}. Nếu bảng có cột này, hãy chọn bên dưới."
UP_COLUMNS_CHOOSE = "Chọn lại cột"
UP_COLUMN_NONE = "— không có —"
UP_COLUMN_OPTION = "Cột {letter}: {header}"
UP_COLUMNS_APPLY = "Đọc lại với các cột đã chọn"
UP_BLOCKS = "Khối của từng đơn vị"
UP_BLOCKS_HELP = ("Sửa cột “Khối” nếu đơn vị bị xếp sai khối; thay đổi áp dụng cho mọi kỳ của "
                  "đúng đơn vị này (tên và huyện) trong không gian làm việc, không áp dụng cho "
                  "đơn vị khác trùng tên.")
UP_BLOCKS_SAVE = "Lưu khối đã sửa"
UP_BLOCKS_SAVED = "Đã lưu khối cho {n} đơn vị."
UP_SKIPPED_SHEETS = "Trang tính bỏ qua"
UP_SKIPPED_CHOOSE = "“{sheet}”: chọn cột để đọc trang tính này"
UP_REPLACE_TITLE = "Kỳ báo cáo đã có dữ liệu"
UP_REPLACE_TEXT = (
    "Tệp “{name}” có số liệu {periods}, đã được tải từ tệp “{old}”. "
    "Thay thế số liệu cũ bằng số liệu của tệp mới?"
)
UP_REPLACE_YES = "Thay thế bằng tệp mới"
UP_REPLACE_NO = "Giữ số liệu cũ, bỏ tệp mới"
UP_REPLACED = "Đã thay thế số liệu bằng tệp “{name}”."
UP_REPLACED_DROPPED = "Đã bỏ tệp cũ “{old}” khỏi danh sách: mọi kỳ của tệp đó nay lấy từ tệp mới."
UP_REPLACED_KEPT = ("Tệp “{old}” vẫn được dùng cho các kỳ khác; kỳ trùng lấy từ tệp mới (ghi ở "
                    "kết quả đọc của tệp).")
UP_KEPT = "Đã giữ số liệu cũ, bỏ qua tệp “{name}”."
UP_NOTES = "Ghi chú khi ghép dữ liệu"
UP_SAVE_TITLE = "Lưu vào lịch sử"
UP_SAVE_HELP = ("Lưu {n} kỳ báo cáo vừa đọc để tháng sau chỉ cần tải tệp của tháng mới (so sánh, "
                "lũy kế dùng số liệu đã lưu).")
UP_SAVE_HELP_WS = ("Lưu {n} kỳ báo cáo vừa đọc vào không gian làm việc “{workspace}” để tháng sau "
                   "chỉ cần tải tệp của tháng mới (so sánh, lũy kế dùng số liệu đã lưu).")
UP_SAVE_DISABLED = "Không lưu được: {reason}."
UP_SAVE_REPLACES = ("Lịch sử đã có số liệu {periods}. Lưu sẽ thay thế số liệu đó (bản cũ được giữ "
                    "lại, có thể khôi phục ở trang “Lịch sử”).")
UP_SAVE = "Lưu các kỳ đã đọc vào lịch sử"
UP_SAVE_NOTHING = "Chưa có số liệu nào để lưu."
UP_SAVE_UNAVAILABLE = "Không mở được cơ sở dữ liệu lịch sử: {reason}"
UP_GO_OVERVIEW = "Xem tổng quan →"
UP_HEADLINE = ("**{period}** · {metric}: tỷ lệ chung **{rate}**, {meeting}/{units} đơn vị đạt chỉ "
               "tiêu {target}.")

# --- table column headers -----------------------------------------------------------------------
COL_ROW = "Dòng"
COL_UNIT = "Đơn vị"
COL_BLOCK = "Khối"
COL_DISTRICT = "Huyện"
COL_SENT = "VB gửi đi"
COL_SIGNED = "VB ký số"
COL_RATE = "Tỷ lệ ký số"
COL_BAR = "Mức"
COL_STATUS = "Tình trạng"
COL_RANK = "Xếp hạng"
COL_PREV = "Kỳ trước"
COL_DELTA = "Thay đổi (điểm %)"
COL_RANK_CHANGE = "Hạng so kỳ trước"
COL_YTD = "Lũy kế từ đầu năm"
COL_CODE = "Mã"
COL_WARNING_KIND = "Loại"
COL_MESSAGE = "Nội dung"
COL_KIND = "Loại dòng"
COL_TEXT = "Nội dung dòng"
COL_UNITS = "Số đơn vị"
COL_MEETING = "Đạt chỉ tiêu"
COL_FILE = "Tệp"
COL_SHEET = "Trang tính"
COL_PERIOD = "Kỳ"
COL_REASON = "Lý do"

# --- overview -----------------------------------------------------------------------------------
OV_HEADER = "Tổng quan {period}"
OV_SUBTITLE = "{metric} · chỉ tiêu {target}"
OV_KPI_RATE = "Tỷ lệ ký số chung"
OV_KPI_RATE_HELP = "Tổng số văn bản ký số chia tổng số văn bản gửi đi của mọi đơn vị đang lọc."
OV_KPI_DELTA = "{delta} so với kỳ trước"
OV_KPI_MEETING = "Đơn vị đạt chỉ tiêu"
OV_KPI_NOTHING = "Đơn vị không ký số"
OV_KPI_YTD = "Lũy kế từ đầu năm"
OV_KPI_YTD_INCOMPLETE = "Thiếu số liệu {months}"
OV_KPI_PREV = "So với {prev}: {rate}"
OV_KPI_NO_PREV = "Chưa có kỳ trước"
OV_BLOCKS = "Tỷ lệ ký số theo khối"
OV_UNITS = "Tỷ lệ ký số từng đơn vị"
OV_UNITS_SCOPE = "Phạm vi"
OV_ALL_UNITS = "Tất cả đơn vị ({n})"
OV_TREND = "Diễn biến theo tháng"
TREND_OVERALL = "Chung (toàn bộ)"
OV_TREND_ONE = "Cần số liệu từ hai tháng trở lên để xem diễn biến."
OV_DOWNLOAD_PNG = "Tải ảnh biểu đồ (PNG)"
OV_NO_UNITS = "Không có đơn vị nào khớp bộ lọc."
OV_BLOCK_CHART_TITLE = "{block}: {rate} · {meeting}/{units} đơn vị đạt"

# --- projector mode (ui/present.py, ui/slides.py) ------------------------------------------------
PM_PREV = "Trước"
PM_NEXT = "Sau"
PM_PICK = "Trang chiếu"
PM_COUNT = "{i}/{n}"
PM_CONTRAST = "Tương phản cao"
PM_DECK = "PPTX"
PM_DECK_HELP = "Tải bộ trang trình chiếu của kỳ này (PowerPoint 16:9, sửa được)."
PM_EXIT = "Thoát trình chiếu"
PM_OPEN = "Mở trang chiếu tổng quan"
PM_BAR = "Chế độ trình chiếu"
PM_KEYS = "Phím ← → chuyển trang"
PM_SLIDE_KPI = "Tổng quan"
PM_SLIDE_BLOCKS = "Theo khối"
PM_SLIDE_UNITS = "{block}"
PM_SLIDE_UNITS_PART = "{block} ({part}/{parts})"
PM_SLIDE_MOVERS = "Tăng, giảm nhiều nhất"
PM_SLIDE_TREND = "Diễn biến"
PM_UNITS_TITLE = "{block}: {rate} · {meeting}/{units} đơn vị đạt"
PM_UNITS_PART = "đơn vị {first}–{last} (xếp từ thấp lên)"
PM_KPI_LINE = "{meeting}/{units} đơn vị đạt chỉ tiêu {target}; {nothing} đơn vị không ký số."
PM_NO_PREV = "Chưa có số liệu kỳ trước để so sánh."

# --- units page ---------------------------------------------------------------------------------
UN_HEADER = "Danh sách đơn vị {period}"
UN_STATUS = "Tình trạng"
UN_RANGE = "Khoảng tỷ lệ ký số (%)"
UN_SEARCH = "Tìm theo tên đơn vị"
UN_SEARCH_PLACEHOLDER = "Ví dụ: Sơn Hà hoặc son ha"
UN_SEARCH_HELP = ("Gõ không dấu để tìm mọi cách viết (“son” thấy Sơn, Sởn); gõ có dấu để tìm "
                  "đúng tên đó.")
UN_COUNT = "Đang hiển thị {n}/{total} đơn vị"
UN_DOWNLOAD_XLSX = "Tải bảng đang lọc (Excel)"
UN_DOWNLOAD_CSV = "Tải bảng đang lọc (CSV)"
UN_CSV_STYLE = "Kiểu CSV"
UN_CSV_STYLES = {"vn": "Excel tiếng Việt (dấu ;, số 99,39)", "plain": "CSV chuẩn (dấu ,, số 99.39)"}
UN_CSV_HELP = ("Excel cài đặt tiếng Việt dùng dấu phẩy thập phân: chọn “Excel tiếng Việt”. "
               "Chương trình khác hoặc Excel tiếng Anh: chọn “CSV chuẩn”.")
UN_INCLUDE_NO_RATE = "Gồm cả đơn vị không có văn bản đi"

# --- compare page -------------------------------------------------------------------------------
CP_HEADER = "So sánh {period} với {prev}"
CP_HEADER_NO_PREV = "So sánh {period}"
CP_NO_PREV = "Chưa có số liệu kỳ trước ({prev}) để so sánh tháng này với tháng trước."
CP_BLOCKS = "Theo khối: tháng và lũy kế từ đầu năm"
CP_IMPROVED = "Tăng nhiều nhất"
CP_DECLINED = "Giảm nhiều nhất"
CP_NEW = "Đơn vị mới trong kỳ"
CP_MISSING = "Đơn vị có kỳ trước nhưng không có trong kỳ này"
CP_NONE = "Không có."
CP_DUMBBELL = "Kỳ trước và kỳ này của từng đơn vị"
CP_UNITS = "Từng đơn vị"
CP_YTD_INCOMPLETE = "Lũy kế chưa đầy đủ: thiếu số liệu {months}."
CP_MONTH = "Tháng"
CP_YTD = "Lũy kế"
# the block table's short headers: its eight columns fit the main area at 1,366 px
CP_COL_MONTH_RATE = "Tỷ lệ tháng"
CP_COL_YTD_RATE = "Lũy kế năm"
CP_COL_COUNTS = "Ký số/gửi đi"

# --- report page --------------------------------------------------------------------------------
RP_HEADER = "Báo cáo {period}"
RP_INTRO = "Các tệp dưới đây lập cho kỳ, loại ký số và chỉ tiêu đang chọn ở thanh bên."
RP_XLSX = "Tải bảng tổng hợp (Excel)"
RP_XLSX_HELP = "Tổng hợp theo khối, toàn bộ đơn vị, đơn vị chưa đạt, phụ lục và cảnh báo số liệu."
RP_APPENDIX = "Phụ lục"
RP_APPENDIX_XLSX = "Tải phụ lục (Excel)"
RP_LETTER = "Dự thảo công văn đôn đốc"
RP_LETTER_HELP = ("Công văn theo thể thức Nghị định 30/2020/NĐ-CP, từ hồ sơ ở thẻ “Hồ sơ cơ quan "
                  "ban hành”. Sao chép nội dung bằng nút “Sao chép nội dung”, hoặc tải tệp Word "
                  "hay PDF.")
RP_DOCX = "Tải công văn (Word)"
RP_PDF = "Tạo PDF"
RP_PDF_DOWNLOAD = "Tải công văn (PDF)"
RP_PDF_HELP = "Chuyển tệp Word sang PDF bằng LibreOffice (vài giây)."
RP_COPY = "Sao chép nội dung"
RP_SIGN_HERE = "(ký, ghi rõ họ tên)"
RP_COPIED = "Đã sao chép"
RP_TARGET_NOTE = ("Công văn dùng chỉ tiêu {letter} của hồ sơ cơ quan; thanh bên đang chọn "
                  "{sidebar}.")
PF_HEADER = "Hồ sơ cơ quan ban hành"
PF_NONE = ("Chưa lưu hồ sơ cơ quan: công văn dưới đây dùng mặc định của {level}. Điền tên cơ "
           "quan, người ký… ở thẻ “{tab}”.")
PF_HELP = ("Cơ quan ban hành, nơi nhận, người ký… của công văn. Lưu cùng không gian làm việc và "
           "được nhớ cho các tháng sau.")
PF_DEFAULTS = "Điền sẵn theo cấp"
PF_DEFAULTS_HELP = ("Điền lại mọi ô theo mặc định của cấp đã chọn và tên cơ quan (ví dụ “UBND "
                    "huyện Tuần Giáo”, “Sở Khoa học và Công nghệ tỉnh Điện Biên”, “UBND xã …”).")
PF_OFFICE = "Tên cơ quan ban hành"
PF_LEVEL = "Cấp"
PF_PARENT = "Cơ quan chủ quản (dòng trên, có thể để trống)"
PF_BODY = "Cơ quan ban hành"
PF_PLACE = "Địa danh (dòng ngày tháng)"
PF_NUMBER = "Số văn bản (để trống cho văn thư điền)"
PF_SYMBOL = "Ký hiệu (ví dụ UBND-VP)"
PF_SPEAKER = "Cơ quan xưng trong văn bản (ví dụ UBND huyện)"
PF_RECIPIENTS = "Kính gửi (mỗi dòng một nơi)"
PF_REQUEST_TO = "Đối tượng được yêu cầu"
PF_REPORT_VIA = "Nơi nhận báo cáo giải trình"
PF_REPLY_DAYS = "Hạn báo cáo giải trình (số ngày sau kỳ báo cáo)"
PF_BASES = "Căn cứ (mỗi dòng một văn bản, không cần chữ “Căn cứ”)"
PF_COPIES = "Nơi nhận (mỗi dòng một nơi, trước dòng “Lưu”)"
PF_ARCHIVE = "Lưu (ví dụ VT, VHTT)"
PF_AUTHORITY = "Thẩm quyền ký"
PF_AUTHORITY_NONE = "(người đứng đầu ký)"
PF_SIGNER_FOR = "Ký thay / thay mặt cho (ví dụ Chủ tịch, Ủy ban nhân dân)"
PF_SIGNER_TITLE = "Chức vụ người ký"
PF_SIGNER_NAME = "Họ tên người ký"
PF_TARGET = "Chỉ tiêu của công văn (%)"
PF_HIGH = "Ngưỡng “tỷ lệ ký số cao” (%)"
PF_SAVE = "Lưu hồ sơ"
PF_SAVED = "Đã lưu hồ sơ cơ quan."
PF_SAVED_SESSION = ("Đã lưu hồ sơ cơ quan cho phiên làm việc này (lịch sử số liệu chưa lưu được "
                    "hồ sơ).")
RP_DECK = "Trình chiếu cuộc họp"
RP_DECK_HELP = ("Bộ trang trình chiếu 16:9 của kỳ đang chọn (theo bộ lọc khối, huyện ở thanh "
                "bên): kết quả chung, từng khối, đơn vị tăng giảm, lũy kế, đơn vị 0% nhiều "
                "tháng, diễn biến theo tháng. Biểu đồ sửa được trong PowerPoint.")
RP_DECK_PPTX = "Tải bản PowerPoint"
RP_DECK_PDF = "Tải bản PDF"
RP_DECK_NO_PDF = ("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản PowerPoint "
                  "rồi lưu thành PDF.")
RP_NOT_READY = "Chức năng này chưa sẵn sàng: {what}."

# --- history page -------------------------------------------------------------------------------
HI_HEADER = "Lịch sử số liệu đã lưu"
HI_EMPTY = "Lịch sử chưa có kỳ báo cáo nào. Hãy tải tệp lên và bấm “Lưu các kỳ đã đọc vào lịch sử”."
HI_SUMMARY = "Đã lưu {n} kỳ báo cáo, tổng {units} dòng đơn vị."
HI_SOURCES = "Nguồn (tệp / trang tính)"
HI_SAVED_AT = "Lưu lúc (giờ Việt Nam)"
HI_VERSIONS = "Bản cũ giữ lại"
HI_MISSING = "Các tháng còn thiếu"
HI_MISSING_LINE = "Năm {year} (đến tháng {through}): thiếu tháng {months}"
HI_COMPLETE_LINE = "Năm {year}: đủ các tháng từ 1 đến {through}"
HI_ACTIONS = "Xóa hoặc khôi phục một kỳ"
HI_CHOOSE = "Kỳ báo cáo"
HI_DELETE = "Xóa kỳ này"
HI_RESTORE = "Khôi phục bản trước"
HI_RESTORE_HELP = "Đưa lại số liệu của lần lưu trước (trước khi bị thay thế hoặc xóa)."
HI_DELETED = "Kỳ đã xóa (còn bản giữ lại)"
HI_CONFIRM_DELETE = ("Xóa số liệu kỳ {period} khỏi lịch sử? Bản hiện tại được giữ lại và có thể "
                     "khôi phục.")
HI_CONFIRM_RESTORE = ("Khôi phục bản lưu trước của kỳ {period}? Số liệu hiện tại của kỳ này (nếu "
                      "có) được giữ lại như một bản cũ.")
HI_CONFIRM_IMPORT = ("Thay toàn bộ lịch sử hiện có bằng nội dung tệp sao lưu? Hãy tải bản sao lưu "
                     "hiện tại trước nếu cần.")
HI_CONFIRM_YES = "Đồng ý"
HI_CONFIRM_NO = "Hủy"
HI_DELETED_MSG = "Đã xóa kỳ {period} ({n} dòng đơn vị); có thể khôi phục."
HI_RESTORED_MSG = "Đã khôi phục bản trước của kỳ {period}."
HI_IMPORTED_MSG = "Đã khôi phục lịch sử từ tệp sao lưu ({n} dòng đơn vị)."
HI_BACKUP = "Sao lưu và chuyển máy"
HI_EXPORT = "Tải bản sao lưu toàn bộ lịch sử (JSON)"
HI_IMPORT = "Khôi phục từ tệp sao lưu"
HI_IMPORT_HELP = "Tệp .json tải từ nút sao lưu ở trên (trên máy này hoặc máy khác)."
HI_IMPORT_BUTTON = "Khôi phục lịch sử từ tệp này"
HI_CONFIRM_IMPORT_EMPTY = ("Tệp sao lưu này không có kỳ báo cáo nào: khôi phục từ nó sẽ xóa "
                           "toàn bộ lịch sử hiện có, kể cả các bản cũ giữ lại. Tiếp tục?")
HI_CONFIRM_WIPE_AGAIN = ("Xác nhận lần thứ hai: xóa toàn bộ số liệu đã lưu, các bản cũ giữ lại và "
                         "các hiệu chỉnh? Không thể hoàn tác nếu chưa có bản sao lưu.")
HI_DAMAGED = ("Không đọc được lịch sử đã lưu: {reason} Các trang khác vẫn dùng được với tệp vừa "
              "tải lên. Để sửa: khôi phục từ một bản sao lưu tốt (bên dưới), hoặc xóa toàn bộ "
              "lịch sử.")
HI_DAMAGED_ROWS = "Các dòng hỏng đầu tiên:"
HI_RESET = "Xóa toàn bộ lịch sử"
HI_CONFIRM_RESET = "Xóa toàn bộ lịch sử (số liệu, bản cũ giữ lại, hiệu chỉnh)?"
HI_RESET_MSG = "Đã xóa toàn bộ lịch sử."
HI_UNREADABLE = ("Kiểm tra địa chỉ cơ sở dữ liệu (KYSO_DB_URL); với tệp SQLite hỏng, hãy đổi tên "
                 "tệp đó rồi mở lại trang này và khôi phục từ bản sao lưu.")

# --- generic ------------------------------------------------------------------------------------
NO_DATA = "Chưa có dữ liệu để phân tích."
NO_DATA_LINK = "Mở trang “Tải dữ liệu”"
NO_RATE = "—"
UNKNOWN_DISTRICT = "(không rõ huyện)"

# Lịch sử: merging two names of one unit
HI_MERGE = "Gộp hai tên của cùng một đơn vị"
HI_MERGE_HELP = ("Khi một đơn vị được ghi bằng hai tên khác nhau giữa các tháng (ví dụ đổi tên, "
                 "sáp nhập), hãy gộp tên cũ vào tên đúng. Việc gộp được ghi nhớ và áp dụng cho "
                 "mọi tháng, có thể bỏ gộp bất cứ lúc nào.")
HI_MERGE_ALIAS = "Tên cần gộp"
HI_MERGE_INTO = "Gộp vào đơn vị"
HI_MERGE_PICK = "Chọn đơn vị…"
HI_MERGE_BUTTON = "Gộp"
HI_MERGE_INVALID = "Hãy chọn hai đơn vị khác nhau để gộp."
HI_MERGED_MSG = "Đã gộp “{alias}” vào “{canonical}”."
HI_UNMERGE_PICK = "Bỏ gộp tên"
HI_UNMERGE = "Bỏ gộp"
HI_UNMERGED_MSG = "Đã bỏ gộp “{alias}”: tên này lại được tính là một đơn vị riêng."

# Editor password (ui/auth.py)
AUTH_LABEL = "Mật khẩu chỉnh sửa"
AUTH_HELP = ("Văn phòng đã đặt mật khẩu cho việc tải dữ liệu lên và xóa, thay thế lịch sử. "
             "Xem biểu đồ, bảng số liệu không cần mật khẩu.")
AUTH_WRONG = "Mật khẩu không đúng. Hãy nhập lại hoặc hỏi người quản trị ứng dụng."
AUTH_NEEDED = "🔒 Cần mật khẩu chỉnh sửa để tải dữ liệu lên hoặc xóa, thay thế lịch sử."
AUTH_OK = "Đã mở quyền chỉnh sửa cho phiên làm việc này."
AUTH_SUBMIT = "Mở quyền chỉnh sửa"
AUTH_WAIT = ("Đã nhập sai mật khẩu quá nhiều lần. Hãy đợi {seconds} giây rồi thử lại "
             "(mỗi lần sai tiếp theo phải đợi lâu hơn).")
AUTH_SIGN_OUT = "Đăng xuất quyền chỉnh sửa"
AUTH_SIGNED_OUT = ("Đã đăng xuất quyền chỉnh sửa. Xem số liệu vẫn mở; chỉnh sửa cần nhập lại "
                   "mật khẩu.")
AUTH_CLOSED = ("Chỉnh sửa (tải dữ liệu lên, xóa, thay thế lịch sử) đang bị khóa vì cấu hình mật "
               "khẩu có lỗi: {reason} Người quản trị cần sửa tệp .streamlit/secrets.toml rồi mở "
               "lại trang. Xem số liệu vẫn mở.")
AUTH_UNREADABLE = "không đọc được tệp .streamlit/secrets.toml (sai cú pháp TOML)."
AUTH_IN_SECTION = ("khóa “{key}” nằm trong mục [{section}]; hãy đặt nó ở đầu tệp, trước mọi "
                   "dòng [mục].")
AUTH_MISSPELT = ("có khóa “{key}” giống tên mật khẩu nhưng viết sai; tên đúng là "
                 "app\\_password (mật khẩu) hoặc app\\_password\\_hash (mã băm).")
AUTH_BAD_HASH = ("app\\_password\\_hash không đúng dạng “scrypt\\$…”; hãy tạo lại bằng lệnh "
                 "python -m ui.auth hash.")

# --- workspaces (không gian làm việc) and the demo space --------------------------------------
WS_HEADER = "Không gian làm việc"
WS_CURRENT = ":material/apartment: **{name}**"
WS_CURRENT_LOCKED = ":material/lock: **{name}** — cần mật khẩu"
WS_PICK = "Mở không gian làm việc"
WS_PICK_HELP = ("Mỗi cơ quan, đơn vị có không gian riêng: số liệu đã lưu, các chỉnh sửa, cách "
                "ghép cột và tên đơn vị của nơi này không lẫn với nơi khác.")
WS_HAS_PASSWORD = " 🔒"
WS_CREATE = "Tạo không gian làm việc mới"
WS_CREATE_NAME = "Tên (ví dụ: UBND xã Mường Ảng)"
WS_CREATE_PASSWORD = "Mật khẩu chỉnh sửa (không bắt buộc)"
WS_CREATE_PASSWORD_HELP = ("Nếu đặt, ai mở không gian này phải nhập mật khẩu trước khi xem hoặc "
                           "sửa số liệu. Mật khẩu được lưu dưới dạng mã băm.")
WS_CREATE_BUTTON = "Tạo và mở"
WS_CREATE_EMPTY = "Hãy nhập tên không gian làm việc."
WS_CREATED = "Đã tạo và mở không gian làm việc “{name}”."
WS_OPENED = "Đã mở không gian làm việc “{name}”."
WS_UNAVAILABLE = "Không mở được không gian làm việc: {reason}"
WS_LOCKED_TITLE = "🔒 Không gian làm việc “{name}” có mật khẩu"
WS_LOCKED_TEXT = ("Nhập mật khẩu của không gian này để xem và sửa số liệu của nó; hoặc mở không "
                  "gian khác ở thanh bên.")
WS_LOCKED_REASON = "không gian làm việc “{name}” cần mật khẩu"
WS_PASSWORD = "Mật khẩu không gian làm việc"
WS_PASSWORD_SUBMIT = "Mở"
WS_PASSWORD_WRONG = "Mật khẩu không đúng."
WS_PASSWORD_WAIT = "Đã nhập sai nhiều lần. Vui lòng đợi {seconds} giây rồi thử lại."
WS_LOCK = "Khóa lại"
DEMO_LABEL = "Dữ liệu mẫu — không lưu"
DEMO_ICON = ":material/science:"
DEMO_TEXT = ("Đang xem tệp mẫu trong không gian thử: số liệu mẫu không được lưu, không ghép với "
             "số liệu đã lưu và không dùng chỉnh sửa của không gian làm việc nào.")
DEMO_LEAVE = "Rời dữ liệu mẫu"
DEMO_NO_SAVE = "đây là dữ liệu mẫu (không gian thử), không lưu vào không gian làm việc"
DEMO_SAMPLES_HELP = "Mở tệp mẫu trong không gian thử, tách khỏi số liệu thật."
USING = "Đang dùng: {parts}"
USING_STORED = "{n} kỳ đã lưu"
USING_FILES = "{n} tệp vừa tải"
USING_SAMPLE = "{n} tệp mẫu"
COL_CORRECTED = "Đã sửa"
UP_BLOCK_FILE_SAID = "✏️ tệp ghi: {block}"
UP_BLOCKS_FIXED = "{n} đơn vị đã sửa khối"
UP_BLOCK_FIXED_LINE = "✏️ **{unit}**: {block} (tệp ghi: {file})"
UP_BLOCK_RESET = "Trả về như tệp"
UP_BLOCK_RESET_DONE = "Đã trả khối của “{unit}” về như tệp."
UP_BLOCKS_MORE_FIXED = "… và {n} đơn vị đã sửa khác (xem “Các chỉnh sửa” ở trang Lịch sử)."
HI_FIXES = "Các chỉnh sửa"
HI_FIXES_NONE = "Chưa có chỉnh sửa nào trong không gian làm việc này."
HI_FIXES_HELP = ("{n} chỉnh sửa của không gian làm việc này; mỗi chỉnh sửa chỉ áp dụng cho đúng "
                 "đơn vị (tên và huyện) đã sửa.")
HI_FIX_TO = "Sửa thành"
HI_FIX_FILE = "Tệp ghi"
HI_FIX_WHO = "Người sửa"
HI_FIX_AT = "Lúc (UTC)"
HI_FIX_PICK = "Chọn chỉnh sửa cần hoàn tác"
HI_FIX_OPTION = "{unit}: {value} ({who}, {at})"
HI_FIX_KIND = "Loại"
HI_FIX_KINDS = {"block": "Khối", "merge": "Gộp tên"}
HI_FIX_UNDO = "Hoàn tác"
HI_FIX_UNDONE = "Đã hoàn tác: {line}."
HI_WORKSPACE = ("Không gian làm việc: **{name}** — mọi số liệu, chỉnh sửa và bản sao lưu dưới "
                "đây chỉ của không gian này.")
HI_PASSWORD = "Mật khẩu của không gian làm việc"
HI_PASSWORD_HELP = ("Ai mở không gian này phải nhập mật khẩu trước khi xem hoặc sửa số liệu. Để "
                    "trống rồi bấm lưu để bỏ mật khẩu. Chỉ mã băm của mật khẩu được lưu.")
HI_PASSWORD_NEW = "Mật khẩu mới"
HI_PASSWORD_SAVE = "Lưu mật khẩu"
HI_PASSWORD_SET = "Đã đặt mật khẩu cho không gian làm việc."
HI_PASSWORD_REMOVED = "Đã bỏ mật khẩu của không gian làm việc."
# --- drill-down: a block's units, a unit's months, the year's heatmap, runs at 0% (issue 16) ---
DR_HINT = "Bấm vào một khối để xem các đơn vị của khối; bấm vào một đơn vị để xem từng tháng."
DR_UNIT_HEADER = "Từng tháng của {unit}"
DR_UNIT_PICK = "Xem từng tháng của đơn vị"
DR_UNIT_PICK_NONE = "Chọn một đơn vị"
DR_UNIT_CLOSE = "Đóng"
DR_UNIT_ONE_MONTH = "Mới có số liệu một tháng của đơn vị này."
DR_HEATMAP = "Đơn vị × tháng năm {year}"
DR_HEATMAP_SCOPE = "Khối của bản đồ nhiệt"
DR_HEATMAP_NONE = "Chưa có số liệu tháng nào của năm {year}."
DR_HEATMAP_TOO_MANY = ("Bản đồ nhiệt vẽ tối đa {n} đơn vị một khối: chọn huyện ở thanh bên để "
                       "xem khối này.")
DR_UNIT_PICK_TOO_MANY = "Lọc danh sách còn tối đa {n} đơn vị để chọn một đơn vị xem từng tháng."
DR_ZERO = "Đơn vị 0% từ hai tháng liên tiếp trở lên (đến {period})"
DR_ZERO_NONE = "Không có đơn vị nào 0% hai tháng liên tiếp."
DR_ZERO_RUN = "0% liên tiếp {n} tháng"
DR_COL_MONTH = "Tháng"
DR_COL_RUN = "0% liên tiếp"
