"""PDF maps and improvement plans with ReportLab; no Qt."""
