// Placeholder until the stage's command is written.
print("gaps-render: not built yet")
