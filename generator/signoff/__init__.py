"""Returned PDFs and a staff list -> the sign-off register."""
