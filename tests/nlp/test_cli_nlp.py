"""`petition-bot train` / `eval` / `eval --train` end to end, through the installed console script,
on small CSVs written here, with staff decisions read from a real redis-server."""

from __future__ import annotations

import csv
import json
import os
import subprocess
from pathlib import Path

import pytest
import redis as sync_redis

from bot.keys import TRAINING_DECISIONS

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / ".venv" / "bin" / "petition-bot"

# (text, category as code or Chinese name, nature)
COUNTY_ROWS = [
    ("包工头欠了我们八个月工资，一共三万多，人找不到了", "labour_security", "求决"),
    ("厂里不签劳动合同也不交社保，加班费一分不给", "劳动保障", "投诉举报"),
    ("请问失业保险金怎么申领，要带什么材料", "labour_security", "咨询"),
    ("建议多办一些中年人的技能培训班，好找工作", "劳动保障", "意见建议"),
    ("老板拖欠工资，劳动仲裁裁决了他还是不给", "labour_security", "涉法涉诉"),
    ("工地上摔伤了，老板不给申请工伤认定", "劳动保障", "求决"),
    ("河里漂着死鱼，化工厂晚上偷排废水", "environment", "投诉举报"),
    ("家门口的石料厂粉尘太大，衣服都不能晒", "生态环境", "求决"),
    ("请问养殖场离村子最少要多远，要不要做环评", "environment", "咨询"),
    ("建议在白马湖周边禁止新建化工企业", "生态环境", "意见建议"),
    ("楼下饭店油烟直排，熏得窗户都是油", "environment", "投诉举报"),
    ("垃圾中转站臭味太大，夏天苍蝇成群", "生态环境", "求决"),
    ("公交车一个小时才一班，还经常不按时发车", "transport", "求决"),
    ("黑车在汽车站门口拉客乱要价", "交通运输", "投诉举报"),
    ("请问老年人坐公交有没有优惠，怎么办卡", "transport", "咨询"),
    ("建议在县城增加晚班公交车", "交通运输", "意见建议"),
    ("村口的桥面开裂护栏断了，大车还在走", "transport", "求决"),
    ("县道坑坑洼洼，晚上骑电动车摔倒好几个人", "交通运输", "求决"),
]


def _write(path: Path, rows: list[tuple[str, ...]], header: tuple[str, ...]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return path


def _run(args: list[str], data_dir: Path, redis_url: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITION_")}
    env["PETITION_DATA_DIR"] = str(data_dir)
    if redis_url is not None:
        env["PETITION_REDIS_URL"] = redis_url
    return subprocess.run([str(CLI), *args], check=False, capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


pytestmark = pytest.mark.skipif(not CLI.exists(), reason="console script not installed")


def test_train_with_staff_decisions_then_eval(tmp_path: Path, redis_url: str) -> None:
    train = _write(tmp_path / "train.csv", COUNTY_ROWS, ("text", "category", "nature"))
    client = sync_redis.Redis.from_url(redis_url)
    try:
        client.rpush(
            TRAINING_DECISIONS,
            json.dumps({"text": "驾校收了学费不安排考试", "category": "transport",
                        "nature": "投诉举报"}, ensure_ascii=False),
            json.dumps({"text": "分类不在表里", "category": "水利"}, ensure_ascii=False),
            b"not json",
        )
    finally:
        client.close()
    data = tmp_path / "var"
    out = _run(["train", str(train), "--only"], data, redis_url)
    assert out.returncode == 0, out.stderr
    meta = json.loads((data / "model" / "meta.json").read_text("utf-8"))
    assert meta["sources"] == {"csv": len(COUNTY_ROWS), "default": 0, "staff": 1}
    assert meta["has_nature"] is True
    assert "2 条" in out.stderr  # the two unusable staff decisions are reported, not fatal

    out = _run(["eval", str(train), "--json"], data, redis_url)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert {"n", "accuracy", "macro_f1", "coverage", "auto_accuracy", "nature_accuracy"} <= set(
        report)
    assert report["n"] == len(COUNTY_ROWS)
    # the installed model (3 categories) is the one evaluated, and it fits its training data
    assert set(report["per_category"]) == {"labour_security", "environment", "transport"}
    assert report["accuracy"] == 1.0 and report["nature_accuracy"] == 1.0
    # per-nature figures, and the share sent on with category and nature both right
    assert set(report["per_nature"]) == {"求决", "投诉举报", "咨询", "意见建议", "涉法涉诉"}
    assert report["per_nature"]["涉法涉诉"]["support"] == 1
    assert report["nature_macro_f1"] == 1.0 and report["auto_both_accuracy"] in (1.0, None)

    # the baseline of the installed model's evaluation is trained on the shipped examples
    out = _run(["eval", str(train), "--json", "--baseline"], data, redis_url)
    assert out.returncode == 0, out.stderr
    base = json.loads(out.stdout)["baseline"]
    assert 0 <= base["nature_accuracy"] <= 1
    assert set(base["per_nature"]) == {"求决", "投诉举报", "咨询", "意见建议", "涉法涉诉"}

    human = _run(["eval", str(train)], data, redis_url)
    assert human.returncode == 0
    assert "accuracy=1.0000" in human.stdout and "macro_f1=" in human.stdout
    assert "coverage=" in human.stdout and "劳动保障" in human.stdout
    assert "性质\t" in human.stdout and "涉法涉诉\t1.000\t1.000" in human.stdout


def test_eval_train_with_other_labels_installs_nothing(tmp_path: Path) -> None:
    rows = [
        ("小区停水两天了，自来水公司电话打不通", "水务"),
        ("自来水发黄有异味，烧开了有沉淀", "水务"),
        ("供水管道爆裂，整条街都没水", "水务"),
        ("村里经常停电，冰箱里的东西都坏了", "电力"),
        ("电线杆歪了，电线离地面很低很危险", "电力"),
        ("电表走得太快，电费比以前高了一倍", "电力"),
        ("手机信号太差，在家打不了电话", "通信"),
        ("宽带经常断网，报修没人上门", "通信"),
        ("村里没有基站，孩子上网课卡得不行", "通信"),
    ]
    test_rows = [("停水了，水龙头一滴水都没有", "水务"), ("又停电了，电费还照收", "电力"),
                 ("信号差，宽带也慢", "通信")]
    train = _write(tmp_path / "a.csv", rows, ("text", "label"))
    test = _write(tmp_path / "b.csv", test_rows, ("text", "label"))
    data = tmp_path / "var"
    out = _run(["eval", "--train", str(train), str(test), "--json"], data, None)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["n"] == 3 and "nature_accuracy" not in report
    assert set(report["per_category"]) <= {"水务", "电力", "通信"}
    assert report["accuracy"] == 1.0
    assert not (data / "model").exists()

    # the same-run baseline, trained on the same CSV (TF-IDF + LinearSVC)
    out = _run(["eval", "--train", str(train), str(test), "--json", "--baseline"], data, None)
    assert out.returncode == 0, out.stderr
    base = json.loads(out.stdout)["baseline"]
    assert 0 <= base["accuracy"] <= 1 and 0 <= base["macro_f1"] <= 1
    assert set(base["per_category"]) <= {"水务", "电力", "通信"}
    assert "nature_accuracy" not in base
    human = _run(["eval", "--train", str(train), str(test), "--baseline"], data, None)
    assert human.returncode == 0, human.stderr
    assert "LinearSVC" in human.stdout and "F1（基线）" in human.stdout
    assert "nature_accuracy" not in human.stdout  # no natures in these CSVs


def test_bad_csv_is_a_clear_error_and_changes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("content,kind\n停水了,水务\n", encoding="utf-8")
    data = tmp_path / "var"
    out = _run(["train", str(bad), "--no-staff"], data, None)
    assert out.returncode == 2
    assert "bad.csv" in out.stderr and "text" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (data / "model").exists()


def test_unknown_category_is_refused(tmp_path: Path) -> None:
    f = _write(tmp_path / "x.csv", [("河道里都是垃圾", "水利")], ("text", "category"))
    out = _run(["eval", str(f)], tmp_path / "var", None)
    assert out.returncode == 2 and "水利" in out.stderr and "Traceback" not in out.stderr


def test_train_goes_on_without_redis(tmp_path: Path) -> None:
    train = _write(tmp_path / "train.csv", COUNTY_ROWS, ("text", "category", "nature"))
    data = tmp_path / "var"
    out = _run(["train", str(train)], data, f"unix://{tmp_path}/no-such.sock")
    assert out.returncode == 0, out.stderr
    meta = json.loads((data / "model" / "meta.json").read_text("utf-8"))
    assert meta["sources"]["staff"] == 0
    assert meta["sources"]["default"] > 500  # the shipped examples are included by default
    assert "工作人员改判" in out.stderr


def test_latest_staff_decision_on_a_text_wins() -> None:
    """Staff may correct a decision, or close the petition as not one: each text teaches once,
    with its latest label."""
    from bot.cli_nlp import _staff_examples
    from nlp.examples import Example
    from nlp.taxonomy import Taxonomy

    taxonomy = Taxonomy.load(ROOT / "config" / "taxonomy.toml")
    records = [
        {"text": "驾校收了学费不安排考试", "category": "market_regulation", "nature": "求决"},
        {"text": "村口桥面开裂", "category": "transport", "nature": "求决"},
        {"text": "驾校收了学费不安排考试", "category": "transport", "nature": "投诉举报"},
        {"text": "村口桥面开裂", "category": None, "nature": None, "decision": "not_petition"},
        {"text": "", "category": "transport"},
    ]
    examples, invalid = _staff_examples(records, taxonomy)
    assert examples == [Example("驾校收了学费不安排考试", "transport", "投诉举报")]
    assert invalid == 1


def test_model_files_are_owner_only(tmp_path: Path) -> None:
    """The model's vocabulary is made of petition words: its files are 0600 in a 0700 directory,
    also when an earlier model was written world-readable."""
    train = _write(tmp_path / "train.csv", COUNTY_ROWS, ("text", "category", "nature"))
    data = tmp_path / "var"
    model = data / "model"
    model.mkdir(parents=True)
    model.chmod(0o755)
    for name in ("category.json", "meta.json"):
        (model / name).write_text("{}", "utf-8")
        (model / name).chmod(0o644)
    out = _run(["train", "--only", str(train)], data, f"unix://{tmp_path}/no-such.sock")
    assert out.returncode == 0, out.stderr
    assert model.stat().st_mode & 0o777 == 0o700
    files = sorted(p.name for p in model.iterdir())
    assert "category.npz" in files and "meta.json" in files
    assert {p.name: p.stat().st_mode & 0o777 for p in model.iterdir()} == \
        {name: 0o600 for name in files}
