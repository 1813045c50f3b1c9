# The bundled synthetic local authority (see fixtures/demo/README.md). Run with `make demo`.
OUT := out/demo
CTF_DIR := fixtures/demo/ctf
EXTRACT_DIR := fixtures/demo/npd
include pipelines/stages.mk
