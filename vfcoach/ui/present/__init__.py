"""The locked caregiver presentation window: a rendered reel and its captions, nothing else."""
