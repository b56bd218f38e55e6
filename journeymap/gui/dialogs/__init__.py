"""Dialogs: PDF export options and crash recovery. May import core, export options and gui.session; never the canvas or docks."""
