"""Chuangkou application core: domain types and rules, no Qt widgets, no storage."""

__version__ = "0.1.0"
