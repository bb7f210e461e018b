"""Someone else's words reported in the account, and what was done to someone: what an official
told the citizen is what was tried, an insult (当着一屋子人骂她老糊涂) and a relative's condition
(俺闺女是二级残疾) are the matter; never talk about the talk, however much they sound like a word
to the clerk or like talk about oneself (我老糊涂了, 我是残疾人不会打字).

    reported(["镇里民政办的李主任跟我说", "“你这个情况够不上低保", "别来了”", "可我家…"])
    # -> [True, True, True, False]

Structural cues (a grammar of reported speech, not a word list): a clause inside quotation
marks (“…”, "…", 「…」); a clause that introduces words (a speaker, not I or you, then 跟我/对俺…
说/讲, or 原话) when the clause after it is words said to the citizen (it addresses 你/恁/您, is
quoted, or orders: 别…, 回去…, 等…); the words after such an intro while they still address the
citizen; a speaker's words glued to the intro (小张说你这个养老金就这么多); an insult or a
scolding with whom it hit (骂她, 冲她吼, 说我儿子是…); a relative (闺女, 老伴, 我妈…) and their
illness or disability (是智力残疾, 得了尿毒症, 中风瘫在床上); words said by someone else (a
speaker, not I or you, or no subject at all, then 说/讲 and the words: 村长讲没钱, 说会处理, 还说不归
他们管) and the short clauses after them that go on with those words (…，以后再说 / 不知道 / 不用再来了:
alone they would be the citizen deferring; issue 14 round 8), unless they turn to the clerk
(谢谢你们 / 就这些 / 麻烦领导了). Pure.
"""

from __future__ import annotations

import re

_OPEN = "“「『"
_CLOSE = "”」』"
_YOU = re.compile(r"你|您|恁")
# (a speaker, then whom they told, then the verb, at the clause's end)
_INTRO = re.compile(r"^(?!(?:我|俺|我们|俺们|咱们?|本人)(?:就|也|还|又)?(?:跟|和|对|同|给)?[^，,]{0,3}(?:说|讲))"
                    r"[\u4e00-\u9fff]{1,14}?(?:当面|当场|直接|也|还|又|就|都)?(?:跟|和|对|同|给|告诉)?"
                    r"(?:我|俺|我们|俺们|咱|我家|俺家|我妈|我爸|俺娘|俺爹|我老伴)?"
                    r"(?:[说讲說講](?:的|是)?|原话(?:是)?|原話(?:是)?|回(?:我|俺)|答复(?:我|俺)?)(?:了|过)?[:：]?$")
_GLUED = re.compile(r"^(?!我|俺|本人|然后我)[^你您恁“\"]{2,14}?(?:跟|和|对)?(?:我|俺)?[说讲說講](?:的|是)?[:：]?(?:你|您|恁)")
_ORDER = re.compile(r"^(?:别|不要|回去|等|你|您|恁)")
_PERSON = (r"(?:他|她|他们|她们|我|俺|人家|老人家?|孩子|娃|我们|俺们|[我俺](?:家)?(?:妈|爸|娘|爹|儿子|闺女|女儿|孙子|孙女|"
           r"老伴|老头子?|老婆|媳妇|爷爷|奶奶|姥姥|外婆)|老太太|老大爷)")
# (someone is scolded, mocked or driven off: 骂她老糊涂, 冲她吼, 当着人说我儿子是要饭的)
_INSULT = re.compile(r"(?:骂|吼|训|凶|嘲笑|笑话|讽刺|羞辱|侮辱|辱骂|轰|撵|赶)了?(?:一顿)?" + _PERSON +
                     r"|(?:冲|对|朝|指着)" + _PERSON + r"[^，,。]{0,4}(?:吼|骂|喊|嚷|凶)|"
                     r"当着[^，,。]{1,8}(?:的面)?(?:骂|说|笑话|吼)")
# Words someone else said, in the clause that says who said them or with no subject (说会处理):
# a speaker that is not the citizen nor the clerk (a noun phrase: no 不/没/想/要… in it), then 说/讲
# and at least two characters of words.
_SAID = re.compile(r"^(?!我|俺|本人|咱|你|您|恁)(?:[^\W\d不没晓知想要能该在怎咋]{1,10}?)?(?:还|也|又|就|都|只|光|总|老是|一直|每次都|"
                   r"当时|后来|然后|当面)?(?:跟|和|对|给)?(?:我|俺|我们|俺们)?(?:说|讲|說|講)(?:了|过|的是|是)?[:：]?"
                   r"(?!完|清|明白|一下|个|件|不清|不好|不出|了算|话|错|漏|岔|反了|实话|实在|白了|句|真的|老实|到底)"
                   r"[\u4e00-\u9fff]{2,}")  # (说错了 / 说实话: the citizen's own talk)
# The citizen's own talk to the clerk after reported words: thanks, pleas, a closing.
# (or the citizen speaking of themselves again: 俺岁数大了)
_TO_CLERK = re.compile(r"^(?:我|俺|本人)|谢|感谢|麻烦|辛苦|拜托|劳驾|帮帮|求求|就这些|就这样|说完|讲完|你们|您|领导|同志|请")
_GOES_ON = 8  # characters at most of a clause that goes on with the words before it


_KIN = r"(?:我|俺|我家|俺家)(?:的)?(?:闺女|女儿|儿子|孩子|娃|老伴|老头子?|老婆|媳妇|妈|爸|娘|爹|父亲|母亲|爷爷|奶奶|孙子|孙女)"
_ILL = re.compile(r"^(?:[^，,。]{0,4})" + _KIN + r"(?:是|得了|有|患了?|查出|)[^，,。]{0,8}?"
                  r"(?:残疾|残障|病|症|瘫|癌|中风|脑梗|失明|瞎|聋|哑|智障|智力低下|痴呆|帕金森)")


def reported(clauses: list[str]) -> list[bool]:
    """For each clause of a message (in order), whether it is someone else's words or the
    clause introducing them."""
    out = [False] * len(clauses)
    inside = False
    for i, c in enumerate(clauses):
        opens = any(q in c for q in _OPEN) or c.count('"') % 2 == 1 and not inside
        if inside or opens:
            out[i] = True
        for ch in c:
            if ch in _OPEN:
                inside = True
            elif ch in _CLOSE:
                inside = False
            elif ch == '"':
                inside = not inside
        if _GLUED.search(c) or _INSULT.search(c) or _ILL.search(c):
            out[i] = True
    for i, c in enumerate(clauses):
        if _SAID.match(c):
            out[i] = True
            for j in range(i + 1, min(len(clauses), i + 3)):  # (…，以后再说 / 不知道: the words go on)
                nxt = clauses[j]
                if len(re.sub(r"[\W_]", "", nxt)) > _GOES_ON or _TO_CLERK.search(nxt) or _SAID.match(nxt):
                    break
                out[j] = True
    for i, c in enumerate(clauses[:-1]):
        if not _INTRO.match(c) or _YOU.search(c):
            continue
        nxt = clauses[i + 1]
        if not (out[i + 1] or _YOU.search(nxt) or _ORDER.match(nxt)):
            continue
        out[i] = out[i + 1] = True
        for j in range(i + 2, min(len(clauses), i + 4)):  # (the words go on while they address)
            if not (_YOU.search(clauses[j]) or _ORDER.match(clauses[j])):
                break
            out[j] = True
    return out
