"""The Vietnamese labels of the package's codes: blocks, signature kinds, statuses, columns.

One definition each; the app (ui/strings.py re-exports them), the exports, the charts, the
letter and the command line all read them from here. Number and date formatting is in
vn_format.py, the words for periods in periods.py.
"""
from __future__ import annotations

BLOCK_LABELS = {
    "department": "Khối các phòng chuyên môn",
    "service_unit": "Khối các đơn vị sự nghiệp",
    "commune": "Khối UBND cấp xã",
    "provincial_department": "Sở, ban, ngành",
    "district": "UBND cấp huyện",
    "other": "Khác",
}
# The plural noun used when counting units of a block ("17/17 UBND cấp xã ...").
BLOCK_NOUNS = {
    "department": "phòng chuyên môn",
    "service_unit": "đơn vị sự nghiệp",
    "commune": "UBND cấp xã",
    "provincial_department": "sở, ban, ngành",
    "district": "UBND cấp huyện",
    "other": "đơn vị khác",
}
METRIC_LABELS = {
    "signed": "Ký số (chung)",
    "signed_leader": "Ký số lãnh đạo (cá nhân)",
    "signed_agency": "Ký số cơ quan",
}
# How a metric reads inside a sentence ("đạt 100% ký số cá nhân").
METRIC_PHRASES = {
    "signed": "ký số",
    "signed_leader": "ký số cá nhân",
    "signed_agency": "ký số cơ quan",
}
STATUS_LABELS = {
    "meets_target": "Đạt chỉ tiêu",
    "below_target": "Chưa đạt chỉ tiêu",
    "signed_nothing": "Không ký số",
    "no_documents": "Không có văn bản đi",
}
# Every column figures.py / frame.py output, with its Vietnamese header. The app, the Excel
# and CSV exports use these; rates are percentages 0-100, delta_pp in percentage points.
COLUMN_LABELS = {
    "period": "Kỳ báo cáo",
    "period_start": "Từ ngày",
    "period_end": "Đến ngày",
    "file": "Tệp",
    "sheet": "Trang tính",
    "row": "Dòng",
    "stt": "STT",
    "unit": "Tên cơ quan, đơn vị",
    "key": "Mã đơn vị (chuẩn hóa)",
    "block": "Khối",
    "block_label": "Khối",
    "district": "Huyện",
    "units": "Số đơn vị",
    "received": "Văn bản đến",
    "sent": "Văn bản gửi đi",
    "signed": "Văn bản ký số",
    "signed_leader": "Văn bản ký số lãnh đạo",
    "signed_agency": "Văn bản ký số cơ quan",
    "signed_rate": "Tỷ lệ ký số (%)",
    "signed_leader_rate": "Tỷ lệ ký số lãnh đạo (%)",
    "signed_agency_rate": "Tỷ lệ ký số cơ quan (%)",
    "metric_signed": "Văn bản ký số (chỉ tiêu đang xét)",
    "rate": "Tỷ lệ (%)",
    "status": "Tình trạng",
    "status_label": "Tình trạng",
    "rank": "Xếp hạng chung",
    "block_rank": "Xếp hạng trong khối",
    "prev_sent": "Văn bản gửi đi kỳ trước",
    "prev_signed": "Văn bản ký số kỳ trước",
    "prev_rate": "Tỷ lệ kỳ trước (%)",
    "delta_pp": "Thay đổi (điểm %)",
    "prev_rank": "Xếp hạng kỳ trước",
    "rank_change": "Thay đổi xếp hạng",
    "ytd_sent": "Lũy kế văn bản gửi đi",
    "ytd_signed": "Lũy kế văn bản ký số",
    "ytd_rate": "Tỷ lệ lũy kế (%)",
    "ytd_complete": "Lũy kế đủ tháng",
    "meeting_target": "Số đơn vị đạt chỉ tiêu",
    "scope": "Phạm vi",
    "scope_label": "Phạm vi",
    "code": "Mã cảnh báo",
    "message": "Nội dung",
}


TOTAL_LABEL = "Tổng cộng"  # the totals row of a table


def column_labels(metric: str | None = None) -> dict:
    """COLUMN_LABELS for a table of one signature kind: its rates and year-to-date counts
    name the kind ("Tỷ lệ ký số cá nhân (%)"); plus the target column."""
    labels = dict(COLUMN_LABELS)
    if metric:
        phrase = METRIC_PHRASES.get(metric, metric)
        labels["ytd_signed"] = f"Lũy kế văn bản có {phrase}"
        labels["ytd_rate"] = f"Tỷ lệ lũy kế {phrase} (%)"
        labels["prev_rate"] = f"Tỷ lệ {phrase} kỳ trước (%)"
        labels["rate"] = f"Tỷ lệ {phrase} (%)"
    labels["target"] = "Mục tiêu (%)"
    return labels
