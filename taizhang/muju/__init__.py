"""亩均论英雄: enterprises evaluated per mu of land and graded A/B/C/D by a district's versioned
scheme (muju/schemes/*.toml). engine/ is pure: figures and a scheme in, scores, grades and their
reasons out."""
