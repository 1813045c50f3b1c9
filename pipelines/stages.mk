# The pipeline's dependency graph, shared by every pipelines/<name>.mk.
#
# A pipeline file sets:
#   OUT          where outputs go (e.g. out/my-la)
#   CTF_DIR      folder of CTF XML files (*.xml), one per school export; may be empty or absent
#   EXTRACT_DIR  folder of NPD-style CSV extracts (*.csv); may be empty or absent
# and optionally INGEST_FLAGS, NORMALISE_FLAGS, AGGREGATE_FLAGS, RENDER_FLAGS, then includes this file.
#   AGGREGATE_FLAGS  e.g. --national <file>, --intersections two (see gaps-aggregate --help); changing them reruns
#                    aggregate and render
#   PROVISION    optional provision CSV (columns UPN, intervention: pupils receiving support), passed to
#                gaps-render --provision; a change to it reruns render only
#
# Each input file is ingested on its own, so touching one school's CTF reruns ingest for that file only and
# then the stages downstream. Every stage writes manifest.json last; it is the stage's target.
# File names must not contain spaces (Make cannot express them).

BIN ?= .build/release
GAPS_INGEST := $(BIN)/gaps-ingest
GAPS_NORMALISE := $(BIN)/gaps-normalise
GAPS_AGGREGATE := $(BIN)/gaps-aggregate
GAPS_RENDER := $(BIN)/gaps-render

CTF_FILES := $(if $(CTF_DIR),$(wildcard $(CTF_DIR)/*.xml))
EXTRACT_FILES := $(if $(EXTRACT_DIR),$(wildcard $(EXTRACT_DIR)/*.csv))
INGESTED := $(patsubst $(CTF_DIR)/%.xml,$(OUT)/ingest/ctf/%/manifest.json,$(CTF_FILES)) \
            $(patsubst $(EXTRACT_DIR)/%.csv,$(OUT)/ingest/extract/%/manifest.json,$(EXTRACT_FILES))

ifeq ($(strip $(INGESTED)),)
$(error no inputs: set CTF_DIR and/or EXTRACT_DIR to folders holding *.xml / *.csv files)
endif

.PHONY: report
report: $(OUT)/report/manifest.json
	@echo "Report: $(abspath $(OUT)/report/index.html)"

$(OUT)/ingest/ctf/%/manifest.json: $(CTF_DIR)/%.xml $(GAPS_INGEST)
	$(GAPS_INGEST) $< --out $(@D) $(INGEST_FLAGS)

$(OUT)/ingest/extract/%/manifest.json: $(EXTRACT_DIR)/%.csv $(GAPS_INGEST) $(wildcard pipelines/profiles/*.json)
	$(GAPS_INGEST) $< --out $(@D) $(INGEST_FLAGS)

$(OUT)/normalise/manifest.json: $(INGESTED) $(GAPS_NORMALISE)
	$(GAPS_NORMALISE) $(patsubst %/,%,$(dir $(INGESTED))) --out $(@D) $(NORMALISE_FLAGS)

# A change of AGGREGATE_FLAGS in the pipeline file (say `--intersections two`) reruns aggregate and render: the
# flags are kept in $(OUT)/aggregate-flags, rewritten (so newer) only when they differ. Flags must not contain '.
AGGREGATE_FLAGS_FILE := $(OUT)/aggregate-flags
$(shell mkdir -p $(OUT) && { test "$$(cat $(AGGREGATE_FLAGS_FILE) 2>/dev/null)" = '$(strip $(AGGREGATE_FLAGS))' || printf '%s\n' '$(strip $(AGGREGATE_FLAGS))' > $(AGGREGATE_FLAGS_FILE); })

$(OUT)/aggregate/manifest.json: $(OUT)/normalise/manifest.json $(GAPS_AGGREGATE) $(AGGREGATE_FLAGS_FILE)
	$(GAPS_AGGREGATE) $(<D) --out $(@D) $(AGGREGATE_FLAGS)

RENDER_FLAGS += $(if $(PROVISION),--provision $(PROVISION))

$(OUT)/report/manifest.json: $(OUT)/aggregate/manifest.json $(GAPS_RENDER) $(PROVISION)
	$(GAPS_RENDER) $(<D) --out $(@D) $(RENDER_FLAGS)
