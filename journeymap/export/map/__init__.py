"""The map PDF: sheet, drawing, legend, marks, placement and annotations.

May import core and the shared export modules (text, fonts, pen, …); never export.plan.
"""
