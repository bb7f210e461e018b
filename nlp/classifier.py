"""The petition classifier: category (+ confidence, keywords), nature and colour, multi-department
flag and legal path, from models learned from labelled examples.

Start-up (`Classifier.load`): jieba is initialized once with our user dictionary; then the model
installed by `petition-bot train` is loaded from `model_dir` when one is there and matches the
taxonomy, otherwise the default model is trained from config/nlp/examples/*.csv (about a second;
with a model_dir, a copy is cached in model_dir/default-<digest of the inputs>/ and reused by
later starts while examples, taxonomy, dictionary and code are unchanged).

`Classifier.analyze` is pure and takes a millisecond or two for a 300-character petition. `auto`
is true when the category's confidence reaches the threshold and the text has at least one
keyword; below that the case goes to staff.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from nlp.colour import ColourRule
from nlp.examples import Example, compose, read_many
from nlp.features import BLOCKS, Doc, Featurizer, column_blocks, keep_blocks, reweighted
from nlp.hanzi import to_simplified
from nlp.learner import LinearTextModel, gram_matrix, nb_weights
from nlp.legal import LegalRules
from nlp.metrics import Prediction
from nlp.taxonomy import Taxonomy
from nlp.textproc import JiebaTools, normalize
from nlp.types import Analysis

log = logging.getLogger(__name__)

MODEL_META = "meta.json"


@dataclass(slots=True)
class TrainedModel:
    """A category model, an optional nature model, and where they came from."""

    category: LinearTextModel
    nature: LinearTextModel | None
    info: dict = field(default_factory=dict)
    # The category model's second view: the same vocabulary with NB-scaled weights
    # (nlp.learner.nb_weights), averaged with the first in logit space.
    category_nb: LinearTextModel | None = None

    def categories(self, doc: Doc, vector: tuple[np.ndarray, np.ndarray]) -> list[tuple[str, float]]:
        if self.category_nb is None:
            return self.category.ranked(doc, vector)
        z = (self.category.scores(doc, vector) / self.category.temperature
             + self.category_nb.scores(doc) / self.category_nb.temperature) / 2
        p = np.exp(z - z.max())
        p /= p.sum()
        order = np.argsort(-p)
        return [(self.category.labels[i], float(p[i])) for i in order]

    def rank(self, doc: Doc) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
        """(categories, natures) with probabilities, best first; natures empty without a model.
        The features are computed once: the nature model's are the category model's plus its
        own closing block when both share vocabulary and IDF (`nature_featurizer`)."""
        cat_feat = self.category.featurizer
        vector = cat_feat.vector(doc)
        categories = self.categories(doc, vector)
        if self.nature is None:
            return categories, []
        nat_feat = self.nature.featurizer
        if nat_feat is cat_feat:
            return categories, self.nature.ranked(doc, vector)
        if extends(nat_feat, cat_feat):
            more = nat_feat.vector(doc, start=len(cat_feat.block_weights))
            vector = (np.concatenate((vector[0], more[0])), np.concatenate((vector[1], more[1])))
            return categories, self.nature.ranked(doc, vector)
        return categories, self.nature.ranked(doc)

    def predict(self, doc: Doc) -> Prediction:
        categories, natures = self.rank(doc)
        code, conf = categories[0]
        nature, nature_conf = natures[0] if natures else ("", 0.0)
        return Prediction(code, conf, nature, nature_conf)


def extends(feat: Featurizer, base: Featurizer) -> bool:
    """feat's vector is base's followed by feat's further blocks (same vocabulary and IDF)."""
    k = len(base.block_weights)
    return (feat.vocab is base.vocab and feat.idf is base.idf
            and tuple(feat.block_weights[:k]) == tuple(base.block_weights)
            and len(feat.block_weights) > k)


# Weight of the closing block (nlp.features.TAIL_CHARS) in the nature model's features.
NATURE_TAIL_WEIGHT = 1.0


def segment(text: str) -> tuple[str, tuple[str, ...]]:
    """The normalized text and its jieba tokens: a Doc without its terms. Traditional characters
    become simplified first, as the dialog does with every message (`nlp.hanzi.to_simplified`),
    so training, `petition-bot eval` and the console read a text as the live path does."""
    norm = normalize(to_simplified(text))
    return norm, tuple(JiebaTools.tokens(norm))


def prepare(text: str) -> Doc:
    """Normalize and segment once; every model and the keywords share the result."""
    return Doc(*segment(text))


def _docs(prepared: Sequence[tuple[str, tuple[str, ...]]]) -> Iterator[Doc]:
    """Documents made one at a time from (normalized text, tokens)."""
    return (Doc(text, tokens) for text, tokens in prepared)


SMALL_CORPUS = 3000  # examples; below this, terms seen in one example only are kept


def train_model(
    examples: Sequence[Example], min_df: int | None = None, nb_view: bool = True
) -> TrainedModel:
    """Train on examples as labelled (labels are not mapped; callers map them to codes).

    min_df (fewest examples a term must occur in to be a feature) is by default 1 for small
    corpora, where rare words carry much of the signal, else 2, where they are mostly noise.
    Measured: county dev set 0.913 (min_df 1) vs 0.892 (2) with 587 examples, 0.928 vs 0.918
    with the 1,971 written and composed ones (holdout 0.894 either way, 82% vs 77% auto-sent);
    Teddy Cup test 0.910 (1) vs 0.911 (2) with 1,842.

    nb_view adds the category model's second view (`TrainedModel.category_nb`): the same
    features weighted by how concentrated each is on one category (`nlp.learner.nb_weights`),
    averaged with the first in logit space. Measured in one run: Teddy Cup 0.911 -> 0.922
    accuracy, 0.907 -> 0.922 macro-F1; county holdout 0.904 -> 0.923, composed held-out 0.785 ->
    0.833, dev 0.954 -> 0.949; about 0.6 s more training. (The weighted view alone gives Teddy
    0.928 but the dev set 0.933; the nature model loses with it, so it keeps one view.)

    The nature model is trained when at least two natures occur among the examples that have
    one. jieba should already carry the user dictionary (`Classifier.load` or `load_jieba`), so
    that training and classification segment alike.
    """
    if not examples:
        raise ValueError("no examples to train on")
    if min_df is None:
        min_df = 1 if len(examples) < SMALL_CORPUS else 2
    # One vocabulary (the closing block's terms included) and one matrix of all four blocks;
    # the category model reads the first three, the nature model all four. The documents'
    # terms (a string per n-gram: all of them at once were training's largest objects) exist
    # one document at a time: only the normalized texts and their tokens are kept.
    prepared = [segment(e.text) for e in examples]
    every_block = Featurizer.fit(_docs(prepared), min_df=min_df, blocks=BLOCKS + 1)
    features = Featurizer(every_block.vocab, every_block.idf, every_block.block_weights)
    nature_features = Featurizer(features.vocab, features.idf,
                                 (*features.block_weights, NATURE_TAIL_WEIGHT))
    # float32 like the Gram matrix (nlp.learner.GRAM_DTYPE): a third less memory per entry
    x_all = nature_features.matrix(_docs(prepared)).astype(np.float32)
    del prepared
    blocks = column_blocks(features.vocab)
    x = keep_blocks(x_all, blocks, range(BLOCKS))
    weights = [e.weight for e in examples]
    plain = all(w == 1.0 for w in weights)
    # Examples of composition files saying `category = false` train the nature model only.
    cat_rows = np.array([i for i, e in enumerate(examples) if e.for_category], dtype=np.int64)
    if not len(cat_rows):
        raise ValueError("no examples for the category model")
    shared = len(cat_rows) == len(examples)  # then the models share x and the Gram matrix
    x_cat = x if shared else x[cat_rows]
    labels = [examples[i].category for i in cat_rows]
    sample_weights = None if plain else [weights[i] for i in cat_rows]
    # one n x n matrix at a time: all examples' first (the nature model's, and the category
    # model's when it reads them all), then the category's own when it has its own rows
    gram = gram_matrix(x)
    category = (LinearTextModel.fit_matrix(features, x, gram, labels, sample_weights)
                if shared else None)
    rows = np.array([i for i, e in enumerate(examples) if e.nature], dtype=np.int64)
    with_nature = rows.tolist()
    nature = None
    if len({examples[i].nature for i in with_nature}) >= 2:
        every = len(with_nature) == len(examples)  # then no copies of x and the Gram matrix
        # the closing block's columns are disjoint from the others, so the nature model's Gram
        # matrix is gram + x_tail x_tail^T, added in place (no second n x n matrix)
        gram_matrix(keep_blocks(x_all, blocks, [BLOCKS]), add_to=gram)
        nature = LinearTextModel.fit_matrix(
            nature_features, x_all if every else x_all[rows],
            gram if every else gram[np.ix_(rows, rows)],
            [examples[i].nature for i in with_nature],
            None if plain else [weights[i] for i in with_nature],
        )
    del gram, x_all  # before the next Gram matrix: one n x n matrix at a time
    if category is None:
        category = LinearTextModel.fit_matrix(features, x_cat, gram_matrix(x_cat), labels,
                                              sample_weights)
    category_nb = _nb_view(features, x_cat, blocks, labels, sample_weights) if nb_view else None
    info = {
        "trained_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "examples": len(examples),
        "category_examples": len(cat_rows),
        "nature_examples": len(with_nature),
    }
    return TrainedModel(category, nature, info, category_nb)


def _nb_view(features: Featurizer, x, blocks, labels: list[str],
             sample_weights: list[float] | None) -> LinearTextModel:
    """The category model's second view: features weighted by how concentrated each is on one
    category (`nlp.learner.nb_weights`), its own ridge model on its own Gram matrix."""
    factors = nb_weights(x, labels)
    weighted = Featurizer(features.vocab, features.idf * factors, features.block_weights)
    x_nb = reweighted(x, blocks, factors, features.block_weights)
    return LinearTextModel.fit_matrix(weighted, x_nb, gram_matrix(x_nb), labels, sample_weights)


# Staff decisions as training data (`petition-bot train`): a decision repeating a training text
# teaches nothing new, and a console's worth of decisions must not outweigh the county's curated
# examples; corrections and confirmations of the model may weigh differently. Measured with
# config/nlp/dev.csv standing in for the decisions: tests/bench/bench_nlp.py.
# Measured (dev.csv as 195 decisions): confirmations at half weight did not gain over full
# weight (holdout 0.923 -> 0.913 with, 0.923 without; composed held-out 0.897 / 0.900), so
# both weigh 1 and the gain comes from leaving out repeats and capping the total.
STAFF_CORRECTION_WEIGHT = 1.0
STAFF_AGREEMENT_WEIGHT = 1.0
STAFF_MAX_SHARE = 0.5  # of the other examples' total weight


@dataclass(frozen=True, slots=True)
class WeighedDecisions:
    examples: list[Example]
    corrections: int
    agreements: int
    duplicates: int


def weigh_decisions(model: TrainedModel, decisions: Sequence[Example],
                    others: Sequence[Example]) -> WeighedDecisions:
    """The staff decisions as weighted examples: those whose text is already among `others`
    (the shipped and given examples) left out; a decision differing from `model`'s proposal
    (category, or nature when staff gave one) weighs STAFF_CORRECTION_WEIGHT, one agreeing
    STAFF_AGREEMENT_WEIGHT; all scaled down together to at most STAFF_MAX_SHARE of the other
    examples' weight."""
    seen = {normalize(e.text) for e in others}
    out, corrections, duplicates = [], 0, 0
    for e in decisions:
        if normalize(e.text) in seen:
            duplicates += 1
            continue
        p = model.predict(prepare(e.text))
        agrees = p.category == e.category and (not e.nature or p.nature == e.nature)
        corrections += not agrees
        weight = STAFF_AGREEMENT_WEIGHT if agrees else STAFF_CORRECTION_WEIGHT
        out.append(replace(e, weight=weight))
    total, limit = sum(e.weight for e in out), STAFF_MAX_SHARE * sum(e.weight for e in others)
    if others and total > limit:
        out = [replace(e, weight=e.weight * limit / total) for e in out]
    return WeighedDecisions(out, corrections, len(out) - corrections, duplicates)


def save_model(model: TrainedModel, directory: Path) -> None:
    """Write the model files, then meta.json last: a directory without meta.json has no model,
    so a crash half-way leaves the previous state (default model) rather than a broken one."""
    directory.mkdir(parents=True, exist_ok=True)
    meta_path = directory / MODEL_META
    meta_path.unlink(missing_ok=True)
    model.category.save(directory, "category")
    if model.category_nb is not None:
        model.category_nb.save(directory, "category_nb")
    if model.nature is not None:
        model.nature.save(directory, "nature")
    meta = dict(model.info, has_nature=model.nature is not None,
                has_category_nb=model.category_nb is not None)
    tmp = directory / (MODEL_META + ".tmp")
    tmp.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(meta_path)


def load_model(directory: Path) -> TrainedModel:
    meta = json.loads((directory / MODEL_META).read_text(encoding="utf-8"))
    category = LinearTextModel.load(directory, "category")
    nature = (LinearTextModel.load(directory, "nature", share_with=category.featurizer)
              if meta.get("has_nature") else None)
    category_nb = (LinearTextModel.load(directory, "category_nb", share_with=category.featurizer)
                   if meta.get("has_category_nb") else None)
    # each model's JSON repeats the vocabulary: its parsed copies were freed, their pages are
    # handed back (measured: a server loading the cached default model 228 -> 221 MiB)
    release_training_memory()
    return TrainedModel(category, nature, meta, category_nb)


def has_model(directory: Path | None) -> bool:
    return directory is not None and (directory / MODEL_META).is_file()


def load_jieba(config_dir: Path, taxonomy: Taxonomy | None = None) -> JiebaTools:
    words = [w for c in taxonomy.categories for w in c.keywords] if taxonomy else []
    return JiebaTools.load(config_dir / "nlp", words)


def example_files(config_dir: Path) -> list[Path]:
    """The written examples (*.csv) and the composition files (*.toml, see nlp.examples)."""
    folder = config_dir / "nlp" / "examples"
    return sorted(folder.glob("*.csv")) + sorted(folder.glob("*.toml"))


def to_taxonomy(examples: Sequence[Example], taxonomy: Taxonomy, where: str) -> list[Example]:
    """Map labels given as code or Chinese name to codes, natures to their Chinese names."""
    out, bad = [], set()
    for e in examples:
        try:
            code = taxonomy.category_code(e.category)
            nature = taxonomy.nature_name(e.nature) if e.nature else ""
        except KeyError as exc:
            bad.add(str(exc.args[0]))
            continue
        out.append(Example(e.text, code, nature, e.weight, e.for_category))
    if bad:
        raise ValueError(f"{where}: labels not in config/taxonomy.toml: {sorted(bad)}")
    return out


def default_examples(config_dir: Path, taxonomy: Taxonomy) -> list[Example]:
    files = example_files(config_dir)
    if not files:
        raise FileNotFoundError(f"no training examples in {config_dir / 'nlp' / 'examples'}")
    written = read_many(f for f in files if f.suffix == ".csv")
    composed = [e for f in files if f.suffix == ".toml" for e in compose(f)]
    return to_taxonomy(written + composed, taxonomy, str(config_dir / "nlp" / "examples"))


def _default_digest(config_dir: Path) -> str:
    """Everything the default model depends on: examples, taxonomy (its keywords go into
    jieba's dictionary), user dictionary, jieba's version and the learning code itself."""
    import hashlib

    import jieba

    import nlp.examples
    import nlp.features
    import nlp.hanzi
    import nlp.learner
    import nlp.textproc

    h = hashlib.sha256(f"jieba {jieba.__version__}\0".encode())
    files = [*example_files(config_dir), config_dir / "taxonomy.toml",
             config_dir / "nlp" / "userdict.txt"]
    files += [Path(m.__file__ or "") for m in (nlp.examples, nlp.features, nlp.hanzi,
                                                     nlp.learner, nlp.textproc)]
    files.append(Path(__file__))
    for f in files:
        h.update(f.name.encode() + b"\0")
        h.update(f.read_bytes() if f.is_file() else b"-")
        h.update(b"\0")
    return h.hexdigest()[:20]


def _default_model(config_dir: Path, taxonomy: Taxonomy, model_dir: Path | None) -> TrainedModel:
    """Train the default model from config/nlp/examples/, or reuse the copy cached under
    model_dir/default-<digest>/ by an earlier start with exactly the same inputs (training takes
    about a second; loading the cached copy a few hundredths). The cache is only an
    optimization: any problem with it means training as if it were not there."""
    cache = None
    if model_dir is not None:
        try:
            cache = model_dir / f"default-{_default_digest(config_dir)}"
            if has_model(cache):
                return load_model(cache)
        except Exception as exc:  # noqa: BLE001 - a cache problem of any kind means: train
            log.info("default model cache not used (%s)", type(exc).__name__)
    model = train_model(default_examples(config_dir, taxonomy))
    if cache is not None:
        _write_cache(model, cache)
    release_training_memory()  # after writing the cache too: its JSON is the vocabulary again
    return model


def release_training_memory() -> None:
    """Give the training's scratch memory (n x n matrices) back to the system: glibc keeps freed
    blocks of that size in the heap, so a server that trained its default model at start stayed
    ~45 MiB larger than one that loaded it (measured: 272 -> 228 MiB; 195 MiB loading a cached
    model). Nothing happens where glibc is not the C library."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _write_cache(model: TrainedModel, cache: Path) -> None:
    # Written aside and renamed, so that other processes starting at the same time see either
    # no cache or a complete one.
    tmp = cache.with_name(f"{cache.name}.tmp-{os.getpid()}")
    try:
        save_model(model, tmp)
        try:
            tmp.rename(cache)
        except OSError:  # another process was first
            shutil.rmtree(tmp, ignore_errors=True)
        for old in cache.parent.glob("default-*"):
            if old != cache and ".tmp-" not in old.name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        log.info("default model not cached (%s)", type(exc).__name__)


@dataclass(frozen=True, slots=True)
class ClassifierSettings:
    default_threshold: float
    keywords_top_k: int
    multi_department_min_second: float
    multi_department_min_other_keywords: int = 2
    nature_threshold: float = 0.0
    pushed_around: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def load(cls, path: Path) -> ClassifierSettings:
        raw = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        nature_threshold = float(raw.get("nature_threshold", 0.0))
        if not 0 <= nature_threshold <= 1:
            raise ValueError(f"{path}: nature_threshold must be in [0, 1]")
        try:
            pushed = tuple(re.compile(p) for p in raw.get("pushed_around", ()))
        except re.error as exc:
            raise ValueError(f"{path}: pushed_around: {exc}") from exc
        return cls(
            float(raw.get("default_threshold", 0.92)),
            int(raw.get("keywords_top_k", 8)),
            float(raw.get("multi_department_min_second", 0.2)),
            int(raw.get("multi_department_min_other_keywords", 2)),
            nature_threshold,
            pushed,
        )


class Classifier:
    """Load once at start-up; `analyze` is then pure and fast."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        legal: LegalRules,
        tools: JiebaTools,
        model: TrainedModel,
        threshold: float,
        settings: ClassifierSettings,
        source: str,
        colour_rule: ColourRule | None = None,
    ) -> None:
        known = {c.code for c in taxonomy.categories}
        if not set(model.category.labels) <= known:
            raise ValueError("model categories are not in the taxonomy")
        self.taxonomy = taxonomy
        self.legal = legal
        self.tools = tools
        self.model = model
        self.threshold = threshold
        self.settings = settings
        self.source = source  # "installed" (model_dir) or "default" (config examples)
        # The county's 四色 rule (config/colour_rule.toml); without one, each nature's colour.
        self.colour_rule = colour_rule or ColourRule.from_natures(taxonomy.natures)
        self._category_words = {c.code: c.keywords for c in taxonomy.categories}
        self._department_words = [
            (dep, words) for c in taxonomy.categories for dep, words in c.department_keywords.items()
        ]

    @classmethod
    def load(
        cls,
        config_dir: Path,
        model_dir: Path | None = None,
        threshold: float | None = None,
    ) -> Classifier:
        started = time.perf_counter()
        taxonomy = Taxonomy.load(config_dir / "taxonomy.toml")
        legal = LegalRules.load(
            config_dir / "nlp" / "legal_paths.toml", {c.code for c in taxonomy.categories}
        )
        settings = ClassifierSettings.load(config_dir / "nlp" / "classifier.toml")
        colour_rule = ColourRule.load(config_dir / "colour_rule.toml",
                                      frozenset(n.name for n in taxonomy.natures))
        tools = load_jieba(config_dir, taxonomy)
        model, source = None, "default"
        if model_dir is not None and has_model(model_dir):
            try:
                model = load_model(model_dir)
                known = {c.code for c in taxonomy.categories}
                if not set(model.category.labels) <= known:
                    raise ValueError("its categories are not those of config/taxonomy.toml")
                source = "installed"
            except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
                # A stale or damaged model must not stop intake: the default model still works.
                log.warning("installed model in %s not used (%s); training the default", model_dir,
                            exc)
                model = None
        if model is None:
            model = _default_model(config_dir, taxonomy, model_dir)
        if threshold is None or threshold <= 0:
            threshold = settings.default_threshold
        if not 0 < threshold <= 1:
            raise ValueError(f"nlp.threshold must be in (0, 1], got {threshold}")
        log.info(
            "classifier ready: %s model, %d categories, threshold %.2f, %.2f s",
            source, len(model.category.labels), threshold, time.perf_counter() - started,
        )
        return cls(taxonomy, legal, tools, model, threshold, settings, source, colour_rule)

    # ---- analysis -------------------------------------------------------------------------
    def predict(self, text: str) -> Prediction:
        """What `petition-bot eval` scores: the analysis's category, nature and `auto`."""
        a = self.analyze(text)
        return Prediction(a.category_code, a.confidence, a.nature, a.nature_confidence, a.auto)

    def analyze(self, text: str) -> Analysis:
        doc = prepare(text)
        ranked, natures = self.model.rank(doc)
        code, confidence = ranked[0]
        category = self.taxonomy.category(code)
        if natures:
            nature_name, nature_conf = natures[0]
        else:  # a model trained without natures: the most common request, flagged as unsure
            nature_name, nature_conf = "求决", 0.0
        nature = self.taxonomy.nature(nature_name)
        confidence = round(confidence, 4)  # what staff see is what the threshold was compared to
        nature_conf = round(nature_conf, 4)
        keywords = self.tools.keywords(doc.tokens, self.settings.keywords_top_k)
        review = []
        if confidence < self.threshold:
            review.append("category")
        if nature_conf < self.settings.nature_threshold or not natures:
            review.append("nature")  # staff confirm the nature (and so the colour) too
        if not keywords:
            # A text with no keyword at all ("我想反映个问题", "你好") says nothing about the
            # matter, however confident the model is on its few characters: staff decide.
            review.append("no_keywords")
        multi = self.multi_department(doc.text, ranked)
        return Analysis(
            category_code=code,
            category_name=category.name,
            departments=category.departments,
            confidence=confidence,
            nature=nature.name,
            nature_confidence=nature_conf,
            color=self.colour_rule.colour(nature.name, multi_department=bool(multi),
                                          text=doc.text),
            multi_department=bool(multi),
            keywords=keywords,
            legal_path=self.legal.select(doc.text, code, nature.name),
            auto=not review,
            alternatives=tuple((c, round(p, 4)) for c, p in ranked[1:3]),
            multi_department_reason=multi,
            review=tuple(review),
        )

    def multi_department(self, text: str, ranked: list[tuple[str, float]]) -> str:
        """Why the matter needs several departments ("" when it does not): the citizen says the
        departments push it to each other; or names two departments; or the matter touches
        several categories (keywords of the proposed one and of another), so the taxonomy
        routes it to the departments of each."""
        if any(p.search(text) for p in self.settings.pushed_around):
            return "pushed_around"
        named = {dep for dep, words in self._department_words if any(w in text for w in words)}
        if len(named) >= 2:
            return "departments_named"
        first, (second, p2) = ranked[0][0], ranked[1]
        if not any(w in text for w in self._category_words[first]):
            return ""
        if p2 >= self.settings.multi_department_min_second and any(
            w in text for w in self._category_words[second]
        ):
            return "categories"
        need = self.settings.multi_department_min_other_keywords
        if any(
            sum(1 for w in words if w in text) >= need
            for code, words in self._category_words.items()
            if code != first
        ):
            return "categories"
        return ""
