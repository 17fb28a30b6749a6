"""The timeline under the video: one lane per code, bars and ticks, a cursor, click to jump."""
