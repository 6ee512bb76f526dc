"""成果库: technical achievements, enterprises' technical needs, and the 对接 between them
(need → candidates → meeting → agreement, each step an event with its person)."""
