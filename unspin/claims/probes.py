"""Team-written sentences the trainer scores with the fitted model; the
scores are saved in ``unspin/models/claims/train_report.json`` so a test can
check that the numpy scorer reproduces the training-time model exactly."""

PROBE_SENTENCES = [
    "Unemployment fell to 3.9 percent last month, the lowest level in a decade.",
    "We spend more on defence than the next nine countries combined.",
    "Thank you all for coming tonight.",
    "I think that's a great question.",
    "The ministry said 1,200 soldiers were killed in the offensive.",
    "Russian forces captured the village of Novoselivka on Tuesday, the general staff reported.",
    "My opponent voted against the tax cut eleven times.",
    "Let me be clear about one thing.",
    "Crime in our cities has doubled since 2019.",
    "What a wonderful crowd.",
    "The factory closed in March and 400 workers lost their jobs.",
    "He said it, not me.",
    "",
]
