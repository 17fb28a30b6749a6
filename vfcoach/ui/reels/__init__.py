"""The reel editor: a visit's highlight reels, their clips, and export to one MP4."""
