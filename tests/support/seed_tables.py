"""The seeds' appendix tables as cell rows, laid out as in their letters."""

SEED002_HEADER = [
    [
        "TT",
        "Tên cơ quan",
        "Văn bản gửi đi",
        "Văn bản đi có ký số của lãnh đạo",
        None,
        "Văn bản gửi đi có ký số cơ quan",
        None,
        "Ghi chú",
    ],
    [None, None, None, "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ", None],
]
SEED002_UNITS = [
    (1, "Phòng Dân tộc", 2, 0, "0%", 0, "0%"),
    (2, "Trung tâm DVNN", 8, 6, "75%", 7, "87.5%"),
    (3, "Xã Sơn Hà", 40, 40, "100%", 40, "100%"),
    (4, "Xã Trung Tiến", 79, 79, "100%", 79, "100%"),
    (5, "Xã Sơn Thủy", 75, 75, "100%", 75, "100%"),
    (6, "Xã Trung Xuân", 62, 62, "100%", 62, "100%"),
    (7, "Xã Tam Thanh", 54, 54, "100%", 54, "100%"),
    (8, "Xã Trung Hạ", 45, 45, "100%", 45, "100%"),
    (9, "Xã Na Mèo", 39, 39, "100%", 39, "100%"),
    (10, "Xã Trung Thượng", 37, 37, "100%", 37, "100%"),
    (11, "Xã Tam Lư", 15, 15, "100%", 15, "100%"),
    (12, "Thị trấn Sơn Lư", 90, 89, "98.89%", 89, "98.89%"),
    (13, "Xã Sơn Điện", 56, 54, "96.34%", 56, "100%"),
    (14, "Xã Mường Mìn", 40, 35, "87.5%", 35, "87.5%"),
]


def seed002_rows():
    rows = [
        ["PHỤ LỤC"],
        [
            "Tình hình thực hiện tạo lập, trao đổi, xử lý, ký số trên văn bản điện tử "
            "của UBND các xã, thị trấn tháng 3/2021"
        ],
        [],
    ]
    rows += SEED002_HEADER
    rows += [list(u) + [None] for u in SEED002_UNITS]
    merges = [(3, 3, 3, 4), (3, 5, 3, 6), (3, 0, 4, 0), (3, 1, 4, 1), (3, 2, 4, 2), (3, 7, 4, 7)]
    return rows, merges


SEED003_UNITS = [
    ("UBND xã Cẩm Vân", 199, 161, 161, 161),
    ("UBND xã Cẩm Thành", 218, 160, 160, 160),
    ("UBND thị trấn Phong Sơn", 244, 153, 153, 153),
    ("UBND xã Cẩm Tú", 220, 140, 140, 140),
    ("UBND xã Cẩm Châu", 220, 131, 131, 131),
    ("UBND xã Cẩm Giang", 202, 114, 114, 114),
    ("UBND xã Cẩm Lương", 209, 114, 114, 114),
    ("UBND xã Cẩm Tâm", 209, 111, 111, 111),
    ("UBND xã Cẩm Quý", 213, 108, 108, 108),
    ("UBND xã Cẩm Bình", 211, 99, 99, 99),
    ("UBND xã Cẩm Long", 201, 93, 93, 93),
    ("UBND xã Cẩm Liên", 210, 92, 92, 92),
    ("UBND xã Cẩm Tân", 209, 89, 89, 89),
    ("UBND xã Cẩm Ngọc", 200, 85, 85, 85),
    ("UBND Xã Cẩm Thạch", 201, 66, 66, 66),
    ("UBND xã Cẩm Yên", 196, 52, 52, 52),
    ("UBND xã Cẩm Phú", 201, 87, 87, 86),
]


def seed003_rows():
    rows = [
        ["ỦY BAN NHÂN DÂN HUYỆN CẨM THỦY"],
        ["Phụ lục"],
        [
            "Tình hình thực hiện tạo lập, trao đổi, xử lý, ký số trên văn bản điện tử "
            "của các đơn vị cấp xã"
        ],
        ["(Kèm theo công văn số /UBND-VHTT ngày /06/2022)"],
        [None, None, None, "Từ ngày: 01/05/2021 Đến ngày: 31/05/2021"],
        [
            "TT",
            "Tên cơ quan",
            "Văn bản đến",
            "Văn bản gửi đi",
            "Văn bản đi có ký số của lãnh đạo",
            None,
            "Văn bản đi có ký số Cơ Quan",
            None,
            "Ghi chú",
        ],
        [None, None, None, None, "Số lượng", "Tỷ lệ", "Số lượng", "Tỷ lệ", None],
        ["0", "1", "2", "3", "4", "5=(4)/(3)", "6", "7=(6)/(3)", None],
    ]
    for i, (name, rec, sent, lead, ag) in enumerate(SEED003_UNITS, 1):
        lr = "100 %" if lead == sent else f"{lead / sent * 100:.2f} %"
        ar = "100 %" if ag == sent else f"{ag / sent * 100:.2f} %"
        rows.append([i, name, rec, sent, lead, lr, ag, ar, None])
    rows.append(["Tổng", None, "3.563", "1.855", "1.855", "100 %", "1.854", "99.94 %", None])
    merges = [
        (5, 4, 5, 5),
        (5, 6, 5, 7),
        (5, 0, 6, 0),
        (5, 1, 6, 1),
        (5, 2, 6, 2),
        (5, 3, 6, 3),
        (5, 8, 6, 8),
    ]
    return rows, merges


SEED001_SECTION1 = [
    ("Phòng Kinh tế và Hạ tầng", 38, 0, "0"),
    ("Phòng Tài chính - Kế hoạch", 30, 4, "13,33"),
    ("Phòng Tài nguyên và Môi trường", 37, 20, "54,05"),
    ("Phòng Nông nghiệp và PTNT", 53, 23, "43,40"),
    ("Phòng Nội vụ", 89, 64, "71,91"),
    ("Thanh tra", 34, 0, "0"),
    ("Phòng Tư pháp", 35, 35, "100"),
    ("Phòng Văn hoá và Thông tin", 68, 64, "94,12"),
    ("Phòng Lao động - TBXH", 20, 7, "35"),
    ("Phòng Dân tộc", 30, 21, "70"),
    ("Phòng Giáo dục và Đào tạo", 114, 113, "99,12"),
    ("Trung tâm dịch vụ nông nghiệp", 39, 8, "20,51"),
    ("Trung tâm Truyền thông - Văn hoá", 45, 11, "24,44"),
    ("Ban quản lý dự án đầu tư xây dựng", 42, 0, "0"),
]
SEED001_SECTION2 = [
    ("UBND xã Chiềng Đông", 15, 0, "0"),
    ("UBND xã Chiềng Sàng", 11, 8, "72,73"),
    ("UBND xã Chiềng Păn", 86, 44, "51,16"),
    ("UBND xã Viêng Lán", 44, 44, "100"),
    ("UBND thị trấn", 36, 34, "94,44"),
    ("UBND xã Chiềng Khoi", 31, 4, "12,90"),
    ("UBND xã Sấp Vạt", 42, 0, "0"),
    ("UBND xã Chiềng Hặc", 0, 0, "0"),
    ("UBND xã Tú Nang", 236, 235, "99,58"),
    ("UBND xã Mường Lựm", 0, 0, "0"),
    ("UBND xã Lóng Phiêng", 18, 18, "100"),
    ("UBND xã Chiềng Tương", 52, 18, "34,62"),
    ("UBND xã Phiêng Khoài", 51, 25, "49,02"),
    ("UBND xã Chiềng On", 14, 0, "0"),
    ("UBND xã Yên Sơn", 39, 8, "20,51"),
]
SEED001_HEADER = [
    "STT",
    "Tên cơ quan, đơn vị; UBND các xã, thị trấn",
    "Số lượng văn bản phát hành trên phần mềm QLVB",
    "Số lượng văn bản ký số",
    "Đạt tỷ lệ %",
]


def seed001_rows():
    rows = [
        ["TỔNG HỢP VĂN BẢN KÝ SỐ (TỪ NGÀY 01/01/2021 - 31/3/2021)"],
        ["(Kèm theo Công văn số:621/UBND-VP ngày 31/3/2021 của UBND huyện)"],
        SEED001_HEADER,
        ["I", "Các cơ quan, đơn vị trực thuộc"],
    ]
    rows += [[i, *u] for i, u in enumerate(SEED001_SECTION1, 1)]
    rows.append(["II", "Các xã, thị trấn"])
    rows += [[i, *u] for i, u in enumerate(SEED001_SECTION2[:5], 1)]
    rows.append([])
    rows.append(SEED001_HEADER)  # repeated after a page break
    rows += [[i, *u] for i, u in enumerate(SEED001_SECTION2[5:], 6)]
    return rows
