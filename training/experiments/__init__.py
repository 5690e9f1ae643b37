"""Experiments tried and not kept (`python -m training.experiments.<name>`): see
training/experiments/README.md and docs/experiments.md."""
