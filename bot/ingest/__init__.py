"""Ingest: reports from outside — a web page fetched safely (fetch.py), its article extracted
(extract.py), or a forwarded/pasted message turned into a report."""
