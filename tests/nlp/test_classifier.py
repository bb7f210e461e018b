"""The shipped model on petitions it has not seen: category, nature, colour, keywords, handoff."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nlp.classifier import Classifier, default_examples
from nlp.types import COLORS, Analysis

# One realistic petition per category, phrased unlike the training examples (none of these
# sentences is in config/nlp/examples/; test_not_training_examples checks it).
BY_CATEGORY = {
    "urban_construction": "我住金北街道幸福家园，楼上住户把承重墙打掉了，我家天花板出现好多裂缝，物业说管不了，"
                          "请住建局来看看房子还安不安全。",
    "labour_security": "我在前锋镇一家钢构厂干焊工，老板拖欠了我们五个月工资，一共四万多，现在厂门都锁了，"
                       "人社局能不能帮我们要回来？",
    "agriculture": "塔集镇我们组的水稻田今年插秧时村里的灌溉泵站一直不开，秧苗干死了一大片，"
                   "请农业农村局督促修好泵站。",
    "land_resources": "邻村有人在我们组的基本农田上挖土填塘建养殖场，好几亩耕地毁了，国土部门一直没来制止。",
    "environment": "黎城工业园有家电镀厂半夜偷排废水，排污口的水是绿色的，河里的鱼都翻肚皮了，"
                   "请生态环境局连夜来取样。",
    "health": "我父亲在镇卫生院住院五天，出院时医保报销后还要自付六千多，清单里有好几项根本没做的检查。",
    "education_culture": "孩子在县城某小学读三年级，班主任周末在家里办补习班，不去补课的孩子上课就被冷落。",
    "transport": "金湖到银涂镇的城乡公交经常晚点一个多小时，末班车五点就停了，下班的人根本赶不上。",
    "market_regulation": "在戴楼街道一家超市买的猪肉回家发现是注水肉，称重少了三两，超市不肯退换。",
    "politics_law": "我家店铺昨晚被人撬门偷走了收银机里的两万多元，派出所来看过现场，一个星期了还没消息。",
    "civil_affairs": "我奶奶八十六岁独居，没有子女照顾，申请进镇敬老院集中供养半年了还没批下来。",
    "discipline": "举报我们村支书把村集体的征地补偿款挪去给他儿子的公司用，账目从不公开。",
    "other": "我们村这个月已经停了六次电，供电所说线路老化要等改造，家里冰箱的菜全坏了。",
}

BY_NATURE = {
    "咨询": "请问在金南镇办理残疾人证需要带哪些材料，到哪个窗口办？",
    "意见建议": "建议县里在吕良镇街上增设几个公共厕所，赶集的时候人多，根本找不到地方上厕所。",
    "求决": "我们小区停水三天了，自来水公司一直说在抢修，家里老人小孩没水用，请求尽快恢复供水。",
    "涉法涉诉": "法院判决对方赔偿我十二万元，判决生效快两年了，对方一直拒不履行，执行法官也不见人。",
    "投诉举报": "举报银涂镇一家小饭店用过期的冻肉做菜，后厨老鼠乱跑，卫生条件极差，请市场监管查处。",
}


def test_not_training_examples(config_dir: Path, classifier: Classifier) -> None:
    seen = {e.text for e in default_examples(config_dir, classifier.taxonomy)}
    assert not seen & (set(BY_CATEGORY.values()) | set(BY_NATURE.values()))


@pytest.mark.parametrize("code", sorted(BY_CATEGORY))
def test_category_of_unseen_petition(classifier: Classifier, code: str) -> None:
    a = classifier.analyze(BY_CATEGORY[code])
    assert a.category_code == code
    cat = classifier.taxonomy.category(code)
    assert (a.category_name, a.departments) == (cat.name, cat.departments)


@pytest.mark.parametrize("nature", sorted(BY_NATURE))
def test_nature_and_colour(classifier: Classifier, nature: str) -> None:
    a = classifier.analyze(BY_NATURE[nature])
    assert a.nature == nature
    # The county's published rule (config/colour_rule.toml): these single-department matters
    # are 常规 (None) unless they are a report, a court matter or a consultation.
    expected = {"咨询": "blue", "意见建议": None, "求决": None, "涉法涉诉": "orange",
                "投诉举报": "red"}[nature]
    assert a.multi_department is False
    assert a.color == expected


def test_analysis_shape(classifier: Classifier) -> None:
    a = classifier.analyze(BY_CATEGORY["labour_security"])
    assert isinstance(a, Analysis)
    assert 0.0 < a.confidence <= 1.0 and 0.0 < a.nature_confidence <= 1.0
    assert a.color is None or a.color in COLORS
    assert a.alternatives and all(p <= a.confidence for _, p in a.alternatives)
    assert a.category_code not in {c for c, _ in a.alternatives}
    words = [w for w, _ in a.keywords]
    assert "工资" in words or "拖欠" in words
    weights = [w for _, w in a.keywords]
    assert weights == sorted(weights, reverse=True)


def test_full_width_and_half_width_text_are_the_same(classifier: Classifier) -> None:
    half = "我在塔集镇打工，老板欠我12000元工资，3个月了还不给。"
    full = "我在塔集镇打工，老板欠我１２０００元工资，３个月了还不给。"
    assert classifier.analyze(half) == classifier.analyze(full)


# jieba.analyse.TFIDF() reads its IDF file without closing it; that is jieba's, not ours.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_keywords_are_jieba_extract_tags(classifier: Classifier) -> None:
    """Keywords computed from the shared segmentation equal jieba.analyse.extract_tags with the
    same stop words (the IDF file is read once instead of through jieba.analyse)."""
    import jieba.analyse

    text = BY_CATEGORY["environment"] + BY_CATEGORY["health"]
    extractor = jieba.analyse.TFIDF()
    extractor.stop_words = set(classifier.tools.stop_words)
    expected = extractor.extract_tags(text, topK=8, withWeight=True)
    got = classifier.tools.keywords(classifier.tools.tokens(text), 8)
    assert [w for w, _ in got] == [w for w, _ in expected]
    assert [s for _, s in got] == pytest.approx([s for _, s in expected], abs=1e-4)


def test_stop_words_are_not_keywords(classifier: Classifier) -> None:
    a = classifier.analyze("您好，领导，我们反映一个问题，希望相关部门解决：小区的路灯坏了。")
    assert {w for w, _ in a.keywords}.isdisjoint({"您好", "领导", "我们", "反映", "问题", "希望"})


# ---- threshold -> handoff -------------------------------------------------------------------
def test_below_threshold_is_not_auto(config_dir: Path, model_cache: Path) -> None:
    # A petition that names no matter of any one category is never near-certain.
    strict = Classifier.load(config_dir, model_cache, threshold=0.99)
    a = strict.analyze("村里的事情没人管，希望领导重视。")
    assert a.confidence < 0.99 and a.auto is False and "category" in a.review


def test_at_or_above_threshold_is_auto(config_dir: Path, classifier: Classifier,
                                       model_cache: Path) -> None:
    a = classifier.analyze(BY_CATEGORY["transport"])
    lenient = Classifier.load(config_dir, model_cache, threshold=a.confidence)
    assert lenient.analyze(BY_CATEGORY["transport"]).auto is True


def test_text_without_content_goes_to_staff(classifier: Classifier) -> None:
    for text in ("你好", "在吗？", "？？？", "", "我想反映个问题", "您好，请问一下"):
        assert classifier.analyze(text).auto is False, text


def test_threshold_zero_or_none_means_measured_default(config_dir: Path, classifier: Classifier,
                                                       model_cache: Path) -> None:
    assert Classifier.load(config_dir, model_cache, threshold=0).threshold == classifier.threshold
    assert classifier.threshold == classifier.settings.default_threshold


def test_threshold_out_of_range_is_refused(config_dir: Path, model_cache: Path) -> None:
    with pytest.raises(ValueError, match="threshold"):
        Classifier.load(config_dir, model_cache, threshold=1.5)


# ---- multi-department -----------------------------------------------------------------------
def test_one_department_matter(classifier: Classifier) -> None:
    assert classifier.analyze(BY_CATEGORY["transport"]).multi_department is False


def test_text_naming_two_departments(classifier: Classifier) -> None:
    text = ("我家楼下饭店油烟直排，噪音扰民，找了城管局说归环保局管，环保局又说归城管局管，"
            "两个部门来回推，请求协调解决。")
    assert classifier.analyze(text).multi_department is True


def test_keywords_of_two_categories(classifier: Classifier) -> None:
    text = ("我在工地打工摔断了腿，老板拖欠工资不说，医院的医保报销也不给办，"
            "住院押金交不起，请求帮助。")
    a = classifier.analyze(text)
    assert a.multi_department is True
    assert {a.category_code, a.alternatives[0][0]} >= {"labour_security"}


# ---- start-up --------------------------------------------------------------------------------
def test_loading_is_quiet() -> None:
    """jieba's "Building prefix dict ..." lines must not reach stderr or the logs."""
    code = (
        "import logging, sys; logging.basicConfig(level=logging.DEBUG, stream=sys.stderr);"
        "from pathlib import Path; from nlp.classifier import Classifier;"
        f"c = Classifier.load(Path({str(Path(__file__).resolve().parents[2] / 'config')!r}));"
        "c.analyze('测试一下路灯不亮的问题')"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert "prefix dict" not in out.stderr and "jieba" not in out.stderr.lower()
    assert "Loading model" not in out.stderr


def test_loading_twice_gives_the_same_model(config_dir: Path, classifier: Classifier) -> None:
    """Start-up is deterministic (trained again here, not read from the session's cache), and
    re-loading does not disturb jieba's dictionary."""
    again = Classifier.load(config_dir)
    for text in BY_CATEGORY.values():
        assert again.analyze(text) == classifier.analyze(text)


# ---- installed model vs default -------------------------------------------------------------
def test_installed_model_is_used(config_dir: Path, classifier: Classifier, tmp_path: Path) -> None:
    from nlp.classifier import save_model, train_model
    from nlp.examples import Example

    examples = [Example(t, c, "") for c, t in BY_CATEGORY.items() if c in {"transport", "health"}]
    examples += [Example("公交车又晚点了", "transport"), Example("医院收费太贵", "health")]
    save_model(train_model(examples), tmp_path)
    installed = Classifier.load(config_dir, tmp_path)
    assert installed.source == "installed"
    assert set(installed.model.category.labels) == {"transport", "health"}
    assert installed.model.nature is None
    a = installed.analyze(BY_CATEGORY["health"])
    assert a.category_code == "health" and a.nature == "求决" and a.nature_confidence == 0.0


def test_unusable_installed_model_falls_back_to_default(config_dir: Path, classifier: Classifier,
                                                        tmp_path: Path) -> None:
    from nlp.classifier import save_model, train_model
    from nlp.examples import Example

    # a model over labels the taxonomy does not have (e.g. the taxonomy was edited since)
    save_model(train_model([Example("停水", "水务"), Example("停电", "电力")]), tmp_path / "a")
    assert Classifier.load(config_dir, tmp_path / "a").source == "default"
    # a damaged model directory
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "meta.json").write_text("{not json", encoding="utf-8")
    fallback = Classifier.load(config_dir, tmp_path / "b")
    assert fallback.source == "default"
    assert fallback.analyze(BY_CATEGORY["other"]) == classifier.analyze(BY_CATEGORY["other"])
    # no model at all
    assert Classifier.load(config_dir, tmp_path / "missing").source == "default"


# ---- quality gate ----------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "targets"), [
    ("holdout.csv", (0.85, 0.88, 0.70, 0.95)),
    ("final_check.csv", (0.90, 0.88, 0.70, 0.95)),
    # relabelled to the county convention in issue 18d (a judgment or award not enforced or
    # disputed is 政法公安): main's model scores 0.751 / 0.931, 67% at 85.1% on it, 18d 0.818 /
    # 0.938, 62% at 95.0%
    ("composed_heldout.csv", (0.80, 0.92, 0.60, 0.93)),
    # an independent tester's petitions (QA 18b), developed on since issue 18's fourth round:
    # the targets themselves (measured 0.937 / 0.937, 84% sent at 97.4%; 18c: 0.934 /
    # 0.904, 84% at 97.8%)
    ("heldout_petitions_b.csv", (0.92, 0.90, 0.80, 0.97)),
    # a fourth independent tester's petitions (QA 18d), counted as developed on since issue
    # 18's sixth round: the issue's targets (measured 0.929 / 0.968, 86% sent at 97.5%; before
    # the sixth round's examples 0.922 / 0.961, 85% at 96.2%)
    ("heldout_petitions_d.csv", (0.92, 0.90, 0.80, 0.97)),
])
def test_shipped_model_meets_the_targets(classifier: Classifier, name: str,
                                         targets: tuple[float, float, float, float]) -> None:
    """Petitions written apart from the examples: holdout.csv (104) in other voices (phone
    calls, formal letters, SMS), final_check.csv (104) after all tuning, composed_heldout.csv
    (390) composed from cores, frames and fillers held apart from the training ones; none of
    them chose a threshold. heldout_petitions_b.csv (271, an independent tester's) chose the
    thresholds with config/nlp/dev.csv since issue 18's fourth round. Targets: accuracy, nature accuracy, share
    sent automatically, category accuracy there; a little under the measured figures
    (tests/bench/bench_nlp.py), so that a regression fails."""
    from nlp.classifier import to_taxonomy
    from nlp.examples import read_csv
    from nlp.metrics import evaluate

    rows = to_taxonomy(read_csv(Path(__file__).with_name(name)), classifier.taxonomy, name)
    report = evaluate([e.category for e in rows], [classifier.predict(e.text) for e in rows],
                      classifier.threshold, [e.nature for e in rows])
    accuracy, nature, coverage, auto_accuracy = targets
    assert report["accuracy"] >= accuracy
    assert report["nature_accuracy"] >= nature
    assert report["coverage"] >= coverage and report["auto_accuracy"] >= auto_accuracy
    assert set(report["per_nature"]) == {n.name for n in classifier.taxonomy.natures}


def test_default_model_is_cached_for_the_next_start(config_dir: Path, classifier: Classifier,
                                                    tmp_path: Path) -> None:
    import shutil

    first = Classifier.load(config_dir, tmp_path)
    caches = list(tmp_path.glob("default-*"))
    assert first.source == "default" and len(caches) == 1
    assert not (tmp_path / "meta.json").exists()  # the cache is not an installed model
    second = Classifier.load(config_dir, tmp_path)
    assert second.source == "default"
    for text in BY_CATEGORY.values():
        assert second.analyze(text) == classifier.analyze(text)
    # other inputs (here: one more example file) mean another digest: retrained, old cache gone
    conf = tmp_path / "config"
    shutil.copytree(config_dir, conf)
    (conf / "nlp" / "examples" / "extra.csv").write_text(
        "text,category,nature\n路灯不亮了好几天,城乡建设,求决\n", encoding="utf-8")
    Classifier.load(conf, tmp_path)
    assert [p.name for p in tmp_path.glob("default-*")] != [c.name for c in caches]
    assert len(list(tmp_path.glob("default-*"))) == 1


def test_damaged_cache_means_training(config_dir: Path, classifier: Classifier,
                                      tmp_path: Path) -> None:
    Classifier.load(config_dir, tmp_path)
    (cache,) = tmp_path.glob("default-*")
    (cache / "category.npz").write_bytes(b"garbage")
    again = Classifier.load(config_dir, tmp_path)
    assert again.analyze(BY_CATEGORY["health"]) == classifier.analyze(BY_CATEGORY["health"])


def test_strong_keywords_of_another_category(classifier: Classifier) -> None:
    text = ("母亲在县医院手术后去世，我们认为是医疗事故，已经向法院起诉，"
            "请卫健委督促医院提供病历。")
    a = classifier.analyze(text)
    assert a.category_code == "health" and a.multi_department is True


def test_long_numbers_never_become_features(classifier: Classifier, tmp_path: Path) -> None:
    """Phone and ID numbers in petitions must not end up in a saved model's vocabulary."""
    from nlp.classifier import save_model, train_model
    from nlp.examples import Example

    examples = [
        Example("我的电话13912345678，老板欠薪三个月", "labour_security", "求决"),
        Example("身份证320831199001011234的老人低保没批", "civil_affairs", "求决"),
        Example("请拨打０５１７－８６６１２３４５咨询公交", "transport", "咨询"),
    ]
    save_model(train_model(examples), tmp_path)
    saved = (tmp_path / "category.json").read_text("utf-8")
    for digits in ("13912345678", "12345678", "320831199001011234", "86612345", "12345"):
        assert digits not in saved
    a = classifier.analyze("我叫张三，电话13912345678，身份证32083119900101123X，老板欠我工资")
    assert not any(ch.isdigit() for w, _ in a.keywords for ch in w)


def test_staff_decisions_weigh_by_what_they_teach(classifier: Classifier) -> None:
    """A decision correcting the model weighs STAFF_CORRECTION_WEIGHT, one confirming it
    STAFF_AGREEMENT_WEIGHT, one repeating a training example nothing; together they never
    outweigh their share of the other examples."""
    from nlp.classifier import (
        STAFF_AGREEMENT_WEIGHT,
        STAFF_CORRECTION_WEIGHT,
        STAFF_MAX_SHARE,
        weigh_decisions,
    )
    from nlp.examples import Example

    model = classifier.model
    others = [Example("小区路灯坏了半个月没人修", "urban_construction", "求决")]
    text = BY_CATEGORY["labour_security"]
    a = classifier.analyze(text)
    agreeing = Example(text, a.category_code, a.nature)
    correcting = Example(BY_CATEGORY["health"], "other", "咨询")
    repeated = Example(" 小区路灯坏了半个月没人修", "other", "求决")
    got = weigh_decisions(model, [agreeing, correcting, repeated], others * 10)
    assert (got.corrections, got.agreements, got.duplicates) == (1, 1, 1)
    assert [(e.text, e.weight) for e in got.examples] == [
        (agreeing.text, STAFF_AGREEMENT_WEIGHT), (correcting.text, STAFF_CORRECTION_WEIGHT)]
    capped = weigh_decisions(model, [agreeing, correcting], others)
    assert sum(e.weight for e in capped.examples) == pytest.approx(STAFF_MAX_SHARE * 1)
    assert capped.examples[1].weight / capped.examples[0].weight == pytest.approx(
        STAFF_CORRECTION_WEIGHT / STAFF_AGREEMENT_WEIGHT)


def test_nature_reads_the_closing_block(classifier: Classifier, tmp_path: Path) -> None:
    """The nature model's features are the category model's plus the petition's closing
    characters (its ask), computed once; the category model does not read them. A saved and
    loaded model shares vocabulary and IDF again and predicts the same."""
    from nlp.classifier import extends, load_model, prepare, save_model

    model = classifier.model
    assert model.nature is not None
    assert extends(model.nature.featurizer, model.category.featurizer)
    closing = [j for t, j in model.category.featurizer.vocab.items() if t.startswith("t:")]
    assert closing and not model.category.coef[:, closing].any()
    assert model.nature.coef[:, closing].any()
    save_model(model, tmp_path)
    loaded = load_model(tmp_path)
    assert loaded.nature is not None
    assert extends(loaded.nature.featurizer, loaded.category.featurizer)
    for text in BY_CATEGORY.values():
        assert loaded.predict(prepare(text)) == model.predict(prepare(text))


def test_nature_only_examples_do_not_train_the_category() -> None:
    """Examples with for_category False (composition files saying `category = false`) train
    the nature model and not the category model: a category only they carry is unknown to the
    category model, while their natures are learned. Both models share one vocabulary."""
    from nlp.classifier import extends, prepare, train_model
    from nlp.examples import Example

    written = [Example(t, c, n) for t, c, n in (
        ("路灯坏了半个月没人修", "urban", "求决"), ("小区门口下水道堵了", "urban", "求决"),
        ("工地老板拖欠工资三个月", "labour", "求决"), ("厂里不给交社保", "labour", "求决"),
        ("请问路灯归哪个部门管", "urban", "咨询"), ("请问欠薪去哪里投诉", "labour", "咨询"),
    )]
    nature_only = [Example(t, "health", n, for_category=False) for t, n in (
        ("举报诊所无证行医要求查处", "投诉举报"), ("举报药店卖假药要求严肃处理", "投诉举报"),
        ("举报医生收红包要求追究责任", "投诉举报"),
    )]
    model = train_model(written + nature_only)
    assert model.category.labels == ("labour", "urban")
    assert model.category_nb is not None and model.category_nb.labels == ("labour", "urban")
    assert model.nature is not None and "投诉举报" in model.nature.labels
    assert extends(model.nature.featurizer, model.category.featurizer)
    assert (model.info["category_examples"], model.info["nature_examples"]) == (6, 9)
    assert model.predict(prepare("举报诊所无证行医要求查处")).nature == "投诉举报"
    with pytest.raises(ValueError, match="category"):
        train_model(nature_only)


def test_traditional_characters_read_as_simplified(classifier: Classifier) -> None:
    """Training, `petition-bot eval` and the console read a text as the dialog does (it turns
    traditional characters into simplified ones before anything reads a message)."""
    from nlp.hanzi import to_simplified

    traditional = "請問辦理殘疾證需要帶哪些材料？我們家老人行動不便，能不能上門辦理。"
    assert to_simplified(traditional) != traditional
    assert classifier.analyze(traditional) == classifier.analyze(to_simplified(traditional))
