# The bundled synthetic local authority (see fixtures/demo/README.md). Run with `make demo`.
OUT := out/demo
CTF_DIR := fixtures/demo/ctf
# Every *.csv in it is an input (stages.mk): the KS2 extracts, the KS4 pupil file and its pupils' KS2 (2019) and
# KS1 levels (2015) extracts.
EXTRACT_DIR := fixtures/demo/npd
# National comparators (KS2; KS1 and KS4): ILLUSTRATIVE values, not DfE statistics (fixtures/national/README.md).
NATIONAL := fixtures/national/ks2-national-example.csv fixtures/national/ks1-ks4-national-example.csv
AGGREGATE_FLAGS := $(foreach file,$(NATIONAL),--national $(file))
# Interventions for some entitled demo pupils: SYNTHETIC (fixtures/provision/README.md).
PROVISION := fixtures/provision/demo-provision.csv
include pipelines/stages.mk

# A changed national file reruns aggregate and render.
$(OUT)/aggregate/manifest.json: $(NATIONAL)
