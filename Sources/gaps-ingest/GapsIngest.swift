// Placeholder until the stage's command is written.
print("gaps-ingest: not built yet")
