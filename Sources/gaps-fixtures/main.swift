// Placeholder until the stage's command is written.
print("gaps-fixtures: not built yet")
