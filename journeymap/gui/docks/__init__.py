"""Dock widgets beside the canvas: inspector, palette, insights, improvements. May import core, gui.session and gui.canvas; the docks do not import each other."""
