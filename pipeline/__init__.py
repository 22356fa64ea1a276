"""The manifesto pipeline: source -> model -> localised model -> document -> files."""
