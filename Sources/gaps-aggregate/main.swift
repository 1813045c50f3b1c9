// Placeholder until the stage's command is written.
print("gaps-aggregate: not built yet")
