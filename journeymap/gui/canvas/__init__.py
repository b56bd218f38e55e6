"""The Qt canvas: scene, items, view, link layer, headers, curves; paints the core layout.

May import core, export options and gui.session; never the docks or dialogs.
"""
