"""Reading: file bytes -> cell grid -> located table -> classified rows -> units (a stage a module).

guard (byte-level checks) -> grid (cells) -> layout (header, columns) -> rows (kinds) ->
unit_rows (a row to a Unit) -> checks (warnings) -> parse (the whole workbook). cells, names,
headers and period_detect read what one cell, name, header or title says; memo holds what one
parse remembers of the cells it has read.
"""
