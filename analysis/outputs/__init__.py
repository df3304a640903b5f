"""Outputs over a figures Summary: charts, Excel, CSV, the appendix, the letter, plain text."""
