"""jzbot: a cited knowledge assistant for Chinese government documents."""

from jzbot.models import Answer, Citation, DocMeta, DocNoEntry, Figure, IngestReport

__version__ = "0.1.0"
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
