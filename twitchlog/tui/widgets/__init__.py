"""Widgets of the TUI: charts, the calendar heatmap, drink counters, labelled fields."""
