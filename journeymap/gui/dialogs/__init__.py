"""Dialogs: PDF export options and crash recovery.

May import core, export, gui.session and gui.autosave; never the canvas or the docks.
"""
