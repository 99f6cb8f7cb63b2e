"""A seeded, deterministic synthetic corpus: perturbed sample transcriptions rendered to PDF
with their expected facts, so a benchmark at scale also proves correctness at scale."""
