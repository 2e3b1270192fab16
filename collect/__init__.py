"""zoobench.collect: measures models with PyTorch and writes measurement files (needs the `collect` extra)."""
