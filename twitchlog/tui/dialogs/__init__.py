"""Modal dialogs: the episode and day forms, medicines and notes, confirmation, keys."""
