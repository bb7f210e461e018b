"""Sentences withholding the citizen's name or phone are cut from the account (nlp/identity_choice)."""

from __future__ import annotations

from nlp.identity_choice import without_identity_choice


def test_a_clause_withholding_name_and_phone_is_cut():
    assert without_identity_choice("有人半夜往沟里倒废油，一个多月了。名字跟电话都不留了。") == \
        "有人半夜往沟里倒废油，一个多月了。"
    assert without_identity_choice("菜场门口天天占道摆摊，我匿名反映") == "菜场门口天天占道摆摊"
    assert without_identity_choice("本人不方便留电话，学校门口的黑车天天超载") == "学校门口的黑车天天超载"


def test_someone_else_withholding_is_the_matter():
    s = "肇事的人不留电话就开车跑了，我家院墙倒了一截"
    assert without_identity_choice(s) == s
