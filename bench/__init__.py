"""`make bench` (``python -m bench``): how fast carted-export is, on equal terms.

Method: bench/README.md.  This package imports nothing itself: ``bench.weasyprint_alone``
must run in a process where carted-export was never imported.
"""
