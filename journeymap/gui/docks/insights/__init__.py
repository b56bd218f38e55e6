"""The Insights dock: findings, worst/best path toggles, and the analysis worker thread."""
