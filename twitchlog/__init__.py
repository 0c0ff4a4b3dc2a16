"""twitchlog: a private, honest journal for muscle twitches, in the terminal."""

__version__ = "0.1.0"
