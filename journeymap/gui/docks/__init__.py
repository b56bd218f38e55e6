"""Dock widgets beside the canvas: inspector, palette, insights, improvements.

May import core, gui.session and gui.canvas; the docks share docks.widgets and docks.form
and do not import each other.
"""
