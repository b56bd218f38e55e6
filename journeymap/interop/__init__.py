"""Exchange with other tools (Mermaid, CSV/Excel, GraphML); no Qt."""
