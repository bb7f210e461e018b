"""The closing of a letter and its signature block, which is no part of the account.

    closing_at("…一直没人修。此致 敬礼！ 反映人：王秀英 联系电话：138… 2026年12月5日")  # -> index of "此致"

A written petition ends in a closed set of forms (a grammar, not a word list of examples): a
formula (此致 / 敬礼 / 盼复 / 望早日答复 / 特此反映), then signature items in any order: a label
and a name (反映人：…, 信访人 …, 写信人 …, 具名人 …), a label and a contact (联系电话：…, 手机 …,
住址：…), who signs (…村村民 周德兵 敬上, 全体村民, 群众 李长根), a bare name, a phone run (written
or spoken), the date. The block starts with a formula or a signer's label; what precedes it is
the letter. Pure.
"""

from __future__ import annotations

import re

# (every item ends where the ideographs end and is matched once, atomic: a long run of text after
# a formula is not tried as every split into names)
# A date: 2026年12月7日, 十二月七号, 二〇二六年十二月五日, 2026.12.6, 12月
DATE = (r"(?:(?:(?:\d{4}|[〇○零一二两三四五六七八九]{4})\s*年\s*)?[\d〇○零一二三四五六七八九十]{1,2}\s*月"
        r"(?:\s*[\d〇○零一二三四五六七八九十]{1,3}\s*[日号號])?|\d{4}\s*[.\-/]\s*\d{1,2}\s*[.\-/]\s*\d{1,2}[日号]?)")
_SEP = r"[\s，,。.！!；;、:：]*"
_NAME = r"[\u4e00-\u9fff·]{2,6}?(?:\s*(?:敬上|谨上|謹上|拜上|上))?"
_FORMULA = (r"(?:此\s*致" + _SEP + r"(?:(?:敬|致)\s*[礼禮])?|(?:敬|致)\s*[礼禮]|盼复|盼復|盼回复|"
            r"(?:望|恳请|懇請)(?:领导|領導)?(?:早日|尽快|儘快)?(?:答复|答覆|回复|回覆|批复)|"
            r"特此(?:反映|报告|報告|举报|舉報|申请|申請)|以上情况属实|以上情況屬實)")
_SIGNER = r"(?:反映人|信访人|信訪人|写信人|寫信人|举报人|舉報人|具名人?|落款|签名|簽名|联系人|聯繫人)"
_CONTACT = (r"(?:联系电话|聯繫電話|联系方式|聯繫方式|电话|電話|手机号?|手機號?|号码|號碼|身份证号?|身份證號?)")
# (a mobile, a landline, or spoken digits: exactly, so that a date after it is its own item; a
# year glued to a mobile, "139142055372026年", when the space between them was read away)
_MOBILE = r"(?:\+?86[ \-]?)?1[3-9](?:[ \-]?\d){9}"
_PHONE = (r"(?:" + _MOBILE + r"(?=\d{4}\s*年)|(?:" + _MOBILE + r"|(?:0517[ \-]?)?[2-9]\d{7}|"
          r"[〇○零一二两三四五六七八九幺洞](?:\s?[〇○零一二两三四五六七八九幺洞]){6,13})(?![\d〇○零一二两三四五六七八九幺洞]))")
_HOME = r"(?:家庭住址|住址|地址)[:：]?\s*[^\s，,。；;（）()]{2,30}"
_WHO = (r"(?:[\u4e00-\u9fff]{2,16}?)?(?:全体)?(?:村民|群众|居民|业主|業主|职工|職工|住户|住戶|党员|黨員)(?:代表)?"
        r"(?:\s*" + _NAME + r")?")
_ITEM = (r"[（(]?(?:" + _SIGNER + r"[:：]?\s*" + _NAME + "|" + _CONTACT + r"[:：]?\s*" + _PHONE + "|" + _HOME +
         "|" + DATE + "|" + _PHONE + "|" + _WHO + "|" + _NAME + r")[)）]?(?![\u4e00-\u9fff])"
         r"|[（(][\s:：]*[)）]")  # (the brackets a contact was taken out of)
_BLOCK = re.compile(r"(?:^|(?<=[\s，,。.！!；;、]))(?:" + _FORMULA + "|" + _SIGNER + r"[:：]?\s*" + _NAME + ")" +
                    _SEP + r"(?:(?>" + _ITEM + ")" + _SEP + r")*$")
_TAIL = 160  # characters: a signature block is short; only the end of a message is searched


def closing_at(text: str) -> int | None:
    """Where the letter's closing and signature block begins in `text`, None when it has none."""
    start = max(0, len(text) - _TAIL)
    m = _BLOCK.search(text, start)
    return m.start() if m else None


def without_closing(text: str) -> str:
    """`text` without its closing and signature block."""
    at = closing_at(text)
    return text if at is None else text[:at].rstrip("，,。.！! \t\n")
