"""``status``: one short line for a shell prompt or a tmux status bar; ``about``: plain words
about twitching (the text lives in ``domain/about.py``, for the app too).

The line itself is ``cli/prompt.py`` (standard library only); ``cli/main.py`` prints it without
building the typer app when ``status`` is all that was asked, so it is fast enough to run on
every prompt. It never fails a prompt: no journal yet, or one that cannot be read, is a short
line and exit 0.
"""

from __future__ import annotations

import typer

from twitchlog.cli.prompt import status_line


def status(ctx: typer.Context) -> None:
    """One short line for a shell prompt or tmux: today's twitches and the check-in."""
    typer.echo(status_line(ctx.obj))


def about() -> None:
    """About twitching: what is common, what a doctor asks, when to see one soon."""
    from twitchlog.domain.about import about_text

    typer.echo(about_text(), nl=False)
