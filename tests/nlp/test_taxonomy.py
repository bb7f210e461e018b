"""config/taxonomy.toml: the SPEC's categories, departments, natures and colours."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp.taxonomy import Taxonomy, TaxonomyError

# From SPEC.md "Taxonomy": name -> departments, in order.
SPEC_CATEGORIES = {
    "城乡建设": ("住建局", "城管局"),
    "劳动保障": ("人社局",),
    "农业农村": ("农业农村局",),
    "国土资源": ("自然资源和规划局",),
    "生态环境": ("生态环境局",),
    "卫生健康": ("卫健委", "医保局"),
    "教育文体": ("教育局", "文体旅游局"),
    "交通运输": ("交通运输局",),
    "市场监管": ("市场监督管理局",),
    "政法公安": ("公安局", "司法局", "法院"),
    "民政": ("民政局", "退役军人事务局"),
    "纪检监察": ("纪委监委",),
    "其他": ("信访局",),
}
SPEC_NATURES = {"咨询": "blue", "意见建议": "blue", "求决": "yellow", "涉法涉诉": "orange",
                "投诉举报": "red"}


@pytest.fixture(scope="module")
def taxonomy(config_dir: Path) -> Taxonomy:
    return Taxonomy.load(config_dir / "taxonomy.toml")


def test_categories_as_in_spec(taxonomy: Taxonomy) -> None:
    assert {c.name: c.departments for c in taxonomy.categories} == SPEC_CATEGORIES
    assert all(c.code.isascii() and c.code.islower() for c in taxonomy.categories)


def test_natures_and_colours_as_in_spec(taxonomy: Taxonomy) -> None:
    assert {n.name: n.color for n in taxonomy.natures} == SPEC_NATURES
    assert all(n.deadline for n in taxonomy.natures)


def test_labels_by_code_or_name(taxonomy: Taxonomy) -> None:
    assert taxonomy.category_code("劳动保障") == "labour_security"
    assert taxonomy.category_code(" labour_security ") == "labour_security"
    assert taxonomy.nature_name("complaint") == taxonomy.nature_name("投诉举报") == "投诉举报"
    with pytest.raises(KeyError):
        taxonomy.category_code("水利")


@pytest.mark.parametrize(
    ("label", "code"),
    [("环保", "environment"), ("环境保护", "environment"), ("城乡建设类", "urban_construction"),
     ("其它", "other"), ("劳动和社会保障", "labour_security"), ("卫生计生类", "health")],
)
def test_category_aliases(taxonomy: Taxonomy, label: str, code: str) -> None:
    assert taxonomy.category_code(label) == code


@pytest.mark.parametrize(
    ("label", "name"),
    [("投诉", "投诉举报"), ("举报类", "投诉举报"), ("求决类", "求决"), ("建议", "意见建议"),
     ("涉诉", "涉法涉诉"), ("咨询类", "咨询")],
)
def test_nature_aliases(taxonomy: Taxonomy, label: str, name: str) -> None:
    assert taxonomy.nature_name(label) == name


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[categories]]\ncode = "a b"\nname = "甲"\ndepartments = ["x"]\n', "ASCII"),
        ('[[categories]]\ncode = "a"\nname = "甲"\ndepartments = []\n', "departments"),
        (('[[categories]]\ncode = "a"\nname = "甲"\ndepartments = ["x"]\n'
         '[[categories]]\ncode = "a"\nname = "乙"\ndepartments = ["x"]\n'
         '[[natures]]\ncode = "q"\nname = "求决"\ncolor = "yellow"\n'), "duplicate"),
        (('[[categories]]\ncode = "a"\nname = "甲"\ndepartments = ["x"]\naliases = ["乙"]\n'
          '[[categories]]\ncode = "b"\nname = "乙"\ndepartments = ["x"]\n'
          '[[natures]]\ncode = "q"\nname = "求决"\ncolor = "yellow"\n'), "duplicate"),
        (('[[categories]]\ncode = "a"\nname = "甲"\ndepartments = ["x"]\n'
         '[[categories]]\ncode = "b"\nname = "乙"\ndepartments = ["x"]\n'
         '[[natures]]\ncode = "q"\nname = "求决"\ncolor = "green"\n'), "color"),
        (('[[categories]]\ncode = "a"\nname = "甲"\ndepartments = ["x"]\n'
         'department_keywords = { "y" = ["z"] }\n'), "department_keywords"),
        ("[[categories]\n", "taxonomy.toml"),
    ],
)
def test_malformed_taxonomy_is_a_clear_error(tmp_path: Path, body: str, message: str) -> None:
    f = tmp_path / "taxonomy.toml"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=message):
        Taxonomy.load(f)
