"""The test suite; mirrors the pipeline package."""
