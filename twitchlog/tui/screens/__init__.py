"""Screens of the TUI: Home, History, Medicines, Trends, Report."""
