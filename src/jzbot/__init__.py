"""jzbot: a cited knowledge assistant for Chinese government documents."""

from jzbot._version import __version__
from jzbot.models import Answer, Citation, DocMeta, DocNoEntry, Figure, IngestReport

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "DocMeta",
    "DocNoEntry",
    "Figure",
    "IngestReport",
    "__version__",
]


def __getattr__(name: str) -> object:
    # Assistant pulls in chromadb and the embedding model: import it only when asked for.
    if name == "Assistant":
        from jzbot.assistant import Assistant

        return Assistant
    raise AttributeError(name)
