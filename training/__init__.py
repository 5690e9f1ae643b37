"""The training pipeline of the shipped emotion model, run as modules from the repository
root (`python -m training.train`, `python -m training.reproduce`, ...): see
training/README.md. Experiments tried and not kept are in `training.experiments`."""
