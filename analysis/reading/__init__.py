"""Reading: file bytes -> cell grid -> located table -> classified rows -> units (one stage a module).

guard (byte-level checks) -> grid (cells) -> layout (header, columns) -> rows (kinds) ->
unit_rows (a row to a Unit) -> checks (warnings) -> parse (the whole workbook).
"""
