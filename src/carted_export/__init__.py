"""carted-export: accessible, multilingual exports of patient health articles."""

__version__ = "0.1.0"
