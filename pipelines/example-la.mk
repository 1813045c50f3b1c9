# A template for your own authority. Copy it to pipelines/<your-la>.mk, point the folders at your files and run
# `make pipeline P=<your-la>`. Outputs hold pupil-level data: keep OUT on an access-controlled disk.
OUT := out/example-la
CTF_DIR := /path/to/ctf-exports
EXTRACT_DIR := /path/to/npd-extracts
# Optional flags passed to each stage (see `.build/release/gaps-<stage> --help`):
# INGEST_FLAGS := --assessment-map pipelines/config/my-assessment-map.csv
# NORMALISE_FLAGS := --chinese-as-own-group
# AGGREGATE_FLAGS := --min-denominator 6 --min-numerator 3 --national path/to/ks2-national.csv --national path/to/ks4-national.csv --intersections three
#   (national files, one per key stage or one with a key_stage column: see docs/national-input.md; download the
#   figures from Explore Education Statistics)
#   (--intersections two: leave out the three-way sex x disadvantage x ethnicity groups, for a large LA;
#    docs/outputs-breakdowns.md)
# PROVISION := /path/to/provision.csv
#   (optional: columns UPN, intervention; the report counts entitled pupils receiving support; docs/outputs.md)
include pipelines/stages.mk
