"""Video playback with sound (Qt Multimedia) and exact frames when paused (the video core)."""
