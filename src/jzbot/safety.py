"""Text that tries to instruct the assistant is never evidence and never model context.

Detection reads a normalised form of the text, so disguises do not matter: NFKC (full-width letters),
zero-width and spacing characters removed (忽 略 / 忽\u200b略), traditional characters made simplified
(through OpenCC's tables), lower case. It then looks for the shapes of an instruction to the reader,
in Chinese and English: overriding earlier instructions, claiming the highest priority, assigning the
reader a role, scripting its reply, asking for its system prompt. A document with any such passage
is quarantined whole from every answer path (its other passages may carry the payload the instruction
points at: "以下内容优先级最高" in one section, the false facts in the next); ``jzbot docs`` lists it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

from jzbot.models import Chunk, DocMeta, Hit

# Bump when the patterns change: the derived index (which leaves quarantined chunks out) is keyed on it.
DETECTOR_VERSION = "4"

# Characters that hide words from a pattern without changing what a reader sees.
_INVISIBLE = re.compile(
    r"[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]"
)
# Spacing, and the filler marks used to space letters out (忽·略, i-g-n-o-r-e).
_SPACING = re.compile(r"[\s·•・_*~^|\\/\-]+")

_PRIOR = r"(?:之前|以前|以上|上述|上面|前面|先前|此前|原有|原来|原先|已有|所有|全部|一切|任何|其他|其它|你的|系统的?|默认的?)"
_EARLIER = r"(?:之前|以前|以上|上述|上面|前面|先前|此前|其他|其它)"
_RULES = r"(?:指令|指示|提示词?|规则|设定|约束|限制|命令|资料|内容|信息|安全策略|系统消息)"
_READER = (
    r"(?:ai|人工智能|大模型|语言模型|智能助手|知识库助手|问答助手|助手|机器人|chatbot|gpt|llm|assistant)"
)
_BOT = r"(?:助手|机器人|大模型|语言模型|模型|ai|gpt|chatbot)"
_NOW = r"(?:现在|从现在起|从现在开始|从今以后|接下来|此后|今后|下面|自此)"
_REPLY = r"(?:回答|答复|回复|输出|告诉|声称|说|写)"

_SHAPES: dict[str, str] = {
    # Override what came before: 忽略以上所有指令, 无视之前的规则, 以上资料均作废, ignore previous instructions.
    "override": rf"(?:忽略|无视|忘记|忘掉|不要理会|不必理会|不要遵守|不必遵守|不用遵守|抛开|绕过|跳过|覆盖)"
    rf"(?:掉|了)?(?:你)?{_PRIOR}.{{0,8}}?{_RULES}"
    rf"|{_EARLIER}(?:的)?(?:所有|全部)?(?:指令|指示|提示词?|设定|资料|内容|信息)(?:均|都|全部|一律)?"
    r"(?:作废|无效|失效|不再有效|不算数?|不可信|不适用|已过时)"
    r"|(?:ignore|disregard|forget|override|bypass)(?:all|any|the|your|of|everything)*"
    r"(?:previous|prior|above|earlier|preceding|former|other|system|original|existing)?"
    r"(?:instructions?|rules?|prompts?|directions?|guidelines?|guidance|directives?|context|messages?"
    r"|constraints?|polic(?:y|ies))",
    # Claim precedence over the rules: 以下内容优先级最高, this instruction has the highest priority.
    "priority": r"(?:以下|下面|本段|此段|这段|该段|本条|此条|这条|下列|此项|本项|此|本)(?:的)?"
    r"(?:内容|信息|文字|说明|指令|指示|声明|规则|要求|通知)?(?:的)?(?:具有|拥有|享有|为|是|属于)?"
    r"(?:最高优先级|优先级最高)"
    r"|(?:最高优先级|优先级最高)(?:的)?(?:指令|指示|命令|规则|要求|设定|内容|信息)"
    r"|优先于(?:以上|之前|系统|其他指令|其他规则|其他资料|所有指令|一切指令)"
    r"|(?:highest|top|maximum)priority|overridesall|supersedes(?:all|any|previous)",
    # Give the reader a role: 你现在是…, 从现在开始你扮演, 角色扮演, you are now, act as an AI.
    "role": rf"你(?:们)?{_NOW}(?:就|将|要)?(?:是|扮演|充当|作为|变成|成为)"
    rf"|你(?:们)?(?:就|将|要)?(?:扮演|充当)"
    rf"|你(?:是|作为)(?:一个|一名|一位)?.{{0,8}}?{_BOT}"
    rf"|{_NOW}(?:开始)?(?:，|,)?你(?:是|扮演|充当|必须|只能|将)"
    r"|角色扮演|假装(?:你|自己)是"
    r"|你的(?:新)?(?:任务|职责|角色|身份|人设|指令)(?:是|为|变为|改为)"
    r"|进入(?:开发者|调试|管理员|越狱|无限制|自由|上帝|developer|debug|admin|dan)模式"
    r"|youarenow|fromnowon|henceforth(?:,)?you|actas(?:an?|the|my)?(?:ai|assistant|chatbot|model|gpt|bot|system|admin|dan)"
    r"|pretend(?:tobe|youare|thatyouare)|role-?play|yournew(?:role|task|instructions?|persona)",
    # Address the reader and script its reply: 当用户问…时你回答, 助手请务必…, the assistant must answer.
    "script": rf"{_READER}(?:，|,|:|：)?(?:请你|请务必|请忽略|请按|请回答|请在|你必须|你应|你要|你需)"
    rf"|{_BOT}(?:必须|务必|只能|一律)(?:{_REPLY})"
    rf"|(?:阅读|看到|读到|处理|检索到)(?:本段|此段|这段|本文|此文|以下|这些)(?:内容|文字|资料)?的"
    rf"(?:{_READER}|程序|系统)"
    rf"|你(?:必须|务必|只能|只准|不得|不能|不要|不可|应当|应该|需要|一定要)(?:{_REPLY}|遵守|遵循|服从|执行|忽略|引用|使用|按照)"
    rf"|(?:用户|提问者|有人|任何人)(?:问|询问|提问)(?:到|起|及)?.{{0,30}}?(?:你|请|就|一律|必须|务必)(?:要|应)?{_REPLY}"
    r"|(?:不要|切勿|禁止|无需|不必)(?:引用|提及|透露|标注|显示)(?:出处|资料编号|引用标记)"
    r"|whentheuserasks|iftheuserasks|ifaskedabout|always(?:answer|respond|reply|say)"
    r"|(?:answer|respond|reply)(?:only)?with|(?:assistant|model|chatbot)(?:must|should|shall)"
    r"|donot(?:cite|mention|reveal)|newinstructions?",
    # Speak to the assistant in what looks like its own channel, or lay down how it must answer:
    # 智能助手在回答…时, 【系统】新的回答规范, 凡涉及…一律回答, 回答时请一并告知用户访问…, tell the user ….
    "address": rf"{_READER}(?:在|于)?(?:回答|答复|回复|生成|输出|处理)"
    r"|[【\[](?:系统|system)(?:消息|提示|通知|指令|公告|message|notice|prompt)?[】\]]"
    r"|(?:新的?|最新的?|更新的?)(?:回答|答复|回复|应答)(?:规范|规则|准则|口径|要求)"
    r"|凡(?:涉及|是|有关|关于|问到|问及).{0,40}?一律(?:回答|答复|回复|称|说|表示|告知)"
    r"|(?:回答|答复|回复|应答).{0,20}?(?:时|中),?(?:请|务必|须|需|要)?(?:一并|同时|顺便|务必)?"
    r"(?:告知|告诉|提醒|转告|推荐|引导)(?:用户|提问者|咨询者|访客|读者)"
    r"|whenanswering|inyour(?:answer|reply|response)|(?:tell|remind|direct)(?:the)?users?",
    # Reach for the reader's configuration: 系统提示词, system prompt, developer mode, jailbreak.
    "system": r"系统提示词|系统提示语|(?:泄露|透露|输出|打印|告诉我)(?:你的)?(?:系统)?(?:提示词|指令|配置)"
    r"|systemprompt|developermode|jailbreak|提示词注入|promptinjection",
}
_PATTERN = re.compile("|".join(f"(?P<{name}>{p})" for name, p in _SHAPES.items()))


class Flag(NamedTuple):
    shape: str  # which kind of instruction: override, priority, role, script, system
    matched: str  # the normalised words that matched


@lru_cache(maxsize=1)
def _t2s():  # loaded once
    from opencc import OpenCC

    return OpenCC("t2s")


# Traditional → simplified, character by character, learnt from OpenCC as characters are first seen.
# Converting whole texts costs ~4 µs a character (100 s for a 50k-chunk index); a translate table costs
# almost nothing, and detection needs characters, not OpenCC's phrase-level choices.
_SIMPLIFIED: dict[int, str] = {}
_SEEN: set[str] = set()


def _simplify(text: str) -> str:
    for ch in set(text) - _SEEN:
        converted = _t2s().convert(ch)
        if converted != ch and len(converted) == 1:
            _SIMPLIFIED[ord(ch)] = converted
        _SEEN.add(ch)
    return text.translate(_SIMPLIFIED)


def normalize(text: str) -> str:
    """The form detection reads: NFKC, no invisible or spacing characters, simplified, lower case."""
    t = unicodedata.normalize("NFKC", text or "")
    t = _INVISIBLE.sub("", t)
    t = _SPACING.sub("", t)
    return _simplify(t).lower()


def find_instruction(text: str) -> Flag | None:
    """The first instruction to the reader in ``text``, or None."""
    m = _PATTERN.search(normalize(text))
    if m is None or m.lastgroup is None:
        return None
    return Flag(m.lastgroup, m.group(0))


def looks_like_injection(text: str) -> bool:
    return find_instruction(text) is not None


def quarantined(chunk: Chunk, meta: DocMeta) -> bool:
    """A passage that instructs the reader, or any passage of a document whose title does, is never used."""
    return looks_like_injection(chunk.text) or looks_like_injection(meta.title)


URL = re.compile(r"(?:https?://|www\.)[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+", re.IGNORECASE)
# A sentence that has the reader pass a link on to the people it answers: 告知用户访问…, tell users to visit ….
_RELAY = re.compile(
    r"(?:告知|告诉|提醒|转告|推荐|引导|建议)(?:广大)?(?:用户|提问者|咨询者|访客|读者|群众|大家).{0,8}?"
    r"(?:访问|登录|点击|前往|下载|打开|浏览|关注|扫码)"
    r"|(?:tell|remind|direct|ask|advise)(?:the)?users?to(?:visit|open|click|download|goto|check)"
)


def _host(url: str) -> str:
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).split("/", 1)[0]


def url_lures(text: str) -> set[str]:
    """Hosts of links that ``text`` asks its reader to pass on to users (告知用户访问 http://…)."""
    lures: set[str] = set()
    for sentence in re.split(r"(?<=[。！？!?；;\n])", text):
        if URL.search(sentence) and _RELAY.search(normalize(URL.sub("", sentence))):
            lures |= {_host(u) for u in URL.findall(sentence)}
    return lures


def novel_lures(rows: list[tuple[Chunk, DocMeta]]) -> set[str]:
    """Documents whose passages relay a link no other document of the knowledge has: a link the knowledge
    never had before, pushed at the people the assistant answers, is an instruction, however politely put."""
    hosts_of: dict[str, set[str]] = {}
    for c, m in rows:
        for url in URL.findall(c.text):
            hosts_of.setdefault(_host(url), set()).add(m.doc_id)
    return {
        m.doc_id for c, m in rows for host in url_lures(c.text) if hosts_of.get(host, set()) <= {m.doc_id}
    }


def trusted_rows(rows: Iterable[tuple[Chunk, DocMeta]]) -> list[tuple[Chunk, DocMeta]]:
    """``rows`` without any passage of a document that has a quarantined passage or relays a novel link."""
    rows = list(rows)
    flagged = {m.doc_id for c, m in rows if quarantined(c, m)} | novel_lures(rows)
    return [(c, m) for c, m in rows if m.doc_id not in flagged]


def trusted(hits: list[Hit]) -> list[Hit]:
    """``hits`` without quarantined passages, in their order."""
    return [h for h in hits if not quarantined(h.chunk, h.meta)]
