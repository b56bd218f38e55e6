"""The Insights dock: findings list, worst/best path toggles and the worker that runs the analysis off the UI thread."""
