"""The improvement plan PDF: cover, summary, action table, charts and findings.

May import core and the shared export modules (text, fonts, document, …); never export.map.
"""
