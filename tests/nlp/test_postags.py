"""The name reader's compact part-of-speech tables give jieba.posseg's answers (nlp/postags.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_compact_tables_answer_as_the_full_tagger_does() -> None:
    """In a fresh process: the name reader's start does not import jieba.posseg (54 MiB); then,
    against the full tagger loaded afterwards, the everyday tags and the person reading agree."""
    code = textwrap.dedent("""
        import sys
        from pathlib import Path
        from nlp.names import NameReader, Surnames
        from nlp import postags
        NameReader(Surnames.load(Path("config/nlp/surnames.txt")))
        assert "jieba.posseg" not in sys.modules, "the full tagger was loaded at start"
        samples = ["张三", "王建国", "欧阳娜娜", "买买提", "阿依古丽", "闻立新", "可以", "时间",
                   "高兴", "明白", "李明", "都行", "塔集", "周杰伦", "马云", "白云"]
        compact = [postags.tagged_person(s) for s in samples]
        assert "jieba.posseg" in sys.modules
        import jieba, jieba.posseg
        # a tagger with the complete table, as jieba.posseg.dt had it before
        full = jieba.posseg.POSTokenizer(jieba.dt)
        def person(s):
            pairs = list(full.cut(s))
            return bool(pairs) and all(p.flag.startswith("nr") for p in pairs) and len(pairs) <= 2
        assert compact == [person(s) for s in samples], (compact, [person(s) for s in samples])
        assert any(compact) and not all(compact)
        n = 0
        for word, tag in full.word_tag_tab.items():
            if 2 <= len(word) <= 4 and not tag.startswith("nr") and \\
                    (jieba.dt.FREQ.get(word) or 0) >= postags.EVERYDAY_MIN_FREQ:
                assert postags.everyday_tag(word) == tag, word
                n += 1
        assert n > 10000
        print("ok")
    """)
    out = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "ok"
