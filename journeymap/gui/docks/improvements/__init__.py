"""The Improvements dock: plan list, form and the impact-vs-effort matrix."""
