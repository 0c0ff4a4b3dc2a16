"""Reliability proofs: tests that try to lose, corrupt or leak a journal entry, with figures."""
