"""The Qt-free core: document model, commands, layout, file format and analysis."""
