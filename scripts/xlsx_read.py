#!/usr/bin/env python3
"""Reads an XLSX workbook from stdin with the independent `openpyxl` package and prints every
sheet as JSON: its name, frozen panes, and every row's values (numbers stay numbers)."""
import io
import json
import sys

import openpyxl

book = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()), data_only=True)
out = []
for sheet in book.worksheets:
    rows = []
    for row in sheet.iter_rows(values_only=True):
        rows.append([v for v in row])
    out.append({
        "name": sheet.title,
        "freeze": sheet.freeze_panes,
        "rows": rows,
        "header_bold": bool(sheet.cell(row=4, column=1).font.bold),
    })
json.dump(out, sys.stdout, default=str)
