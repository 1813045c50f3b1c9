// Placeholder until the stage's command is written.
print("gaps-normalise: not built yet")
