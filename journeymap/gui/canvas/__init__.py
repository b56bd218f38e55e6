"""The Qt canvas: scene, items, view, link layer, headers and curves; paints the core layout and reports gestures. May import core and gui.session, never the docks or dialogs."""
