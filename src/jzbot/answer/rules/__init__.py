"""Answer rules, each ``(Context) -> Answer | None``; ``answer/router.py`` runs them in order."""
