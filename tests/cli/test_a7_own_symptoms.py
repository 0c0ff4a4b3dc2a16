"""Defects found by attacking own symptoms (issue 14) as a user would: each test is named
after the defect it guards against."""

from __future__ import annotations

import shlex

from tests.cli.conftest import CliRunner


def test_a7_symptom_add_hint_is_a_command_the_shell_accepts(cli: CliRunner) -> None:
    """``symptom add "it's bad"`` suggested ``--symptom 'it's bad'``: pasted into a shell,
    the quote is unbalanced. The suggested command must split back into the name."""
    added = cli("symptom", "add", "it's bad")
    assert added.code == 0, added.err
    command = added.out.split("Log it with: ", 1)[1].strip()
    assert shlex.split(command)[-2:] == ["--symptom", "it's bad"], command
    plain = cli("symptom", "add", "eye strain")
    assert "--symptom 'eye strain'" in plain.out  # unchanged for a name without '
