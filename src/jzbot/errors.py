"""Errors staff and administrators may see. Each message says what happened and what to do, in Chinese and English."""


class JzbotError(Exception):
    """Base class: ``str(error)`` is safe to show to a user."""

    zh: str = "处理请求时出错。"
    en: str = "The request failed."

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__(f"{self.zh}{detail and ' ' + detail} / {self.en}")


class ConfigError(JzbotError):
    zh = "配置有误，请检查 .env 或 JZBOT_ 环境变量。"
    en = "Configuration error: check .env or the JZBOT_ environment variables."


class UnreadableFile(JzbotError):
    zh = "文件无法读取，已跳过。"
    en = "The file could not be read and was skipped."


class StoreUnavailable(JzbotError):
    zh = "向量库无法连接，请确认 Chroma 服务已启动（JZBOT_CHROMA_URL）。"
    en = "The vector store is unreachable: check that the Chroma server (JZBOT_CHROMA_URL) is running."


class ModelUnavailable(JzbotError):
    zh = "大模型服务暂不可用，已改用原文摘录回答。"
    en = "The language model is unavailable; answered extractively instead."


class PromptError(JzbotError):
    zh = "提示词模板有误，请检查 prompts/ 目录。"
    en = "A prompt template is invalid: check the prompts/ folder."


class RateLimited(JzbotError):
    zh = "提问过于频繁，请稍后再试。"
    en = "Too many requests: please try again in a minute."
