"""The nature of a request (its force, not its topic), when staff confirm it, and the signal that
a matter needs several departments (what the colour rule reads)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from nlp.classifier import Classifier, default_examples

# Sentences written for these tests (none is a training example; checked below). Each nature is
# asked across topics, so the model must read the force of the request, not the category.
NATURES = {
    "投诉举报": [
        "举报前锋镇一个村的会计把村里的土地租金存到自己卡上，好几年了没人查。",
        "县城有家浴室没有卫生许可证还在营业，毛巾床单从来不换，请查处。",
        "楼下的汽修店天天在人行道上喷漆，刺鼻的味道熏得人头疼，要求依法查处。",
        "某单位的干部收了好处，把不符合条件的人报成了困难户。",
        # a demand, but for enforcement against someone: a report (issue 18)
        "小区门口的夜宵摊每天放音乐到凌晨，油烟直往楼上窜，要求相关部门查处。",
        "村东头有户人家在耕地上违建了两层楼，要求国土部门依法拆除并罚款",
        "我们村的支书收了承包老板的好处费，把村里的鱼塘低价包出去，要求严肃查处。",
        "喂 我要反映金北有个废品站天天半夜烧东西 烟熏得人睡不着 要求你们取缔它",
    ],
    "咨询": [
        "请问独生子女证丢了还能补办吗，去哪里办？",
        "想问一下，孩子满三周岁了怎么报名公办幼儿园？",
        "老家的房子要拆迁，补偿标准在哪里能查到，怎么办才好？",
        "俺家孙子的户口在老家，能不能在县城上初中？",
        "退休工人去世以后家属是否能领丧葬费和抚恤金？",
    ],
    "意见建议": [
        "建议在县城的公园里多放一些长椅，老人走累了没地方坐。",
        "希望镇上的便民服务中心中午不要休息，我们农忙只有中午有空。",
    ],
    "涉法涉诉": [
        "我和装修队的纠纷已经起诉到法院了，开了两次庭还没判下来，请帮忙督促一下。",
        "劳动仲裁裁决厂里补我社保，厂里不服又去法院起诉，官司拖了一年多。",
        "判决书生效半年了，对方一直不还钱，申请了强制执行也没有下文。",
    ],
    "求决": [
        "我家的自来水水压太低，二楼都上不去水，已经好几个月了，请求尽快解决。",
        "我母亲瘫痪在床，申请的护理补贴一直没有批下来，家里实在困难。",
        "去年的耕地补贴到现在还没发到我卡上，要求给我补发。",
    ],
}


def test_sentences_are_not_training_examples(config_dir: Path, classifier: Classifier) -> None:
    seen = {e.text for e in default_examples(config_dir, classifier.taxonomy)}
    assert not seen & {t for texts in NATURES.values() for t in texts}


@pytest.mark.parametrize(("nature", "text"),
                         [(n, t) for n, texts in NATURES.items() for t in texts])
def test_nature_reads_the_force_of_the_request(classifier: Classifier, nature: str,
                                               text: str) -> None:
    assert classifier.analyze(text).nature == nature


def _with(classifier: Classifier, **settings: object) -> Classifier:
    return Classifier(classifier.taxonomy, classifier.legal, classifier.tools, classifier.model,
                      classifier.threshold, dataclasses.replace(classifier.settings, **settings),
                      classifier.source)


def test_unsure_nature_goes_to_staff(classifier: Classifier) -> None:
    texts = [t for ts in NATURES.values() for t in ts]
    a, text = min(((classifier.analyze(t), t) for t in texts if classifier.analyze(t).auto),
                  key=lambda p: p[0].nature_confidence)
    assert a.auto and a.review == () and a.nature_confidence < 1.0
    strict = _with(classifier, nature_threshold=a.nature_confidence + 1e-4)
    b = strict.analyze(text)
    assert (b.category_code, b.nature) == (a.category_code, a.nature)
    assert b.auto is False and b.review == ("nature",)


def test_model_without_natures_never_sends_on_unreviewed(classifier: Classifier) -> None:
    model = dataclasses.replace(classifier.model, nature=None)
    c = Classifier(classifier.taxonomy, classifier.legal, classifier.tools, model,
                   classifier.threshold, classifier.settings, classifier.source)
    a = c.analyze(NATURES["求决"][0])
    assert a.nature_confidence == 0.0 and a.auto is False and "nature" in a.review


def test_review_reasons_match_auto(classifier: Classifier) -> None:
    for texts in NATURES.values():
        for text in texts:
            a = classifier.analyze(text)
            assert a.auto == (not a.review)
    assert classifier.analyze("你好").review[-1] == "no_keywords"


# ---- several departments ----------------------------------------------------------------------
PUSHED_AROUND = [
    "门口的排水沟堵了半年，找了好几个部门都说不归他们管。",
    "小区旁边的空地堆满建筑垃圾，街道和城管互相推诿，谁也不来清。",
    "我反映的违建问题，几个单位来回踢皮球，一年了没人处理。",
    # voice input: no punctuation
    "找了城管城管说归住建住建又说归街道就这么推来推去",
]


@pytest.mark.parametrize("text", PUSHED_AROUND)
def test_departments_pushing_it_to_each_other(classifier: Classifier, text: str) -> None:
    a = classifier.analyze(text)
    assert a.multi_department is True and a.multi_department_reason == "pushed_around"


def test_two_departments_named(classifier: Classifier) -> None:
    a = classifier.analyze("饭店油烟的问题环保局让我找城管局，我想知道到底谁来管。")
    assert a.multi_department is True
    assert a.multi_department_reason in {"pushed_around", "departments_named"}


def test_matter_of_several_categories(classifier: Classifier) -> None:
    a = classifier.analyze("我在工地打工摔断了腿，老板拖欠工资不说，医院的医保报销也不给办，"
                           "住院押金交不起，请求帮助。")
    assert a.multi_department is True and a.multi_department_reason == "categories"


@pytest.mark.parametrize("text", [
    "小区的路灯坏了半个月，物业一直不管。",
    "请问老年人坐公交有没有优惠？",
    NATURES["意见建议"][0],
])
def test_one_department(classifier: Classifier, text: str) -> None:
    a = classifier.analyze(text)
    assert a.multi_department is False and a.multi_department_reason == ""
