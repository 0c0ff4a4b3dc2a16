"""Handing a thread worker's result back to the UI thread, safely.

A worker may finish after its screen was closed, after a newer worker of the same group
replaced it (``exclusive=True`` cancels it, but a thread runs to its end), or while the app
shuts down; its result is then dropped instead of crashing the app or showing stale data.
A failure the person must see (a busy or damaged journal) goes through :func:`deliver_error`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.widget import Widget
from textual.worker import NoActiveWorker, get_current_worker


def deliver(node: DOMNode, callback: Callable[..., object], *args: Any, **kwargs: Any) -> None:
    """Run ``callback(*args, **kwargs)`` on the UI thread if ``node`` is still shown."""
    try:
        worker = get_current_worker()
    except NoActiveWorker:
        worker = None

    def guarded() -> None:
        if not node.is_attached or (worker is not None and worker.is_cancelled):
            return
        with contextlib.suppress(NoMatches):  # the screen was closed while the worker ran
            callback(*args, **kwargs)

    with contextlib.suppress(RuntimeError):  # the app is no longer running
        node.app.call_from_thread(guarded)


def deliver_error(node: Widget | App[Any], error: Exception) -> None:
    """Show ``error`` as one error toast (plain text, never markup) if ``node`` is still shown."""
    deliver(node, node.notify, str(error), severity="error", markup=False)
